package io.grantgate.edge;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;

/** {@link GatewayChangeUserIT} with {@code sessions.relay=thread}: every command relayed on its session's own thread. */
class GatewayThreadChangeUserIT extends GatewayChangeUserIT {

    @BeforeAll
    static void start() throws Exception {
        startWith(Map.of("sessions.relay", "thread"));
    }
}
