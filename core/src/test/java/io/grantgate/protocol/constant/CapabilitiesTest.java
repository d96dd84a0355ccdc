package io.grantgate.protocol.constant;

import static io.grantgate.protocol.constant.CapabilityFlag.CLIENT_CONNECT_WITH_DB;
import static io.grantgate.protocol.constant.CapabilityFlag.CLIENT_DEPRECATE_EOF;
import static io.grantgate.protocol.constant.CapabilityFlag.CLIENT_MYSQL;
import static io.grantgate.protocol.constant.CapabilityFlag.CLIENT_PLUGIN_AUTH;
import static io.grantgate.protocol.constant.CapabilityFlag.CLIENT_PROTOCOL_41;
import static io.grantgate.protocol.constant.CapabilityFlag.CLIENT_SSL;
import static io.grantgate.protocol.constant.CapabilityFlag.MARIADB_CLIENT_CACHE_METADATA;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class CapabilitiesTest {

    @ParameterizedTest(name = "{0} = 0x{1}")
    @CsvSource({
        "CLIENT_LONG_PASSWORD, 1",
        "CLIENT_CONNECT_WITH_DB, 8",
        "CLIENT_LOCAL_FILES, 80",
        "CLIENT_PROTOCOL_41, 200",
        "CLIENT_SSL, 800",
        "CLIENT_TRANSACTIONS, 2000",
        "CLIENT_SECURE_CONNECTION, 8000",
        "CLIENT_MULTI_STATEMENTS, 10000",
        "CLIENT_MULTI_RESULTS, 20000",
        "CLIENT_PS_MULTI_RESULTS, 40000",
        "CLIENT_PLUGIN_AUTH, 80000",
        "CLIENT_CONNECT_ATTRS, 100000",
        "CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA, 200000",
        "CLIENT_SESSION_TRACK, 800000",
        "CLIENT_DEPRECATE_EOF, 1000000",
        "CLIENT_OPTIONAL_RESULTSET_METADATA, 2000000",
        "CLIENT_ZSTD_COMPRESSION_ALGORITHM, 4000000",
        "CLIENT_QUERY_ATTRIBUTES, 8000000",
        "MULTI_FACTOR_AUTHENTICATION, 10000000",
        "CLIENT_REMEMBER_OPTIONS, 80000000",
        "MARIADB_CLIENT_PROGRESS, 100000000",
        "MARIADB_CLIENT_STMT_BULK_OPERATIONS, 400000000",
        "MARIADB_CLIENT_CACHE_METADATA, 1000000000",
        "MARIADB_CLIENT_BULK_UNIT_RESULTS, 2000000000",
    })
    void flagsHaveTheDocumentedBits(CapabilityFlag flag, String hexMask) {
        assertThat(flag.mask()).isEqualTo(Long.parseLong(hexMask, 16));
        assertThat(CapabilityFlag.fromMask(flag.mask())).contains(flag);
    }

    @ParameterizedTest
    @EnumSource(CapabilityFlag.class)
    void everyFlagIsOneDistinctBit(CapabilityFlag flag) {
        assertThat(Long.bitCount(flag.mask())).isEqualTo(1);
        assertThat(flag.isMariaDbExtension()).isEqualTo(flag.name().startsWith("MARIADB_"));
        assertThat(Arrays.stream(CapabilityFlag.values()).filter(f -> f.mask() == flag.mask()))
                .hasSize(1);
    }

    @Test
    void setOperations() {
        Capabilities server = Capabilities.of(CLIENT_PROTOCOL_41, CLIENT_SSL, CLIENT_PLUGIN_AUTH, CLIENT_DEPRECATE_EOF);
        Capabilities client = Capabilities.of(CLIENT_PROTOCOL_41, CLIENT_PLUGIN_AUTH, CLIENT_CONNECT_WITH_DB);

        Capabilities negotiated = server.intersect(client);

        assertThat(negotiated).isEqualTo(Capabilities.of(CLIENT_PROTOCOL_41, CLIENT_PLUGIN_AUTH));
        assertThat(server.union(client).containsAll(server)).isTrue();
        assertThat(server.without(CLIENT_SSL).contains(CLIENT_SSL)).isFalse();
        assertThat(client.with(CLIENT_SSL).contains(CLIENT_SSL)).isTrue();
        assertThat(negotiated.toSet()).containsExactly(CLIENT_PROTOCOL_41, CLIENT_PLUGIN_AUTH);
        assertThat(negotiated.toInt()).isEqualTo(0x80200);
    }

    @Test
    void mariaDbExtensionTravelsOnlyWithClientMysqlClear() {
        Capabilities mariaDb = Capabilities.fromParts(0x00000200, 0x10);
        Capabilities mysql = Capabilities.of(CLIENT_MYSQL, CLIENT_PROTOCOL_41);

        assertThat(mariaDb.contains(MARIADB_CLIENT_CACHE_METADATA)).isTrue();
        assertThat(mariaDb.mariaDbExtended()).isEqualTo(0x10);
        assertThat(mariaDb.carriesMariaDbExtension()).isTrue();
        assertThat(mysql.carriesMariaDbExtension()).isFalse();
    }

    @Test
    void toStringNamesFlagsAndKeepsUnknownBits() {
        assertThat(new Capabilities(0x200L | 1L << 50))
                .hasToString("Capabilities[CLIENT_PROTOCOL_41, 0x4000000000000]");
    }
}
