package io.grantgate.protocol.message.client;

import static io.grantgate.protocol.constant.CapabilityFlag.CLIENT_CONNECT_ATTRS;
import static io.grantgate.protocol.constant.CapabilityFlag.CLIENT_CONNECT_WITH_DB;
import static io.grantgate.protocol.constant.CapabilityFlag.CLIENT_PLUGIN_AUTH;
import static io.grantgate.protocol.constant.CapabilityFlag.CLIENT_PROTOCOL_41;
import static io.grantgate.protocol.constant.CapabilityFlag.CLIENT_SECURE_CONNECTION;
import static io.grantgate.protocol.constant.CapabilityFlag.CLIENT_ZSTD_COMPRESSION_ALGORITHM;
import static io.grantgate.protocol.constant.CapabilityFlag.MARIADB_CLIENT_CACHE_METADATA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grantgate.protocol.Bytes;
import io.grantgate.protocol.Garbage;
import io.grantgate.protocol.Hex;
import io.grantgate.protocol.MalformedPacketException;
import io.grantgate.protocol.PayloadReader;
import io.grantgate.protocol.constant.Capabilities;
import io.grantgate.protocol.constant.CapabilityFlag;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HandshakeResponse41Test {

    /** What the mysql 8.4 client sends for {@code mysql -u root -D test}, with a caching_sha2 scramble. */
    static final byte[] MYSQL_CLIENT = Hex.bytes("""
            8d a6 ff 19                 # capabilities 0x19ffa68d: CONNECT_WITH_DB, PROTOCOL_41, SECURE_CONNECTION,
                                        #   PLUGIN_AUTH, CONNECT_ATTRS, PLUGIN_AUTH_LENENC_CLIENT_DATA, DEPRECATE_EOF ...
            00 00 00 01                 # max packet size 16 MiB
            ff                          # utf8mb4_0900_ai_ci
            00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00   # filler
            72 6f 6f 74 00              # user "root"
            20                          # auth response, string<lenenc>: 32 bytes
            5a 3f 1e 7c 22 90 c4 4d 61 0e 8b 13 a2 77 01 f6
            3c 99 5e 02 ab cd ef 10 32 54 76 98 ba dc fe 01
            74 65 73 74 00              # database "test"
            63 61 63 68 69 6e 67 5f 73 68 61 32 5f 70 61 73 73 77 6f 72 64 00   # "caching_sha2_password"
            20                          # connection attributes, 32 bytes:
            03 5f 6f 73 05 4c 69 6e 75 78                       #   _os = Linux
            0c 5f 63 6c 69 65 6e 74 5f 6e 61 6d 65 08 6c 69 62 6d 79 73 71 6c   #   _client_name = libmysql
            """);

    @Test
    void decodesTheMySqlClientsResponse() throws Exception {
        HandshakeResponse41 response = HandshakeResponse41.decode(PayloadReader.of(MYSQL_CLIENT));

        assertThat(response.capabilities().toInt()).isEqualTo(0x19ffa68d);
        assertThat(response.maxPacketSize()).isEqualTo(16 << 20);
        assertThat(response.characterSet()).isEqualTo(255);
        assertThat(response.username()).isEqualTo("root");
        assertThat(response.authResponse().length()).isEqualTo(32);
        assertThat(response.database()).contains("test");
        assertThat(response.authPluginName()).contains("caching_sha2_password");
        assertThat(response.attributes().values())
                .containsExactly(Map.entry("_os", "Linux"), Map.entry("_client_name", "libmysql"));
        assertThat(response.zstdCompressionLevel()).isEmpty();
        assertThat(response.encode()).isEqualTo(MYSQL_CLIENT);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // flags beyond PROTOCOL_41 | auth response length | expected start of the auth response
        "CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA, 300, fc 2c 01", // string<lenenc>: 0xFC + int<2> 300
        "CLIENT_SECURE_CONNECTION, 20, 14", // int<1> length 20
        "CLIENT_LONG_PASSWORD, 8, 01", // string<NUL>: the bytes themselves, NUL after
    })
    void theAuthResponseHasThreeEncodings(CapabilityFlag flag, int length, String start) throws Exception {
        byte[] auth = new byte[length];
        Arrays.fill(auth, (byte) 0x5A); // no NUL: string<NUL> cannot carry one
        Capabilities capabilities = Capabilities.of(CLIENT_PROTOCOL_41, flag);
        HandshakeResponse41 response = response(capabilities, Bytes.of(auth), Optional.empty(), Optional.empty());

        byte[] encoded = response.encode();

        byte[] expectedStart = Hex.bytes(start);
        byte[] actualStart = Arrays.copyOfRange(encoded, 32 + 5, 32 + 5 + expectedStart.length);
        assertThat(actualStart)
                .isEqualTo(flag == CapabilityFlag.CLIENT_LONG_PASSWORD ? new byte[] {auth[0]} : expectedStart);
        assertThat(HandshakeResponse41.decode(PayloadReader.of(encoded))).isEqualTo(response);
    }

    @Test
    void everyOptionalFieldRoundTrips() throws Exception {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("program_name", "grantgate");
        attributes.put("_pid", "4711");
        Capabilities capabilities = Capabilities.of(
                CLIENT_PROTOCOL_41,
                CLIENT_SECURE_CONNECTION,
                CLIENT_CONNECT_WITH_DB,
                CLIENT_PLUGIN_AUTH,
                CLIENT_CONNECT_ATTRS,
                CLIENT_ZSTD_COMPRESSION_ALGORITHM);
        HandshakeResponse41 response = new HandshakeResponse41(
                capabilities,
                1 << 30,
                45,
                "anwendung",
                Bytes.of(new byte[20]),
                Optional.of("lager"),
                Optional.of("mysql_native_password"),
                new ConnectAttributes(attributes),
                OptionalInt.of(3));

        HandshakeResponse41 decoded = HandshakeResponse41.decode(PayloadReader.of(response.encode()));

        assertThat(decoded).isEqualTo(response);
        assertThat(decoded.attributes().values().keySet()).containsExactly("program_name", "_pid");
    }

    @Test
    void carriesMariaDbsExtendedCapabilitiesInTheFiller() throws Exception {
        Capabilities capabilities =
                Capabilities.of(CLIENT_PROTOCOL_41, CLIENT_SECURE_CONNECTION, MARIADB_CLIENT_CACHE_METADATA);
        HandshakeResponse41 response = response(capabilities, Bytes.EMPTY, Optional.empty(), Optional.empty());

        byte[] encoded = response.encode();

        assertThat(Arrays.copyOfRange(encoded, 28, 32)).isEqualTo(Hex.bytes("10 00 00 00"));
        assertThat(HandshakeResponse41.decode(PayloadReader.of(encoded)).capabilities())
                .isEqualTo(capabilities);
    }

    @Test
    void anSslRequestIsTheSameFirst32Bytes() throws Exception {
        byte[] bytes = Hex.bytes("""
                8d ae ff 19                 # the mysql client's capabilities with CLIENT_SSL (0x0800)
                00 00 00 01 ff
                00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
                """);

        SslRequest request = SslRequest.decode(PayloadReader.of(bytes));

        assertThat(SslRequest.isSslRequest(bytes, bytes.length)).isTrue();
        assertThat(SslRequest.isSslRequest(MYSQL_CLIENT, MYSQL_CLIENT.length)).isFalse();
        assertThat(request.capabilities().contains(CapabilityFlag.CLIENT_SSL)).isTrue();
        assertThat(request.encode()).isEqualTo(bytes);
        assertThat(Arrays.copyOf(MYSQL_CLIENT, 32))
                .isEqualTo(new SslRequest(request.capabilities().without(CapabilityFlag.CLIENT_SSL), 16 << 20, 255)
                        .encode());
        assertThatThrownBy(() -> SslRequest.decode(PayloadReader.of(Arrays.copyOf(MYSQL_CLIENT, 32))))
                .isInstanceOf(MalformedPacketException.class)
                .hasMessageContaining("CLIENT_SSL");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            empty                               |
            shorter than the fixed part         | 8d a6 ff 19 00 00 00 01 ff 00 00 00
            pre-4.1 client                      | 85 24 00 00 00 00 00 01 ff 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 72 00 00
            user without NUL                    | 05 82 00 00 00 00 00 01 ff 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 72 6f 6f 74
            auth length past the end            | 05 82 00 00 00 00 00 01 ff 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 72 00 14 01 02
            lenenc auth of 16 MiB               | 05 82 20 00 00 00 00 01 ff 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 72 00 fd ff ff ff 01
            database announced, missing         | 0d 82 00 00 00 00 00 01 ff 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 72 00 00
            attributes longer than the packet   | 05 82 10 00 00 00 00 01 ff 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 72 00 00 30 03 5f 6f 73
            attribute value past its block      | 05 82 10 00 00 00 00 01 ff 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 72 00 00 03 01 61 05 62
            user not UTF-8                      | 05 82 00 00 00 00 00 01 ff 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 c3 28 00 00
            zstd level announced, missing       | 05 82 00 04 00 00 00 01 ff 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 72 00 00
            """)
    void rejectsGarbageWithATypedException(String what, String hex) {
        byte[] bytes = hex == null ? new byte[0] : Hex.bytes(hex);

        assertThatThrownBy(() -> HandshakeResponse41.decode(PayloadReader.of(bytes)))
                .isInstanceOf(MalformedPacketException.class);
    }

    @Test
    void randomAndDamagedInputIsMalformedAndNothingElse() {
        Garbage.onlyMalformed(MYSQL_CLIENT, HandshakeResponse41::decode);
        Garbage.onlyMalformed(
                Hex.bytes(
                        "8d ae ff 19 00 00 00 01 ff 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"),
                SslRequest::decode);
    }

    @Test
    void fieldsArePresentExactlyWhenTheirFlagIs() {
        Capabilities withoutDb = Capabilities.of(CLIENT_PROTOCOL_41);

        assertThatThrownBy(() -> response(withoutDb, Bytes.EMPTY, Optional.of("test"), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() ->
                        response(withoutDb.with(CLIENT_PLUGIN_AUTH), Bytes.EMPTY, Optional.empty(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> response(
                        withoutDb.with(CLIENT_SECURE_CONNECTION),
                        Bytes.of(new byte[256]),
                        Optional.empty(),
                        Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static HandshakeResponse41 response(
            Capabilities capabilities, Bytes auth, Optional<String> database, Optional<String> plugin) {
        return new HandshakeResponse41(
                capabilities,
                16 << 20,
                255,
                "root",
                auth,
                database,
                plugin,
                ConnectAttributes.EMPTY,
                OptionalInt.empty());
    }
}
