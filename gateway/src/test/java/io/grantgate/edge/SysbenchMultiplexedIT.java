package io.grantgate.edge;

import io.grantgate.testing.ClientTools;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link SysbenchIT} with {@code sessions.multiplexing=transaction}: the same tests, the clients' sessions multiplexed. */
@ClientTools.Requires(ClientTools.Tool.SYSBENCH)
class SysbenchMultiplexedIT extends SysbenchIT {

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
