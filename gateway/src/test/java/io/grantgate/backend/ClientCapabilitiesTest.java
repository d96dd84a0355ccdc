package io.grantgate.backend;

import static io.grantgate.protocol.constant.CapabilityFlag.CLIENT_COMPRESS;
import static io.grantgate.protocol.constant.CapabilityFlag.CLIENT_CONNECT_ATTRS;
import static io.grantgate.protocol.constant.CapabilityFlag.CLIENT_CONNECT_WITH_DB;
import static io.grantgate.protocol.constant.CapabilityFlag.CLIENT_DEPRECATE_EOF;
import static io.grantgate.protocol.constant.CapabilityFlag.CLIENT_LOCAL_FILES;
import static io.grantgate.protocol.constant.CapabilityFlag.CLIENT_MYSQL;
import static io.grantgate.protocol.constant.CapabilityFlag.CLIENT_SESSION_TRACK;
import static io.grantgate.protocol.constant.CapabilityFlag.CLIENT_SSL;
import static io.grantgate.protocol.constant.CapabilityFlag.MARIADB_CLIENT_EXTENDED_METADATA;
import static io.grantgate.protocol.constant.CapabilityFlag.MARIADB_CLIENT_PROGRESS;
import static org.assertj.core.api.Assertions.assertThat;

import io.grantgate.protocol.Hex;
import io.grantgate.protocol.PayloadReader;
import io.grantgate.protocol.constant.Capabilities;
import io.grantgate.protocol.message.server.HandshakeV10;
import org.junit.jupiter.api.Test;

/** Which flags go to a backend for a given greeting. */
class ClientCapabilitiesTest {

    /** A MariaDB 11.4 greeting without TLS (scramble replaced by a counter). */
    static final byte[] MARIADB_114 = Hex.bytes("""
            0a                                          # protocol 10
            31 31 2e 34 2e 35 2d 4d 61 72 69 61 44 42 00 # "11.4.5-MariaDB"
            05 00 00 00                                 # connection id 5
            01 02 03 04 05 06 07 08 00                  # scramble part 1, filler
            fe f7                                       # capabilities, low: CLIENT_MYSQL clear
            2d                                          # utf8mb4_general_ci
            02 00                                       # autocommit
            ff 81                                       # capabilities, high
            15                                          # auth plugin data length 21
            00 00 00 00 00 00                           # reserved
            1d 00 00 00                                 # MariaDB extended: PROGRESS BULK EXTENDED_METADATA CACHE_METADATA
            09 0a 0b 0c 0d 0e 0f 10 11 12 13 14 00      # scramble part 2, NUL
            6d 79 73 71 6c 5f 6e 61 74 69 76 65 5f 70 61 73 73 77 6f 72 64 00 # mysql_native_password
            """);

    private static Capabilities mariaDb() throws Exception {
        return HandshakeV10.decode(PayloadReader.of(MARIADB_114)).capabilities();
    }

    @Test
    void alwaysTheBasicsAndNothingUnasked() throws Exception {
        Capabilities chosen = ClientCapabilities.negotiate(Capabilities.NONE, mariaDb(), false, false, false);
        assertThat(chosen).isEqualTo(ClientCapabilities.ALWAYS.without(CLIENT_MYSQL));
        assertThat(chosen.carriesMariaDbExtension()).isTrue();
        assertThat(chosen.mariaDbExtended()).isZero();
    }

    @Test
    void requestedWireFormatBitsPassWhenTheServerHasThem() throws Exception {
        Capabilities requested = Capabilities.of(
                CLIENT_DEPRECATE_EOF,
                CLIENT_SESSION_TRACK,
                CLIENT_LOCAL_FILES,
                MARIADB_CLIENT_EXTENDED_METADATA,
                MARIADB_CLIENT_PROGRESS);
        Capabilities chosen = ClientCapabilities.negotiate(requested, mariaDb(), false, false, false);
        assertThat(chosen.containsAll(requested)).isTrue();
        Capabilities mysql = new Capabilities(0xDFFFFFFFL);
        Capabilities toMySql = ClientCapabilities.negotiate(requested, mysql, false, false, false);
        assertThat(toMySql.contains(MARIADB_CLIENT_PROGRESS)).isFalse();
        assertThat(toMySql.contains(CLIENT_MYSQL)).isTrue();
        assertThat(toMySql.contains(CLIENT_DEPRECATE_EOF)).isTrue();
    }

    @Test
    void neverCompressAndConnectionBitsOnlyWhenUsed() throws Exception {
        Capabilities requested =
                Capabilities.of(CLIENT_COMPRESS, CLIENT_CONNECT_ATTRS, CLIENT_CONNECT_WITH_DB, CLIENT_SSL);
        Capabilities plain = ClientCapabilities.negotiate(requested, mariaDb(), false, false, false);
        assertThat(plain.contains(CLIENT_COMPRESS)).isFalse();
        assertThat(plain.contains(CLIENT_CONNECT_ATTRS)).isFalse();
        assertThat(plain.contains(CLIENT_CONNECT_WITH_DB)).isFalse();
        assertThat(plain.contains(CLIENT_SSL)).isFalse();
        Capabilities all =
                ClientCapabilities.negotiate(Capabilities.NONE, mariaDb().with(CLIENT_SSL), true, true, true);
        assertThat(all.contains(CLIENT_SSL)).isTrue();
        assertThat(all.contains(CLIENT_CONNECT_WITH_DB)).isTrue();
        assertThat(all.contains(CLIENT_CONNECT_ATTRS)).isTrue();
    }

    @Test
    void versionPrefixOfOldMariaDbIsRemoved() {
        assertThat(BackendConnection.withoutReplicationPrefix("5.5.5-10.11.6-MariaDB"))
                .isEqualTo("10.11.6-MariaDB");
        assertThat(BackendConnection.withoutReplicationPrefix("11.4.5-MariaDB")).isEqualTo("11.4.5-MariaDB");
        assertThat(BackendConnection.withoutReplicationPrefix("8.4.3")).isEqualTo("8.4.3");
    }

    @Test
    void credentialsNeverShowThePassword() {
        BackendCredentials credentials =
                new BackendCredentials("gg_xuys_7", new io.grantgate.auth.Secret("hunter2-Gg9"));
        assertThat(credentials.toString()).contains("gg_xuys_7").doesNotContain("hunter2");
    }
}
