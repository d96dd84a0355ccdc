package io.grantgate.edge;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;

/** {@link GatewayMariaDbExtensionsIT} with {@code sessions.relay=thread}: the same, relayed on the sessions' threads. */
class GatewayThreadMariaDbExtensionsIT extends GatewayMariaDbExtensionsIT {

    @BeforeAll
    static void start() throws Exception {
        startWith(Map.of("sessions.relay", "thread"));
    }
}
