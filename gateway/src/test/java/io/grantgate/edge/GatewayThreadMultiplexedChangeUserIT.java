package io.grantgate.edge;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;

/** {@link GatewayMultiplexedChangeUserIT} with {@code sessions.relay=thread}: pinned sessions relayed on their own thread too. */
class GatewayThreadMultiplexedChangeUserIT extends GatewayMultiplexedChangeUserIT {

    @BeforeAll
    static void start() throws Exception {
        startWith(Map.of(
                "sessions.multiplexing", "transaction", "backend.max-connections", "2", "sessions.relay", "thread"));
    }
}
