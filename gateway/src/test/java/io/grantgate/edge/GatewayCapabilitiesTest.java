package io.grantgate.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantgate.protocol.constant.Capabilities;
import io.grantgate.protocol.constant.CapabilityFlag;
import org.junit.jupiter.api.Test;

class GatewayCapabilitiesTest {

    @Test
    void aMariaDbBackendsExtensionsAreOfferedInItsExtendedBits() {
        Capabilities mariaDb = Capabilities.of(CapabilityFlag.values()).without(CapabilityFlag.CLIENT_LONG_PASSWORD);
        Capabilities offered = GatewayCapabilities.offered(mariaDb);
        assertThat(offered.carriesMariaDbExtension()).isTrue();
        assertThat(offered.contains(CapabilityFlag.MARIADB_CLIENT_CACHE_METADATA))
                .isTrue();
        assertThat(offered.contains(CapabilityFlag.MARIADB_CLIENT_EXTENDED_METADATA))
                .isTrue();
        assertThat(offered.contains(CapabilityFlag.MARIADB_CLIENT_STMT_BULK_OPERATIONS))
                .isTrue();
        assertThat(offered.contains(CapabilityFlag.MARIADB_CLIENT_PROGRESS)).isTrue();
        assertThat(offered.contains(CapabilityFlag.MARIADB_CLIENT_BULK_UNIT_RESULTS))
                .as("not offered: untested on the 11.4 test backend")
                .isFalse();
        assertThat(offered.contains(CapabilityFlag.CLIENT_COMPRESS))
                .as("compression is the gateway's own")
                .isTrue();
        assertThat(offered.contains(CapabilityFlag.CLIENT_QUERY_ATTRIBUTES))
                .as("the triage reads COM_QUERY's text at its first byte")
                .isFalse();
    }

    @Test
    void aMySqlGreetingCarriesNoMariaDbBits() {
        Capabilities offered = GatewayCapabilities.offered(Capabilities.of(CapabilityFlag.values()));
        assertThat(offered.contains(CapabilityFlag.CLIENT_LONG_PASSWORD)).isTrue();
        assertThat(offered.mariaDbExtended()).isZero();
        assertThat(offered.contains(CapabilityFlag.CLIENT_SSL)).isTrue();
    }

    @Test
    void compressionIsOfferedWhateverTheBackendOffersAndZstdOnlyWhenItLoads() {
        Capabilities backend = Capabilities.of(CapabilityFlag.CLIENT_PROTOCOL_41);
        assertThat(GatewayCapabilities.offered(backend, Capabilities.of(CapabilityFlag.CLIENT_COMPRESS))
                        .contains(CapabilityFlag.CLIENT_ZSTD_COMPRESSION_ALGORITHM))
                .isFalse();
        assertThat(GatewayCapabilities.offered(backend).contains(CapabilityFlag.CLIENT_ZSTD_COMPRESSION_ALGORITHM))
                .as("zstd-jni loads on this machine")
                .isEqualTo(ZstdCompressor.available())
                .isTrue();
        assertThat(GatewayCapabilities.offered(backend).contains(CapabilityFlag.CLIENT_COMPRESS))
                .isTrue();
    }
}
