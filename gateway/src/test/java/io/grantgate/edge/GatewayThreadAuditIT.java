package io.grantgate.edge;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;

/** {@link GatewayAuditIT} with {@code sessions.relay=thread}: plain TCP sessions audited on their own thread too. */
class GatewayThreadAuditIT extends GatewayAuditIT {

    @BeforeAll
    static void start() throws Exception {
        startWith(Map.of("sessions.relay", "thread"));
    }
}
