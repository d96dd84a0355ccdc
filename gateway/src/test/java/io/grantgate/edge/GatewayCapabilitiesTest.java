package io.grantgate.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantgate.protocol.constant.Capabilities;
import io.grantgate.protocol.constant.CapabilityFlag;
import org.junit.jupiter.api.Test;

class GatewayCapabilitiesTest {

    @Test
    void aMariaDbBackendsMetadataCachingIsOfferedInItsExtendedBits() {
        Capabilities mariaDb = Capabilities.of(CapabilityFlag.values()).without(CapabilityFlag.CLIENT_LONG_PASSWORD);
        Capabilities offered = GatewayCapabilities.offered(mariaDb);
        assertThat(offered.carriesMariaDbExtension()).isTrue();
        assertThat(offered.contains(CapabilityFlag.MARIADB_CLIENT_CACHE_METADATA))
                .isTrue();
        assertThat(offered.contains(CapabilityFlag.MARIADB_CLIENT_EXTENDED_METADATA))
                .as("not relayed")
                .isFalse();
        assertThat(offered.contains(CapabilityFlag.CLIENT_COMPRESS)).isFalse();
    }

    @Test
    void aMySqlGreetingCarriesNoMariaDbBits() {
        Capabilities offered = GatewayCapabilities.offered(Capabilities.of(CapabilityFlag.values()));
        assertThat(offered.contains(CapabilityFlag.CLIENT_LONG_PASSWORD)).isTrue();
        assertThat(offered.mariaDbExtended()).isZero();
        assertThat(offered.contains(CapabilityFlag.CLIENT_SSL)).isTrue();
    }
}
