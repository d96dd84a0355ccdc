package io.grantgate.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grantgate.auth.AuthPlugin;
import io.grantgate.auth.CachingSha2Scramble;
import io.grantgate.auth.NativePasswordScramble;
import io.grantgate.auth.RsaKeyPair;
import io.grantgate.auth.RsaPasswordCipher;
import io.grantgate.auth.Scramble;
import io.grantgate.auth.Secret;
import io.grantgate.protocol.Bytes;
import io.grantgate.protocol.Hex;
import io.grantgate.protocol.PayloadReader;
import io.grantgate.protocol.constant.Capabilities;
import io.grantgate.protocol.constant.CapabilityFlag;
import io.grantgate.protocol.message.client.ComChangeUser;
import io.grantgate.protocol.message.client.HandshakeResponse41;
import io.grantgate.protocol.message.server.AuthMoreData;
import io.grantgate.protocol.message.server.AuthSwitchRequest;
import io.grantgate.protocol.message.server.ErrPacket;
import io.grantgate.protocol.message.server.HandshakeV10;
import io.grantgate.protocol.message.server.OkPacket;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The client side of the connection phase, against a scripted in-process server. */
class BackendHandshakeTest {

    static final byte[] SCRAMBLE = Hex.bytes("01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10 11 12 13 14");
    static final byte[] SWITCH_SCRAMBLE = Hex.bytes("41 42 43 44 45 46 47 48 49 4a 4b 4c 4d 4e 4f 50 51 52 53 54");
    static final Secret PASSWORD = new Secret("s3cret-Pässword");
    static final BackendCredentials CREDENTIALS = new BackendCredentials("gg_xuys_7", PASSWORD);

    /** MySQL 8.4's greeting capabilities: every MySQL bit but the reserved ones, no MariaDB extension. */
    static final Capabilities MYSQL_84 = new Capabilities(0xDFFFFFFFL);

    static HandshakeV10 greeting(Capabilities capabilities, String plugin) {
        return new HandshakeV10("8.4.3", 42, Bytes.of(SCRAMBLE), capabilities, 255, 0x0002, plugin);
    }

    static byte[] ok(int status) {
        return OkPacket.of(status).encode(Capabilities.of(CapabilityFlag.CLIENT_PROTOCOL_41));
    }

    static byte[] withNul(byte[] scramble) {
        return Arrays.copyOf(scramble, scramble.length + 1);
    }

    private static BackendConnection open(FakeBackend fake, BackendConnectOptions options) throws BackendException {
        return BackendConnection.open(fake.endpoint(), CREDENTIALS, options);
    }

    @Test
    void sendsTheNegotiatedCapabilitiesAndNativeResponse() throws Exception {
        byte[][] response = new byte[1][];
        try (FakeBackend fake = new FakeBackend(peer -> {
            peer.send(
                    0,
                    greeting(MYSQL_84, AuthPlugin.MYSQL_NATIVE_PASSWORD.pluginName())
                            .encode());
            response[0] = peer.read(1);
            peer.send(2, ok(0x0002));
            assertThat(peer.read(0)).containsExactly(0x0E); // COM_PING
            peer.send(1, ok(0x0002));
            assertThat(peer.read(0)).containsExactly(0x01); // COM_QUIT
        })) {
            BackendConnectOptions options = BackendConnectOptions.defaults()
                    .withRequested(
                            Capabilities.of(CapabilityFlag.CLIENT_DEPRECATE_EOF, CapabilityFlag.CLIENT_COMPRESS));
            try (BackendConnection connection = open(fake, options)) {
                connection.ping();
                assertThat(connection.connectionId()).isEqualTo(42);
                assertThat(connection.serverVersion()).isEqualTo("8.4.3");
            }
            fake.awaitScript();
        }
        assertThat(Arrays.copyOf(response[0], 32)).containsExactly(Hex.bytes("""
                05 a2 2f 01   # LONG_PASSWORD LONG_FLAG PROTOCOL_41 TRANSACTIONS SECURE_CONNECTION MULTI_STATEMENTS
                              # MULTI_RESULTS PS_MULTI_RESULTS PLUGIN_AUTH LENENC_CLIENT_DATA, DEPRECATE_EOF: no COMPRESS
                00 00 00 04   # max packet size 64 MiB
                2d            # utf8mb4_general_ci
                00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00   # filler
                00 00 00 00   # no MariaDB extended capabilities
                """));
        HandshakeResponse41 decoded = HandshakeResponse41.decode(PayloadReader.of(response[0]));
        assertThat(decoded.username()).isEqualTo("gg_xuys_7");
        assertThat(decoded.database()).isEmpty();
        assertThat(decoded.authPluginName()).contains("mysql_native_password");
        assertThat(decoded.authResponse().toArray())
                .containsExactly(NativePasswordScramble.respond(PASSWORD.reveal(), Scramble.of(SCRAMBLE)));
    }

    @Test
    void cachingSha2FullAuthenticationOverPlainTcpUsesTheServersRsaKey() throws Exception {
        RsaKeyPair keys = RsaKeyPair.generate();
        try (FakeBackend fake = new FakeBackend(peer -> {
            peer.send(
                    0,
                    greeting(MYSQL_84, AuthPlugin.CACHING_SHA2_PASSWORD.pluginName())
                            .encode());
            HandshakeResponse41 response = HandshakeResponse41.decode(PayloadReader.of(peer.read(1)));
            assertThat(response.authPluginName()).contains("caching_sha2_password");
            assertThat(response.authResponse().toArray())
                    .containsExactly(CachingSha2Scramble.respond(PASSWORD.reveal(), Scramble.of(SCRAMBLE)));
            peer.send(2, AuthMoreData.performFullAuthentication().encode());
            assertThat(peer.read(3)).containsExactly(0x02); // request public key
            peer.send(4, AuthMoreData.publicKey(keys.publicKeyPem()).encode());
            byte[] cipherText = peer.read(5);
            assertThat(RsaPasswordCipher.decrypt(cipherText, Scramble.of(SCRAMBLE), keys.privateKey()))
                    .isEqualTo(PASSWORD.reveal());
            peer.send(6, ok(0x0002));
            peer.read(0); // COM_QUIT
        })) {
            open(fake, BackendConnectOptions.defaults()).close();
            fake.awaitScript();
        }
    }

    @Test
    void cachingSha2FastAuthSuccessIsFollowedByOk() throws Exception {
        try (FakeBackend fake = new FakeBackend(peer -> {
            peer.send(
                    0,
                    greeting(MYSQL_84, AuthPlugin.CACHING_SHA2_PASSWORD.pluginName())
                            .encode());
            peer.read(1);
            peer.send(2, AuthMoreData.fastAuthSuccess().encode());
            peer.send(3, ok(0x0003));
            peer.read(0);
        })) {
            try (BackendConnection connection = open(fake, BackendConnectOptions.defaults())) {
                assertThat(connection.statusFlags()).isEqualTo(0x0003);
            }
            fake.awaitScript();
        }
    }

    @Test
    void followsAnAuthSwitchWithTheNewScramble() throws Exception {
        try (FakeBackend fake = new FakeBackend(peer -> {
            peer.send(
                    0,
                    greeting(MYSQL_84, AuthPlugin.CACHING_SHA2_PASSWORD.pluginName())
                            .encode());
            peer.read(1);
            peer.send(2, new AuthSwitchRequest("mysql_native_password", Bytes.of(withNul(SWITCH_SCRAMBLE))).encode());
            assertThat(peer.read(3))
                    .containsExactly(NativePasswordScramble.respond(PASSWORD.reveal(), Scramble.of(SWITCH_SCRAMBLE)));
            peer.send(4, ok(0x0002));
            peer.read(0);
        })) {
            open(fake, BackendConnectOptions.defaults()).close();
            fake.awaitScript();
        }
    }

    @Test
    void theServersErrIsPassedOnUnchanged() throws Exception {
        ErrPacket denied =
                new ErrPacket(1045, "28000", "Access denied for user 'gg_xuys_7'@'10.0.0.9' (using password: YES)");
        try (FakeBackend fake = new FakeBackend(peer -> {
            peer.send(
                    0,
                    greeting(MYSQL_84, AuthPlugin.MYSQL_NATIVE_PASSWORD.pluginName())
                            .encode());
            peer.read(1);
            peer.send(2, denied.encode(Capabilities.of(CapabilityFlag.CLIENT_PROTOCOL_41)));
        })) {
            assertThatThrownBy(() -> open(fake, BackendConnectOptions.defaults()))
                    .isInstanceOfSatisfying(BackendException.class, e -> {
                        assertThat(e.serverError()).contains(denied);
                        assertThat(e.connectionUsable()).isFalse();
                    });
            fake.awaitScript();
        }
    }

    @Test
    void anUnknownPluginIsRefused() throws Exception {
        try (FakeBackend fake = new FakeBackend(peer -> {
            peer.send(
                    0,
                    greeting(MYSQL_84, AuthPlugin.MYSQL_NATIVE_PASSWORD.pluginName())
                            .encode());
            peer.read(1);
            peer.send(2, new AuthSwitchRequest("client_ed25519", Bytes.of(SWITCH_SCRAMBLE)).encode());
        })) {
            assertThatThrownBy(() -> open(fake, BackendConnectOptions.defaults()))
                    .isInstanceOfSatisfying(BackendException.class, e -> {
                        assertThat(e.errorCode()).isEqualTo(2059);
                        assertThat(e.getMessage()).contains("client_ed25519");
                    });
            fake.awaitScript();
        }
    }

    @Test
    void aConnectionClosedMidHandshakeIsServerLost() throws Exception {
        try (FakeBackend fake = new FakeBackend(peer -> {
            peer.send(
                    0,
                    greeting(MYSQL_84, AuthPlugin.MYSQL_NATIVE_PASSWORD.pluginName())
                            .encode());
            peer.read(1);
            peer.close();
        })) {
            assertThatThrownBy(() -> open(fake, BackendConnectOptions.defaults()))
                    .isInstanceOfSatisfying(BackendException.class, e -> {
                        assertThat(e.errorCode()).isEqualTo(2013);
                        assertThat(e.sqlState()).isEqualTo("08S01");
                        assertThat(e.getCause()).isNotNull();
                    });
            fake.awaitScript();
        }
    }

    @Test
    void aGarbageGreetingIsMalformed() throws Exception {
        try (FakeBackend fake = new FakeBackend(peer -> peer.send(0, Hex.bytes("09 35 2e 30 00")))) {
            assertThatThrownBy(() -> open(fake, BackendConnectOptions.defaults()))
                    .isInstanceOfSatisfying(BackendException.class, e -> {
                        assertThat(e.errorCode()).isEqualTo(2027);
                        assertThat(e.sqlState()).isEqualTo("08S01");
                    });
            fake.awaitScript();
        }
    }

    @Test
    void resetLogsInAgainAsTheSameAccountWithNoSchema() throws Exception {
        try (FakeBackend fake = new FakeBackend(peer -> {
            peer.send(
                    0,
                    greeting(MYSQL_84, AuthPlugin.MYSQL_NATIVE_PASSWORD.pluginName())
                            .encode());
            HandshakeResponse41 response = HandshakeResponse41.decode(PayloadReader.of(peer.read(1)));
            peer.send(2, ok(0x0002));
            ComChangeUser change = ComChangeUser.decode(PayloadReader.of(peer.read(0)), response.capabilities());
            assertThat(change.username()).isEqualTo("gg_xuys_7");
            assertThat(change.database()).isEmpty();
            assertThat(change.authResponse().toArray())
                    .containsExactly(NativePasswordScramble.respond(PASSWORD.reveal(), Scramble.of(SCRAMBLE)));
            peer.send(1, ok(0x0002));
            peer.read(0);
        })) {
            try (BackendConnection connection = open(fake, BackendConnectOptions.defaults())) {
                connection.resetConnection();
                assertThat(connection.isUsable()).isTrue();
            }
            fake.awaitScript();
        }
    }

    @Test
    void queryDiscardsAResultSetAndRefusesLocalInfile() throws Exception {
        Capabilities v41 = Capabilities.of(CapabilityFlag.CLIENT_PROTOCOL_41);
        try (FakeBackend fake = new FakeBackend(peer -> {
            peer.send(
                    0,
                    greeting(MYSQL_84, AuthPlugin.MYSQL_NATIVE_PASSWORD.pluginName())
                            .encode());
            peer.read(1);
            peer.send(2, ok(0x0002));
            peer.read(0);
            peer.send(1, Hex.bytes("01")); // one column
            peer.send(2, Hex.bytes("03 64 65 66 00 00 00 01 31 00 0c 3f 00 01 00 00 00 08 81 00 00 00 00"));
            peer.send(3, Hex.bytes("fe 00 00 02 00")); // EOF after the metadata
            peer.send(4, Hex.bytes("01 31")); // row "1"
            peer.send(5, Hex.bytes("fe 00 00 0a 00")); // EOF, MORE_RESULTS_EXISTS
            peer.send(6, Hex.bytes("fb 2f 65 74 63 2f 70 61 73 73 77 64")); // LOCAL INFILE '/etc/passwd'
            assertThat(peer.read(7)).isEmpty(); // refused
            peer.send(8, OkPacket.of(0x0002).encode(v41));
            peer.read(0);
        })) {
            try (BackendConnection connection = open(fake, BackendConnectOptions.defaults())) {
                assertThat(connection
                                .query("SELECT 1; LOAD DATA LOCAL INFILE '/etc/passwd' INTO TABLE t")
                                .statusFlags())
                        .isEqualTo(0x0002);
            }
            fake.awaitScript();
        }
    }
}
