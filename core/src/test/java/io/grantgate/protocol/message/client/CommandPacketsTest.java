package io.grantgate.protocol.message.client;

import static io.grantgate.protocol.constant.CapabilityFlag.CLIENT_CONNECT_ATTRS;
import static io.grantgate.protocol.constant.CapabilityFlag.CLIENT_PLUGIN_AUTH;
import static io.grantgate.protocol.constant.CapabilityFlag.CLIENT_PROTOCOL_41;
import static io.grantgate.protocol.constant.CapabilityFlag.CLIENT_QUERY_ATTRIBUTES;
import static io.grantgate.protocol.constant.CapabilityFlag.CLIENT_SECURE_CONNECTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grantgate.protocol.Bytes;
import io.grantgate.protocol.Garbage;
import io.grantgate.protocol.Hex;
import io.grantgate.protocol.MalformedPacketException;
import io.grantgate.protocol.PayloadReader;
import io.grantgate.protocol.constant.Capabilities;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** COM_CHANGE_USER, COM_INIT_DB, COM_QUERY and AuthSwitchResponse on annotated bytes. */
class CommandPacketsTest {

    private static final Capabilities NEGOTIATED =
            Capabilities.of(CLIENT_PROTOCOL_41, CLIENT_SECURE_CONNECTION, CLIENT_PLUGIN_AUTH, CLIENT_CONNECT_ATTRS);

    static final byte[] CHANGE_USER = Hex.bytes("""
            11                          # COM_CHANGE_USER
            61 70 70 00                 # user "app"
            14                          # auth response: 20 bytes
            01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10 11 12 13 14
            73 68 6f 70 00              # schema "shop"
            2d 00                       # character set 45
            6d 79 73 71 6c 5f 6e 61 74 69 76 65 5f 70 61 73 73 77 6f 72 64 00   # "mysql_native_password"
            0a 03 5f 6f 73 05 4c 69 6e 75 78                                   # attributes: _os = Linux
            """);

    @Test
    void decodesChangeUser() throws Exception {
        ComChangeUser change = ComChangeUser.decode(PayloadReader.of(CHANGE_USER), NEGOTIATED);

        assertThat(change.username()).isEqualTo("app");
        assertThat(change.authResponse().length()).isEqualTo(20);
        assertThat(change.database()).isEqualTo("shop");
        assertThat(change.characterSet()).hasValue(45);
        assertThat(change.authPluginName()).contains("mysql_native_password");
        assertThat(change.attributes().values()).containsExactly(Map.entry("_os", "Linux"));
        assertThat(change.encode(NEGOTIATED)).isEqualTo(CHANGE_USER);
    }

    @Test
    void changeUserFromAnOldClientStopsAfterTheSchema() throws Exception {
        byte[] bytes = Hex.bytes("11 61 00 00 00"); // user "a", empty auth response, empty schema

        ComChangeUser change = ComChangeUser.decode(PayloadReader.of(bytes), NEGOTIATED);

        assertThat(change)
                .isEqualTo(new ComChangeUser(
                        "a", Bytes.EMPTY, "", OptionalInt.empty(), Optional.empty(), ConnectAttributes.EMPTY));
        assertThat(change.encode(NEGOTIATED)).isEqualTo(bytes);
    }

    @Test
    void initDb() throws Exception {
        byte[] bytes = Hex.bytes("02 73 68 6f 70"); // COM_INIT_DB "shop"

        assertThat(ComInitDb.decode(PayloadReader.of(bytes))).isEqualTo(new ComInitDb("shop"));
        assertThat(new ComInitDb("shop").encode()).isEqualTo(bytes);
        assertThatThrownBy(() -> ComInitDb.decode(PayloadReader.of(Hex.bytes("02 c3 28"))))
                .isInstanceOf(MalformedPacketException.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            plain                           | false | 03 53 45 4c 45 43 54 20 31                        | SELECT 1 |
            attributes, none sent           | true  | 03 00 01 53 45 4c 45 43 54 20 31                  | SELECT 1 | 00 01
            one string attribute (MySQL doc)| true  | 03 01 01 00 01 fe 00 01 61 01 31 53 45 4c 45 43 54 20 31 | SELECT 1 | 01 01 00 01 fe 00 01 61 01 31
            a NULL and an INT attribute     | true  | 03 02 01 01 01 06 00 01 6e 03 00 01 69 2a 00 00 00 53 45 4c 45 43 54 20 31 | SELECT 1 | 02 01 01 01 06 00 01 6e 03 00 01 69 2a 00 00 00
            """)
    void queryFindsTheSqlAfterItsAttributes(String what, boolean attributes, String hex, String sql, String block)
            throws Exception {
        byte[] bytes = Hex.bytes(hex);
        Capabilities capabilities = attributes ? NEGOTIATED.with(CLIENT_QUERY_ATTRIBUTES) : NEGOTIATED;

        ComQuery query = ComQuery.decode(PayloadReader.of(bytes), capabilities);

        assertThat(query.sql()).isEqualTo(sql);
        assertThat(query.attributes()).isEqualTo(Bytes.of(block == null ? new byte[0] : Hex.bytes(block)));
        assertThat(query.encode()).isEqualTo(bytes);
    }

    @Test
    void queriesBuiltByTheGatewayFollowTheCapabilities() {
        assertThat(ComQuery.of("SELECT 1", NEGOTIATED).encode()).isEqualTo(Hex.bytes("03 53 45 4c 45 43 54 20 31"));
        assertThat(ComQuery.of("SELECT 1", NEGOTIATED.with(CLIENT_QUERY_ATTRIBUTES))
                        .encode())
                .isEqualTo(Hex.bytes("03 00 01 53 45 4c 45 43 54 20 31"));
    }

    @Test
    void authSwitchResponseIsTheWholePayload() {
        byte[] bytes =
                Hex.bytes("f4 17 96 1f 79 f3 ac 10 0b da a6 b3 b5 c2 0e ab 59 85 ff b8"); // the MySQL docs' example

        AuthSwitchResponse response = AuthSwitchResponse.decode(PayloadReader.of(bytes));

        assertThat(response.data()).isEqualTo(Bytes.of(bytes));
        assertThat(response.encode()).isEqualTo(bytes);
    }

    @Test
    void garbageIsMalformedAndNothingElse() {
        Garbage.onlyMalformed(CHANGE_USER, p -> ComChangeUser.decode(p, NEGOTIATED));
        Garbage.onlyMalformed(
                Hex.bytes("03 02 01 01 01 06 00 01 6e 03 00 01 69 2a 00 00 00 53"),
                p -> ComQuery.decode(p, NEGOTIATED.with(CLIENT_QUERY_ATTRIBUTES)));
        Garbage.onlyMalformed(
                Hex.bytes("03 01 01 00 01 0c 00 01 61 04 e8 07 01 02 53"), // a DATETIME attribute
                p -> ComQuery.decode(p, NEGOTIATED.with(CLIENT_QUERY_ATTRIBUTES)));
        Garbage.onlyMalformed(Hex.bytes("02 73 68 6f 70"), ComInitDb::decode);
    }
}
