package io.grantgate.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantgate.edge.RelayHarness.RelayPath;
import io.grantgate.protocol.ErrAccountRewrite;
import io.grantgate.protocol.Hex;
import io.grantgate.protocol.constant.Capabilities;
import io.grantgate.protocol.constant.CapabilityFlag;
import io.grantgate.protocol.constant.MySqlError;
import io.grantgate.protocol.message.server.ErrPacket;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The backend's access errors reach the client naming its own account, on the session's thread and
 * on a relay loop, whatever pieces the backend writes in: an ERR alone, an ERR that ends a
 * multi-result after a result set (one with a row as large as the relay's buffer too), and the
 * responses around them byte for byte.
 */
@Timeout(60)
class RelayErrRewriteTest {

    private static final Capabilities CAPABILITIES = Capabilities.of(
            CapabilityFlag.CLIENT_PROTOCOL_41,
            CapabilityFlag.CLIENT_TRANSACTIONS,
            CapabilityFlag.CLIENT_MULTI_STATEMENTS,
            CapabilityFlag.CLIENT_MULTI_RESULTS);
    private static final ErrAccountRewrite XUYS = ErrAccountRewrite.of("gg_xuys_1", "xuys", "127.0.0.1");

    private static final byte[] DENIED = MySqlError.ER_TABLEACCESS_DENIED_ERROR
            .err("DELETE", "gg_xuys_1", "localhost", "`shop`.`orders`")
            .encode(CAPABILITIES);
    private static final byte[] DENIED_AS_CLIENT_SEES_IT = MySqlError.ER_TABLEACCESS_DENIED_ERROR
            .err("DELETE", "xuys", "127.0.0.1", "`shop`.`orders`")
            .encode(CAPABILITIES);
    private static final byte[] UNKNOWN_TABLE =
            new ErrPacket(1146, "42S02", "Table 'shop.nope' doesn't exist").encode(CAPABILITIES);
    private static final byte[] OK = Hex.bytes("00 00 00 02 00 00 00");
    /** An EOF that says another result follows (SERVER_MORE_RESULTS_EXISTS, autocommit). */
    private static final byte[] EOF_MORE = Hex.bytes("fe 00 00 0a 00");

    private static final byte[] EOF = Hex.bytes("fe 00 00 02 00");

    static Stream<Arguments> sessions() {
        List<Arguments> sessions = new ArrayList<>();
        long seed = 7_000;
        for (RelayPath path : RelayPath.ALL) {
            for (String splits : List.of("whole", "1-byte", "random")) {
                sessions.add(Arguments.of(path, splits, seed++));
            }
        }
        return sessions.stream();
    }

    @ParameterizedTest(name = "on the {0} path, {1} writes, seed {2}")
    @MethodSource("sessions")
    void accessErrorsNameTheGatewayAccountAndNothingElseChanges(RelayPath path, String splits, long seed)
            throws Exception {
        Splits backendWrites = Splits.named(splits, seed);
        try (RelayHarness relay = RelayHarness.rewriting(path, CAPABILITIES, XUYS)) {
            for (int round = 0; round < 2; round++) {
                exchange(
                        relay, backendWrites, "DELETE FROM orders", List.of(DENIED), List.of(DENIED_AS_CLIENT_SEES_IT));
                exchange(relay, backendWrites, "SELECT 1", List.of(OK), List.of(OK));
                exchange(relay, backendWrites, "SELECT * FROM nope", List.of(UNKNOWN_TABLE), List.of(UNKNOWN_TABLE));
                List<byte[]> multi = multiResult(round == 0 ? 1 : 16_300, DENIED);
                List<byte[]> multiSeen = multiResult(round == 0 ? 1 : 16_300, DENIED_AS_CLIENT_SEES_IT);
                exchange(relay, backendWrites, "SELECT 1; DELETE FROM orders", multi, multiSeen);
            }
            relay.client().getOutputStream().write(RelayStep.QUIT);
            relay.client().getOutputStream().flush();

            assertThat(relay.awaitEnding()).isEqualTo(new CommandLoop.Ending.Closed("client quit"));
            assertThat(relay.releases()).containsExactly(BackendLease.Ending.SCHEMA_KEPT);
            relay.assertNothingMore();
        }
    }

    /** A one-column result set with a row of {@code rowBytes}, then {@code error} ending the response. */
    private static List<byte[]> multiResult(int rowBytes, byte[] error) {
        byte[] value = new byte[rowBytes];
        Arrays.fill(value, (byte) 'x');
        ByteArrayOutputStream row = new ByteArrayOutputStream();
        if (rowBytes < 251) {
            row.write(rowBytes);
        } else {
            row.write(0xFC);
            row.write(rowBytes & 0xFF);
            row.write(rowBytes >>> 8);
        }
        row.writeBytes(value);
        byte[] column = Hex.bytes("03 64 65 66 00 00 00 01 31 00 0c 3f 00 01 00 00 00 08 81 00 00 00 00");
        return List.of(new byte[] {1}, column, EOF, row.toByteArray(), EOF_MORE, error);
    }

    /** One command, the backend's frames from sequence id 1, and what the client must read instead. */
    private static void exchange(
            RelayHarness relay, Splits backendWrites, String sql, List<byte[]> sent, List<byte[]> seen)
            throws Exception {
        byte[] query = ("\u0003" + sql).getBytes(StandardCharsets.UTF_8);
        OutputStream client = relay.client().getOutputStream();
        client.write(Wire.frame(0, query));
        client.flush();
        Wire.expect(relay.backend().getInputStream(), Wire.frame(0, query), "the backend's command " + sql);
        backendWrites.write(relay.backend().getOutputStream(), frames(sent));
        InputStream in = relay.client().getInputStream();
        Wire.expect(in, frames(seen), "the client's response to " + sql);
    }

    private static byte[] frames(List<byte[]> payloads) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int sequenceId = 1;
        for (byte[] payload : payloads) {
            out.writeBytes(Wire.frame(sequenceId++, payload));
        }
        return out.toByteArray();
    }
}
