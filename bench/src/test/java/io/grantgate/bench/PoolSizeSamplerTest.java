package io.grantgate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PoolSizeSamplerTest {

    @Test
    void theOpenGaugeIsThePoolSizeWhenTheGatewayHasIt() {
        String text = """
                # HELP grantgate_backend_connections_active
                # TYPE grantgate_backend_connections_active gauge
                grantgate_backend_connections_active 61.0
                grantgate_backend_connections_idle 46.0
                grantgate_backend_connections_open 100.0
                grantgate_backend_connections_opened_total 100.0
                """;

        assertThat(PoolSizeSampler.size(text)).isEqualTo(100);
    }

    @Test
    void anOlderGatewayIsReadAsBorrowedPlusIdle() {
        String text = """
                grantgate_backend_connections_active{node="a"} 3.0
                grantgate_backend_connections_active{node="b"} 2.0
                grantgate_backend_connections_idle 4.0
                grantgate_backend_connections_idleness 9.0
                """;

        assertThat(PoolSizeSampler.size(text)).isEqualTo(9);
    }
}
