package io.grantgate.edge;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;

/** {@link GatewayMultiplexIT} with {@code sessions.relay=thread}: every command relayed on its session's own thread. */
class GatewayThreadMultiplexIT extends GatewayMultiplexIT {

    @BeforeAll
    static void start() throws Exception {
        startWith(Map.of("sessions.relay", "thread"));
    }
}
