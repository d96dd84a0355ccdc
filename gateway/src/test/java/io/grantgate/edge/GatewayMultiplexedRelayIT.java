package io.grantgate.edge;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link GatewayRelayIT} with {@code sessions.multiplexing=transaction}: the same tests, the clients' sessions multiplexed. */
class GatewayMultiplexedRelayIT extends GatewayRelayIT {

    @BeforeAll
    static void start() throws Exception {
        startWith(MultiplexedVariant.with(Map.of()));
        MultiplexedVariant.started(gateway);
    }

    @AfterAll
    static void sessionsWereMultiplexed() {
        MultiplexedVariant.assertSessionsWereMultiplexed(gateway);
    }
}
