package io.grantgate.edge;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;

/** {@link GatewayBackendCloseIT} with {@code sessions.relay=thread}: idle sessions' backends watched by {@link BackendWatch}. */
class GatewayThreadBackendCloseIT extends GatewayBackendCloseIT {

    @BeforeAll
    static void start() throws Exception {
        startWith(Map.of("sessions.relay", "thread"));
    }
}
