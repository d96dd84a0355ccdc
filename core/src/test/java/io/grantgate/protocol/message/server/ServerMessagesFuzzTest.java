package io.grantgate.protocol.message.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.grantgate.protocol.Hex;
import io.grantgate.protocol.MalformedPacketException;
import io.grantgate.protocol.PayloadReader;
import io.grantgate.protocol.constant.Capabilities;
import io.grantgate.protocol.constant.CapabilityFlag;
import io.grantgate.testing.FuzzInput;
import io.grantgate.testing.FuzzSeeds;
import io.grantgate.testing.FuzzSeeds.Seed;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the gateway decodes from a backend: the greeting, OK, ERR, EOF, the auth exchange's
 * AuthSwitchRequest and AuthMoreData, and COM_STMT_PREPARE_OK. A payload decodes or is a
 * {@link MalformedPacketException}; what decodes encodes to bytes that decode to the same message.
 *
 * <p>Input: which decoder (the first byte modulo 7), the negotiated capabilities as int&lt;8&gt;,
 * then the payload.
 */
class ServerMessagesFuzzTest {

    private static final int GREETING = 0;
    private static final int OK = 1;
    private static final int ERR = 2;
    private static final int EOF = 3;
    private static final int AUTH_SWITCH = 4;
    private static final int AUTH_MORE_DATA = 5;
    private static final int PREPARE_OK = 6;

    @FuzzTest
    void serverMessage(byte[] data) throws MalformedPacketException {
        FuzzInput input = new FuzzInput(data);
        int decoder = input.int1() % 7;
        Capabilities capabilities = new Capabilities(input.int8());
        byte[] payload = input.rest();
        try {
            switch (decoder) {
                case GREETING -> {
                    HandshakeV10 greeting = HandshakeV10.decode(PayloadReader.of(payload));
                    assertEquals(greeting, HandshakeV10.decode(PayloadReader.of(greeting.encode())));
                }
                case OK -> roundTrip(OkPacket.decode(PayloadReader.of(payload), capabilities), capabilities);
                case ERR -> {
                    ErrPacket err = ErrPacket.decode(PayloadReader.of(payload), capabilities);
                    byte[] encoded = err.encode(capabilities);
                    ErrPacket again = ErrPacket.decode(PayloadReader.of(encoded), capabilities);
                    assertEquals(err, again);
                    assertArrayEquals(encoded, again.encode(capabilities));
                }
                case EOF -> {
                    EofPacket eof = EofPacket.decode(PayloadReader.of(payload), capabilities);
                    assertEquals(eof, EofPacket.decode(PayloadReader.of(eof.encode(capabilities)), capabilities));
                }
                case AUTH_SWITCH -> {
                    AuthSwitchRequest request = AuthSwitchRequest.decode(PayloadReader.of(payload));
                    assertArrayEquals(payload, request.encode());
                }
                case AUTH_MORE_DATA -> {
                    AuthMoreData more = AuthMoreData.decode(PayloadReader.of(payload));
                    assertArrayEquals(payload, more.encode());
                }
                default -> {
                    ComStmtPrepareOk ok = ComStmtPrepareOk.decode(PayloadReader.of(payload), capabilities);
                    assertEquals(ok, ComStmtPrepareOk.decode(PayloadReader.of(ok.encode(capabilities)), capabilities));
                }
            }
        } catch (MalformedPacketException e) {
            // the backend broke the protocol: the gateway drops the connection
        }
    }

    private static void roundTrip(OkPacket ok, Capabilities capabilities) throws MalformedPacketException {
        byte[] encoded = ok.encode(capabilities);
        OkPacket again = OkPacket.decode(PayloadReader.of(encoded), capabilities);
        assertEquals(ok, again);
        assertArrayEquals(encoded, again.encode(capabilities));
    }

    @Test
    void seedCorpusIsCommitted() {
        assertEquals(List.of(), FuzzSeeds.writeOrCompare(Path.of("src/test/resources"), getClass(), seeds()));
    }

    static List<Seed> seeds() {
        Capabilities mysql = Capabilities.of(
                CapabilityFlag.CLIENT_MYSQL,
                CapabilityFlag.CLIENT_PROTOCOL_41,
                CapabilityFlag.CLIENT_TRANSACTIONS,
                CapabilityFlag.CLIENT_SESSION_TRACK,
                CapabilityFlag.CLIENT_DEPRECATE_EOF,
                CapabilityFlag.CLIENT_OPTIONAL_RESULTSET_METADATA);
        Capabilities old = Capabilities.of(CapabilityFlag.CLIENT_TRANSACTIONS);
        return List.of(
                seed("greeting-mysql-8.4", GREETING, mysql, HandshakeV10Test.MYSQL_84),
                seed("greeting-mariadb-11.4", GREETING, mysql, HandshakeV10Test.MARIADB_114),
                seed("ok", OK, mysql, Hex.bytes("00 01 00 02 00 00 00")),
                seed("ok-session-state", OK, mysql, Hex.bytes("00 00 00 00 40 00 00 00 05 04 03 61 62 63")),
                seed("ok-info-pre-4.1", OK, old, Hex.bytes("00 fc 00 01 05 01 00 52 6f 77 73")),
                seed("ok-as-eof", OK, mysql, Hex.bytes("fe 00 00 22 00 00 00")),
                seed("err", ERR, mysql, Hex.bytes("ff 7a 04 23 34 32 53 30 32 54 61 62 6c 65")),
                seed("err-without-sqlstate", ERR, old, Hex.bytes("ff 15 04 6e 6f")),
                seed("eof", EOF, mysql, Hex.bytes("fe 00 00 02 00")),
                seed("auth-switch", AUTH_SWITCH, mysql, authSwitch()),
                seed("auth-more-data-fast", AUTH_MORE_DATA, mysql, Hex.bytes("01 03")),
                seed("prepare-ok", PREPARE_OK, mysql, Hex.bytes("00 01 00 00 00 02 00 01 00 00 00 00 01")));
    }

    private static byte[] authSwitch() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xFE);
        out.writeBytes("mysql_native_password".getBytes(StandardCharsets.US_ASCII));
        out.write(0);
        out.writeBytes(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 0});
        return out.toByteArray();
    }

    private static Seed seed(String name, int decoder, Capabilities capabilities, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(decoder);
        for (int i = 0; i < 8; i++) {
            out.write((int) (capabilities.bits() >>> (8 * i)));
        }
        out.writeBytes(payload);
        return new Seed("serverMessage", name, out.toByteArray());
    }
}
