package io.grantgate.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.grantgate.audit.AuditValue.Kind;
import io.grantgate.testing.FuzzInput;
import io.grantgate.testing.FuzzSeeds;
import io.grantgate.testing.FuzzSeeds.Seed;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The audit's view of a session's prepared statements, fed what a client sends: COM_STMT_EXECUTE
 * with its binary values, COM_STMT_SEND_LONG_DATA, reset and close, between the prepares the backend
 * confirms. Nothing may throw; an execute gives its values or one UNDECODABLE value that says why,
 * never the catch-all that marks a decoder bug; and no value shows more than the cap.
 *
 * <p>Input: three bytes choosing the limits, then operations: kind, int&lt;2&gt; length, payload.
 * A payload is handed over at offset 1 of a larger array, as the relay's reused buffer does.
 */
class PreparedStatementsFuzzTest {

    private static final int PREPARED = 0;
    private static final int LONG_DATA = 1;
    private static final int EXECUTE = 2;
    private static final int RESET = 3;
    private static final int CLOSE = 4;
    private static final int CLEAR = 5;
    private static final int PREPARE_FAILED = 6;
    private static final int BULK = 7;

    /** Dates, times and numbers print at most this many characters, whatever the cap. */
    private static final int LONGEST_FORMATTED = 64;

    @FuzzTest
    void session(byte[] data) {
        FuzzInput input = new FuzzInput(data);
        int cap = input.int1() * 4;
        int maxStatements = 1 + input.int1() % 8;
        long longDataBudget = (long) input.int1() * 16;
        PreparedStatements statements = new PreparedStatements(cap, maxStatements, longDataBudget);
        while (input.hasRemaining()) {
            int kind = input.int1() % 8;
            byte[] payload = input.bytes(input.int2());
            byte[] buffer = new byte[payload.length + 2];
            System.arraycopy(payload, 0, buffer, 1, payload.length);
            switch (kind) {
                case PREPARED -> {
                    FuzzInput ok = new FuzzInput(payload);
                    statements.prepared(ok.int2() | (long) ok.int2() << 16, ok.int2());
                }
                case LONG_DATA -> statements.longData(buffer, 1, payload.length);
                case EXECUTE -> check(statements.execute(buffer, 1, payload.length), cap);
                case RESET -> statements.reset(buffer, 1, payload.length);
                case CLOSE -> statements.closed(buffer, 1, payload.length);
                case CLEAR -> statements.clear();
                case BULK -> checkBulk(statements.bulkExecute(buffer, 1, payload.length), cap);
                default -> statements.prepareFailed();
            }
        }
    }

    private static void checkBulk(BulkRows bulk, int cap) {
        assertNotNull(bulk);
        assertFalse(bulk.rows().isEmpty(), "at least one row, or the reason there is none");
        assertTrue(bulk.total() == -1 || bulk.total() >= bulk.rows().size(), "counts the rows it keeps");
        bulk.rows().forEach(row -> check(row, cap));
    }

    private static void check(List<AuditValue> values, int cap) {
        assertNotNull(values);
        if (values.size() == 1 && values.getFirst().type().equals(PreparedStatements.UNDECODABLE)) {
            String reason = values.getFirst().value().orElseThrow();
            assertFalse(reason.startsWith("audit decoder failed"), reason);
            return;
        }
        for (AuditValue value : values) {
            boolean valueless =
                    value.kind() == Kind.NULL || value.kind() == Kind.DEFAULT || value.kind() == Kind.IGNORE;
            assertEquals(valueless, value.value().isEmpty(), "only NULL, DEFAULT and IGNORE have no value");
            int shown = switch (value.kind()) {
                case NULL, DEFAULT, IGNORE -> 0;
                case NUMBER -> value.value().orElseThrow().length();
                case TEXT -> value.value().orElseThrow().getBytes(StandardCharsets.UTF_8).length;
                case BASE64 -> Base64.getDecoder().decode(value.value().orElseThrow()).length;
            };
            assertTrue(shown <= Math.max(cap, LONGEST_FORMATTED), "shows " + shown + " bytes, cap " + cap);
            if (value.cut()) {
                assertTrue(value.length() > shown, "a cut value is longer than what it shows");
            }
        }
    }

    @Test
    void seedCorpusIsCommitted() {
        assertEquals(List.of(), FuzzSeeds.writeOrCompare(Path.of("src/test/resources"), getClass(), seeds()));
    }

    static List<Seed> seeds() {
        byte[] text = "grüße".getBytes(StandardCharsets.UTF_8);
        byte[] typed = StmtPackets.execute(1)
                .param(8, StmtPackets.UNSIGNED, StmtPackets.int8(-1)) // LONGLONG UNSIGNED
                .param(253, StmtPackets.lengthEncoded(text)) // VAR_STRING
                .nullParam(3) // LONG, NULL
                .param(
                        12,
                        new StmtPackets.Bytes()
                                .int1(7)
                                .int2(2024)
                                .int1(2)
                                .int1(29)
                                .int1(13)
                                .int1(5)
                                .int1(9)
                                .toByteArray()) // DATETIME
                .param(
                        11,
                        new StmtPackets.Bytes()
                                .int1(8)
                                .int1(1)
                                .int4(1)
                                .int1(2)
                                .int1(3)
                                .int1(4)
                                .toByteArray()) // TIME
                .param(5, StmtPackets.int8(Double.doubleToLongBits(2.5))) // DOUBLE
                .longDataParam(252) // BLOB, sent as long data
                .build();
        byte[] again = StmtPackets.execute(PreparedStatements.LAST_PREPARED)
                .param(8, StmtPackets.int8(7))
                .param(253, StmtPackets.lengthEncoded(new byte[300]))
                .nullParam(3)
                .param(12, StmtPackets.int1(0))
                .param(11, StmtPackets.int1(0))
                .param(5, StmtPackets.int8(0))
                .longDataParam(252)
                .withoutTypes()
                .build();
        return List.of(
                new Seed(
                        "session",
                        "prepare-long-data-execute",
                        session(
                                op(PREPARED, prepared(1, 7)),
                                op(LONG_DATA, StmtPackets.longData(1, 6, new byte[] {1, 2, 3})),
                                op(LONG_DATA, StmtPackets.longData(1, 6, new byte[] {4, 5})),
                                op(EXECUTE, typed),
                                op(LONG_DATA, StmtPackets.longData(1, 6, new byte[100])),
                                op(EXECUTE, again),
                                op(RESET, StmtPackets.reset(1)),
                                op(CLOSE, StmtPackets.close(1)),
                                op(EXECUTE, again))),
                new Seed(
                        "session",
                        "evicted-and-failed",
                        session(
                                op(PREPARED, prepared(1, 1)),
                                op(PREPARED, prepared(2, 0)),
                                op(PREPARED, prepared(3, 2)),
                                op(
                                        EXECUTE,
                                        StmtPackets.execute(1)
                                                .param(1, StmtPackets.int1(5))
                                                .build()),
                                op(PREPARE_FAILED, new byte[0]),
                                op(
                                        EXECUTE,
                                        StmtPackets.execute(PreparedStatements.LAST_PREPARED)
                                                .build()),
                                op(CLEAR, new byte[0]))),
                new Seed(
                        "session",
                        "bulk-rows",
                        session(
                                op(PREPARED, prepared(1, 2)),
                                op(
                                        BULK,
                                        StmtPackets.bulk(1)
                                                .type(3, 0)
                                                .type(253, 0)
                                                .value(StmtPackets.int4(1))
                                                .value(StmtPackets.lengthEncoded(text))
                                                .indicator(StmtPackets.Bulk.NULL)
                                                .indicator(StmtPackets.Bulk.DEFAULT)
                                                .value(StmtPackets.int4(3))
                                                .indicator(StmtPackets.Bulk.IGNORE)
                                                .build()),
                                op(
                                        BULK,
                                        StmtPackets.bulk(PreparedStatements.LAST_PREPARED)
                                                .withoutTypes()
                                                .value(StmtPackets.int4(4))
                                                .value(StmtPackets.lengthEncoded(new byte[100]))
                                                .build()))));
    }

    /** Limits: a cap of 64 bytes, 2 statements, 64 bytes of long data. */
    private static byte[] session(byte[]... ops) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(16);
        out.write(1);
        out.write(4);
        for (byte[] op : ops) {
            out.writeBytes(op);
        }
        return out.toByteArray();
    }

    private static byte[] op(int kind, byte[] payload) {
        return new StmtPackets.Bytes()
                .int1(kind)
                .int2(payload.length)
                .raw(payload)
                .toByteArray();
    }

    private static byte[] prepared(long statementId, int parameters) {
        return new StmtPackets.Bytes().int4(statementId).int2(parameters).toByteArray();
    }
}
