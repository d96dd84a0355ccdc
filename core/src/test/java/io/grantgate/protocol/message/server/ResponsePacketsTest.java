package io.grantgate.protocol.message.server;

import static io.grantgate.protocol.constant.CapabilityFlag.CLIENT_DEPRECATE_EOF;
import static io.grantgate.protocol.constant.CapabilityFlag.CLIENT_OPTIONAL_RESULTSET_METADATA;
import static io.grantgate.protocol.constant.CapabilityFlag.CLIENT_PROTOCOL_41;
import static io.grantgate.protocol.constant.CapabilityFlag.CLIENT_SESSION_TRACK;
import static io.grantgate.protocol.constant.CapabilityFlag.CLIENT_TRANSACTIONS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grantgate.protocol.Bytes;
import io.grantgate.protocol.Garbage;
import io.grantgate.protocol.Hex;
import io.grantgate.protocol.MalformedPacketException;
import io.grantgate.protocol.PayloadReader;
import io.grantgate.protocol.constant.Capabilities;
import io.grantgate.protocol.constant.ServerStatus;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** OK, ERR, EOF and COM_STMT_PREPARE_OK on annotated bytes. */
class ResponsePacketsTest {

    private static final Capabilities V41 = Capabilities.of(CLIENT_PROTOCOL_41);
    private static final Capabilities TRACKING =
            Capabilities.of(CLIENT_PROTOCOL_41, CLIENT_SESSION_TRACK, CLIENT_DEPRECATE_EOF);

    static Stream<Arguments> okPackets() {
        return Stream.of(
                Arguments.of("OK after SET, autocommit on", V41, "00 00 00 02 00 00 00", OkPacket.of(2)),
                Arguments.of(
                        "OK in the place of an EOF (CLIENT_DEPRECATE_EOF)",
                        TRACKING,
                        "fe 00 00 22 00 00 00", // status: AUTOCOMMIT, NO_INDEX_USED
                        new OkPacket(true, 0, 0, 0x22, 0, "", Bytes.EMPTY)),
                Arguments.of(
                        "UPDATE with counts in all three lenenc sizes and an info text",
                        V41,
                        """
                        00                          # header
                        fc fb 00                    # affected rows 251
                        fd 00 00 01                 # last insert id 65536
                        03 00                       # status: IN_TRANS, AUTOCOMMIT
                        01 00                       # one warning
                        52 6f 77 73 20 6d 61 74 63 68 65 64 3a 20 31   # string<EOF> "Rows matched: 1"
                        """,
                        new OkPacket(false, 251, 65536, 3, 1, "Rows matched: 1", Bytes.EMPTY)),
                Arguments.of(
                        "SET autocommit=0 with session tracking",
                        TRACKING,
                        """
                        00 00 00
                        02 40                       # status: AUTOCOMMIT, SESSION_STATE_CHANGED
                        00 00
                        00                          # info: empty string<lenenc>
                        11                          # session state info, 17 bytes:
                        00 0f                       #   SESSION_TRACK_SYSTEM_VARIABLES, 15 bytes
                        0a 61 75 74 6f 63 6f 6d 6d 69 74   # "autocommit"
                        03 4f 46 46                 #   "OFF"
                        """,
                        new OkPacket(
                                false,
                                0,
                                0,
                                0x4002,
                                0,
                                "",
                                Bytes.of(Hex.bytes("00 0f 0a 61 75 74 6f 63 6f 6d 6d 69 74 03 4f 46 46")))),
                Arguments.of(
                        "pre-4.1 client with CLIENT_TRANSACTIONS: status, no warnings",
                        Capabilities.of(CLIENT_TRANSACTIONS),
                        "00 01 00 02 00",
                        new OkPacket(false, 1, 0, 2, 0, "", Bytes.EMPTY)),
                Arguments.of(
                        "neither 4.1 nor transactions: no status at all",
                        Capabilities.NONE,
                        "00 01 00",
                        new OkPacket(false, 1, 0, 0, 0, "", Bytes.EMPTY)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("okPackets")
    void okPacketsDecodeAndEncodeBack(String what, Capabilities capabilities, String hex, OkPacket expected)
            throws Exception {
        byte[] bytes = Hex.bytes(hex);

        OkPacket ok = OkPacket.decode(PayloadReader.of(bytes), capabilities);

        assertThat(ok).isEqualTo(expected);
        assertThat(ok.encode(capabilities)).isEqualTo(bytes);
    }

    @Test
    void errPacketFromTheMySqlDocs() throws Exception {
        byte[] bytes = Hex.bytes("""
                ff                      # header
                48 04                   # error 1096
                23 48 59 30 30 30       # '#' and SQLSTATE HY000
                4e 6f 20 74 61 62 6c 65 73 20 75 73 65 64   # "No tables used"
                """);

        ErrPacket err = ErrPacket.decode(PayloadReader.of(bytes), V41);

        assertThat(err).isEqualTo(new ErrPacket(1096, "HY000", "No tables used"));
        assertThat(err.encode(V41)).isEqualTo(bytes);
    }

    @Test
    void errPacketSentBeforeTheHandshakeHasNoSqlState() throws Exception {
        byte[] bytes = Hex.bytes("ff 6a 04  48 6f 73 74 20 27 31 30 2e 30 2e 30 2e 39 27"); // 1130 "Host '10.0.0.9'"

        ErrPacket err = ErrPacket.decode(PayloadReader.of(bytes), V41);

        assertThat(err).isEqualTo(new ErrPacket(1130, ErrPacket.UNKNOWN_SQL_STATE, "Host '10.0.0.9'"));
        assertThat(err.encode(Capabilities.NONE)).isEqualTo(bytes);
    }

    @Test
    void errPacketRejectsProgressReportsAndBadSqlStates() {
        assertThatThrownBy(() -> ErrPacket.decode(PayloadReader.of(Hex.bytes("ff ff ff 01 02 00 00 00")), V41))
                .isInstanceOf(MalformedPacketException.class)
                .hasMessageContaining("progress");
        assertThatThrownBy(() -> ErrPacket.decode(PayloadReader.of(Hex.bytes("ff 48 04 23 48 59 00 30 30")), V41))
                .isInstanceOf(MalformedPacketException.class);
    }

    @Test
    void eofPacket() throws Exception {
        byte[] bytes = Hex.bytes("fe 01 00 0a 00"); // one warning; status AUTOCOMMIT, MORE_RESULTS_EXISTS

        EofPacket eof = EofPacket.decode(PayloadReader.of(bytes), V41);

        assertThat(eof).isEqualTo(new EofPacket(1, 0x0a));
        assertThat(eof.has(ServerStatus.SERVER_MORE_RESULTS_EXISTS)).isTrue();
        assertThat(eof.encode(V41)).isEqualTo(bytes);
        assertThat(EofPacket.decode(PayloadReader.of(Hex.bytes("fe")), Capabilities.NONE))
                .isEqualTo(new EofPacket(0, 0));
    }

    @Test
    void aLong0xFePacketIsNotAnEof() {
        // a text row whose first value is a length-encoded 0xFE: at least nine bytes
        assertThatThrownBy(() -> EofPacket.decode(PayloadReader.of(Hex.bytes("fe 00 00 00 01 00 00 00 00")), V41))
                .isInstanceOf(MalformedPacketException.class);
    }

    @Test
    void prepareOkFromTheMySqlDocs() throws Exception {
        byte[] bytes = Hex.bytes("""
                00                  # COM_STMT_PREPARE_OK
                01 00 00 00         # statement id 1
                01 00               # one column
                02 00               # two parameters
                00                  # filler
                00 00               # no warnings
                """);

        ComStmtPrepareOk ok = ComStmtPrepareOk.decode(PayloadReader.of(bytes), V41);

        assertThat(ok).isEqualTo(new ComStmtPrepareOk(1, 1, 2, 0, true));
        assertThat(ok.encode(V41)).isEqualTo(bytes);
        Capabilities optional = V41.with(CLIENT_OPTIONAL_RESULTSET_METADATA);
        byte[] skipped = Hex.bytes("00 01 00 00 00 01 00 02 00 00 00 00  00"); // metadata_follows: NONE
        assertThat(ComStmtPrepareOk.decode(PayloadReader.of(skipped), optional).metadataFollows())
                .isFalse();
    }

    @Test
    void authSwitchRequestKeepsThePluginDataAsSent() throws Exception {
        byte[] scramble = Hex.bytes("3d 5c 0e 2a 61 21 52 0b 0c 35 4a 3f 5b 6e 67 74 3c 46 28 62 00");
        byte[] bytes = new io.grantgate.protocol.PayloadWriter()
                .writeInt1(0xFE)
                .writeNulString("mysql_native_password")
                .writeBytes(scramble, 0, scramble.length)
                .toByteArray();

        AuthSwitchRequest request = AuthSwitchRequest.decode(PayloadReader.of(bytes));

        assertThat(request).isEqualTo(new AuthSwitchRequest("mysql_native_password", Bytes.of(scramble)));
        assertThat(request.encode()).isEqualTo(bytes);
    }

    @Test
    void authMoreDataForCachingSha2() throws Exception {
        assertThat(AuthMoreData.decode(PayloadReader.of(Hex.bytes("01 03"))).isFastAuthSuccess())
                .isTrue();
        assertThat(AuthMoreData.decode(PayloadReader.of(Hex.bytes("01 04"))).isPerformFullAuthentication())
                .isTrue();
        assertThat(AuthMoreData.fastAuthSuccess().encode()).isEqualTo(Hex.bytes("01 03"));
        assertThat(AuthMoreData.performFullAuthentication().encode()).isEqualTo(Hex.bytes("01 04"));
        String pem = "-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----\n";
        AuthMoreData key =
                AuthMoreData.decode(PayloadReader.of(AuthMoreData.publicKey(pem).encode()));
        assertThat(key.data().asString(StandardCharsets.US_ASCII)).isEqualTo(pem);
        assertThat(key.isFastAuthSuccess()).isFalse();
    }

    @Test
    void garbageIsMalformedAndNothingElse() {
        Garbage.onlyMalformed(
                Hex.bytes("00 fc fb 00 fd 00 00 01 03 00 01 00 41 42"), p -> OkPacket.decode(p, TRACKING));
        Garbage.onlyMalformed(Hex.bytes("00 fc fb 00 fd 00 00 01 03 00 01 00 41 42"), p -> OkPacket.decode(p, V41));
        Garbage.onlyMalformed(Hex.bytes("ff 48 04 23 48 59 30 30 30 4e 6f"), p -> ErrPacket.decode(p, V41));
        Garbage.onlyMalformed(Hex.bytes("fe 01 00 0a 00"), p -> EofPacket.decode(p, V41));
        Garbage.onlyMalformed(
                Hex.bytes("00 01 00 00 00 01 00 02 00 00 00 00 01"),
                p -> ComStmtPrepareOk.decode(p, V41.with(CLIENT_OPTIONAL_RESULTSET_METADATA)));
        Garbage.onlyMalformed(Hex.bytes("fe 61 62 00 01 02"), AuthSwitchRequest::decode);
        Garbage.onlyMalformed(Hex.bytes("01 03"), AuthMoreData::decode);
    }
}
