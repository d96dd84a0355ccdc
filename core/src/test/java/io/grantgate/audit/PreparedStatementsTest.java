package io.grantgate.audit;

import static io.grantgate.audit.StmtPackets.UNSIGNED;
import static io.grantgate.audit.StmtPackets.execute;
import static io.grantgate.audit.StmtPackets.int1;
import static io.grantgate.audit.StmtPackets.int4;
import static io.grantgate.audit.StmtPackets.int8;
import static io.grantgate.audit.StmtPackets.lengthEncoded;
import static org.assertj.core.api.Assertions.assertThat;

import io.grantgate.audit.AuditValue.Kind;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A session's prepared statements: types across executes, NULLs, long data, ids, reset, close and bad input. */
class PreparedStatementsTest {

    private static final int CAP = 64 * 1024;
    private static final int LONG = 3;
    private static final int LONGLONG = 8;
    private static final int VAR_STRING = 253;
    private static final int STRING = 254;
    private static final int BLOB = 252;

    private final PreparedStatements statements = new PreparedStatements(CAP);

    private List<AuditValue> run(byte[] payload) {
        return statements.execute(payload, 0, payload.length);
    }

    private void send(byte[] longData) {
        statements.longData(longData, 0, longData.length);
    }

    @Test
    void nullBitmapOverSeveralBytes() {
        statements.prepared(1, 10);
        StmtPackets.Execute execute = execute(1);
        for (int i = 0; i < 10; i++) {
            if (i == 0 || i == 3 || i == 8 || i == 9) {
                execute.nullParam(LONG);
            } else {
                execute.param(LONG, int4(i));
            }
        }

        List<AuditValue> values = run(execute.build());

        assertThat(values).hasSize(10);
        for (int i = 0; i < 10; i++) {
            boolean isNull = i == 0 || i == 3 || i == 8 || i == 9;
            assertThat(values.get(i))
                    .as("parameter %d", i)
                    .isEqualTo(
                            isNull
                                    ? new AuditValue("LONG", Kind.NULL, Optional.empty(), 0, Optional.empty())
                                    : number("LONG", Integer.toString(i), 4));
        }
    }

    @Test
    void typesAreReusedWhenNotSentAgain() {
        statements.prepared(1, 2);
        run(execute(1)
                .param(LONGLONG, UNSIGNED, int8(-1))
                .param(VAR_STRING, lengthEncoded(text("a")))
                .build());

        List<AuditValue> again = run(execute(1)
                .param(LONGLONG, UNSIGNED, int8(-2))
                .param(VAR_STRING, lengthEncoded(text("b")))
                .withoutTypes()
                .build());

        assertThat(again)
                .containsExactly(
                        number("LONGLONG UNSIGNED", "18446744073709551614", 8),
                        new AuditValue("VAR_STRING", Kind.TEXT, Optional.of("b"), 1, Optional.empty()));
    }

    @Test
    void newTypesReplaceTheOldOnes() {
        statements.prepared(1, 1);
        run(execute(1).param(LONGLONG, int8(1)).build());
        run(execute(1).param(LONG, int4(2)).build());

        assertThat(run(execute(1).param(LONG, int4(3)).withoutTypes().build())).containsExactly(number("LONG", "3", 4));
    }

    @Test
    void typesNeverSentAreUndecodable() {
        statements.prepared(1, 1);

        assertUndecodable(run(execute(1).param(LONG, int4(3)).withoutTypes().build()), "never sent");
    }

    @Test
    void noParameters() {
        statements.prepared(1, 0);

        assertThat(run(execute(1).build())).isEmpty();
    }

    @Test
    void longDataInSeveralPiecesIsCutWithTheLengthAndHashOfAll() throws Exception {
        byte[] whole = new byte[3 * CAP];
        new Random(1).nextBytes(whole);
        statements.prepared(1, 1);
        for (int piece = 0; piece < 3; piece++) {
            send(StmtPackets.longData(1, 0, Arrays.copyOfRange(whole, piece * CAP, (piece + 1) * CAP)));
        }

        List<AuditValue> values = run(execute(1).longDataParam(BLOB).build());

        byte[] first = Arrays.copyOf(whole, CAP);
        assertThat(values)
                .containsExactly(new AuditValue(
                        "BLOB",
                        Kind.BASE64,
                        Optional.of(Base64.getEncoder().encodeToString(first)),
                        3 * CAP,
                        Optional.of(sha256(whole))));
    }

    @Test
    void longTextCutThroughACharacterKeepsTheCharactersBeforeIt() throws Exception {
        // "x" then "é" (2 bytes) repeated: the cap at 65536 falls inside an "é"
        byte[] whole = ("x" + "é".repeat(CAP)).getBytes(StandardCharsets.UTF_8);
        statements.prepared(1, 1);
        send(StmtPackets.longData(1, 0, Arrays.copyOfRange(whole, 0, 1000)));
        send(StmtPackets.longData(1, 0, Arrays.copyOfRange(whole, 1000, whole.length)));

        AuditValue value = run(execute(1).longDataParam(STRING).build()).getFirst();

        assertThat(value.type()).isEqualTo("STRING");
        assertThat(value.kind()).isEqualTo(Kind.TEXT);
        assertThat(value.value()).contains("x" + "é".repeat((CAP - 1) / 2));
        assertThat(value.length()).isEqualTo(whole.length);
        assertThat(value.sha256()).contains(sha256(whole));
    }

    @Test
    void longDataUnderTheCapIsWhole() {
        statements.prepared(1, 1);
        send(StmtPackets.longData(1, 0, text("hello, ")));
        send(StmtPackets.longData(1, 0, text("world")));

        assertThat(run(execute(1).longDataParam(STRING).build()))
                .containsExactly(
                        new AuditValue("STRING", Kind.TEXT, Optional.of("hello, world"), 12, Optional.empty()));
    }

    @Test
    void longDataForOneParameterWhileOthersAreInline() {
        statements.prepared(1, 4);
        send(StmtPackets.longData(1, 1, text("from long data")));

        // the long-data parameter's NULL bit is set: the server ignores it, and so does the audit
        List<AuditValue> values = run(execute(1)
                .param(LONG, int4(42))
                .nullParam(VAR_STRING)
                .param(VAR_STRING, lengthEncoded(text("inline")))
                .nullParam(LONG)
                .build());

        assertThat(values)
                .containsExactly(
                        number("LONG", "42", 4),
                        new AuditValue("VAR_STRING", Kind.TEXT, Optional.of("from long data"), 14, Optional.empty()),
                        new AuditValue("VAR_STRING", Kind.TEXT, Optional.of("inline"), 6, Optional.empty()),
                        new AuditValue("LONG", Kind.NULL, Optional.empty(), 0, Optional.empty()));
    }

    @Test
    void longDataTakesItsTypeFromTheBoundTypes() {
        statements.prepared(1, 1);
        run(execute(1).param(BLOB, lengthEncoded(text("first"))).build());
        send(StmtPackets.longData(1, 0, text("second")));

        assertThat(run(execute(1).longDataParam(BLOB).withoutTypes().build()))
                .containsExactly(new AuditValue("BLOB", Kind.BASE64, Optional.of("c2Vjb25k"), 6, Optional.empty()));
    }

    @Test
    void longDataIsForgottenAfterExecute() {
        statements.prepared(1, 1);
        send(StmtPackets.longData(1, 0, text("once")));
        run(execute(1).longDataParam(STRING).build());

        assertThat(run(execute(1).param(STRING, lengthEncoded(text("inline"))).build()))
                .containsExactly(new AuditValue("STRING", Kind.TEXT, Optional.of("inline"), 6, Optional.empty()));
    }

    @Test
    void emptyLongDataIsAnEmptyValue() {
        statements.prepared(1, 1);
        send(StmtPackets.longData(1, 0, new byte[0]));

        assertThat(run(execute(1).longDataParam(STRING).build()))
                .containsExactly(new AuditValue("STRING", Kind.TEXT, Optional.of(""), 0, Optional.empty()));
    }

    @Test
    void longDataForAParameterThatDoesNotExistIsIgnored() {
        statements.prepared(1, 1);
        send(StmtPackets.longData(1, 1, text("nowhere")));
        send(StmtPackets.longData(2, 0, text("no statement")));

        assertThat(run(execute(1).param(LONG, int4(1)).build())).containsExactly(number("LONG", "1", 4));
    }

    @Test
    void longDataKeepsNoMoreThanTheCap() {
        LongData data = new LongData();
        MemoryBudget budget = new MemoryBudget(Long.MAX_VALUE);
        byte[] piece = new byte[1000];
        for (int i = 0; i < 500; i++) {
            data.append(piece, 0, piece.length, CAP, budget);
        }

        assertThat(data.footprint()).isEqualTo(CAP);
        assertThat(data.length()).isEqualTo(500_000);
    }

    @Test
    void theSessionBudgetLimitsWhatAllLongDataKeeps() throws Exception {
        PreparedStatements small = new PreparedStatements(100, 10, 150);
        small.prepared(1, 2);
        byte[] a = text("a".repeat(120));
        byte[] b = text("b".repeat(120));
        small.longData(StmtPackets.longData(1, 0, a), 0, 7 + a.length);
        small.longData(StmtPackets.longData(1, 1, b), 0, 7 + b.length);
        byte[] payload = execute(1).longDataParam(STRING).longDataParam(STRING).build();

        List<AuditValue> values = small.execute(payload, 0, payload.length);

        assertThat(values)
                .containsExactly(
                        new AuditValue("STRING", Kind.TEXT, Optional.of("a".repeat(100)), 120, Optional.of(sha256(a))),
                        new AuditValue("STRING", Kind.TEXT, Optional.of("b".repeat(50)), 120, Optional.of(sha256(b))));
        // given back after the execute: the next long data may keep its cap again
        small.longData(StmtPackets.longData(1, 0, b), 0, 7 + b.length);
        small.longData(StmtPackets.longData(1, 1, a), 0, 7 + a.length);
        assertThat(small.execute(payload, 0, payload.length))
                .extracting(value -> value.value().orElseThrow().length())
                .containsExactly(100, 50);
    }

    @Test
    void inlineValueOverTheCapIsCut() throws Exception {
        PreparedStatements small = new PreparedStatements(8);
        small.prepared(1, 1);
        byte[] value = text("0123456789abcdefghij");
        byte[] payload = execute(1).param(VAR_STRING, lengthEncoded(value)).build();

        assertThat(small.execute(payload, 0, payload.length))
                .containsExactly(new AuditValue(
                        "VAR_STRING", Kind.TEXT, Optional.of("01234567"), 20, Optional.of(sha256(value))));
    }

    @Test
    void mariaDbStatementIdMinusOneIsTheLastPrepared() {
        statements.prepared(4, 1);
        statements.prepared(5, 1);
        send(StmtPackets.longData(0xFFFFFFFFL, 0, text("long")));
        byte[] payload = execute(0xFFFFFFFFL).longDataParam(STRING).build();

        assertThat(run(payload))
                .containsExactly(new AuditValue("STRING", Kind.TEXT, Optional.of("long"), 4, Optional.empty()));
        assertThat(statements.statementId(payload, 0, payload.length)).isEqualTo(5);
        assertThat(PreparedStatements.rawStatementId(payload, 0, payload.length))
                .isEqualTo(0xFFFFFFFFL);
    }

    @Test
    void statementIdMinusOneAfterAFailedPrepareIsUnknown() {
        statements.prepared(5, 1);
        statements.prepareFailed();
        byte[] payload = execute(0xFFFFFFFFL).param(LONG, int4(1)).build();

        assertUndecodable(run(payload), "no statement is prepared");
        assertThat(statements.statementId(payload, 0, payload.length)).isEqualTo(-1);
    }

    @Test
    void statementIdOfEveryStatementCommand() {
        statements.prepared(9, 0);
        for (byte[] payload : List.of(
                execute(0x01020304L).build(),
                StmtPackets.longData(0x01020304L, 0, text("x")),
                StmtPackets.reset(0x01020304L),
                StmtPackets.close(0x01020304L),
                StmtPackets.fetch(0x01020304L, 10))) {
            assertThat(statements.statementId(payload, 0, payload.length)).isEqualTo(0x01020304L);
        }
        byte[] close = StmtPackets.close(0xFFFFFFFFL);
        assertThat(statements.statementId(close, 0, close.length)).isEqualTo(9);
        assertThat(statements.statementId(close, 0, 4)).isEqualTo(-1);
        assertThat(PreparedStatements.rawStatementId(close, 0, 4)).isEqualTo(-1);
    }

    @Test
    void payloadAtAnOffsetInALargerBuffer() {
        statements.prepared(1, 1);
        byte[] payload = execute(1).param(LONG, int4(77)).build();
        byte[] buffer = new byte[payload.length + 10];
        System.arraycopy(payload, 0, buffer, 4, payload.length);

        assertThat(statements.execute(buffer, 4, payload.length)).containsExactly(number("LONG", "77", 4));
        assertThat(statements.statementId(buffer, 4, payload.length)).isEqualTo(1);
    }

    @Test
    void resetForgetsLongDataButKeepsTypes() {
        statements.prepared(1, 1);
        run(execute(1).param(STRING, lengthEncoded(text("a"))).build());
        send(StmtPackets.longData(1, 0, text("dropped")));
        byte[] reset = StmtPackets.reset(1);
        statements.reset(reset, 0, reset.length);

        assertThat(run(execute(1)
                        .param(STRING, lengthEncoded(text("b")))
                        .withoutTypes()
                        .build()))
                .containsExactly(new AuditValue("STRING", Kind.TEXT, Optional.of("b"), 1, Optional.empty()));
    }

    @Test
    void closeForgetsTheStatement() {
        statements.prepared(1, 1);
        byte[] close = StmtPackets.close(1);
        statements.closed(close, 0, close.length);

        assertUndecodable(run(execute(1).param(LONG, int4(1)).build()), "unknown statement id 1");
    }

    @Test
    void clearForgetsEveryStatement() {
        statements.prepared(1, 1);
        statements.prepared(2, 1);
        statements.clear();

        assertUndecodable(run(execute(1).param(LONG, int4(1)).build()), "unknown statement id 1");
        assertUndecodable(run(execute(0xFFFFFFFFL).param(LONG, int4(1)).build()), "no statement is prepared");
    }

    @Test
    void unknownStatement() {
        assertUndecodable(run(execute(42).param(LONG, int4(1)).build()), "unknown statement id 42");
    }

    @Test
    void notAnExecute() {
        statements.prepared(1, 0);
        byte[] query = {0x03, 'S', 'E', 'L', 'E', 'C', 'T', ' ', '1'};

        assertUndecodable(run(query), "not a COM_STMT_EXECUTE");
        assertUndecodable(statements.execute(query, 5, 10), "no payload");
    }

    @Test
    void pastTheStatementLimitTheLeastRecentlyUsedIsForgotten() {
        PreparedStatements few = new PreparedStatements(CAP, 2, CAP);
        few.prepared(1, 1);
        few.prepared(2, 1);
        byte[] one = execute(1).param(LONG, int4(1)).build();
        few.execute(one, 0, one.length); // 1 is now more recent than 2
        few.prepared(3, 1);

        byte[] two = execute(2).param(LONG, int4(2)).build();
        assertUndecodable(few.execute(two, 0, two.length), "unknown statement id 2, or one of the 1 forgotten");
        assertThat(few.execute(one, 0, one.length)).containsExactly(number("LONG", "1", 4));
        byte[] three = execute(3).param(LONG, int4(3)).build();
        assertThat(few.execute(three, 0, three.length)).containsExactly(number("LONG", "3", 4));
    }

    @Test
    void everyPrefixOfAnExecuteIsUndecodableAndNothingEscapes() {
        byte[] valid = execute(1)
                .param(LONG, int4(-5))
                .nullParam(STRING)
                .param(STRING, lengthEncoded(text("text")))
                .param(11, new StmtPackets.Bytes().int1(8).raw(new byte[8]).toByteArray())
                .param(12, new StmtPackets.Bytes().int1(11).raw(new byte[11]).toByteArray())
                .param(246, lengthEncoded(text("1.5")))
                .param(5, int8(Double.doubleToLongBits(2.5)))
                .param(1, UNSIGNED, int1(200))
                .param(BLOB, lengthEncoded(new byte[300]))
                .build();
        for (int length = 0; length < valid.length; length++) {
            PreparedStatements fresh = new PreparedStatements(CAP);
            fresh.prepared(1, 9);
            assertUndecodable(fresh.execute(valid, 0, length), "");
        }
        statements.prepared(1, 9);
        assertThat(run(valid)).hasSize(9).noneMatch(value -> value.type().equals(PreparedStatements.UNDECODABLE));
    }

    @Test
    void damagedAndRandomPayloadsNeverBreakTheDecoder() {
        byte[] valid = execute(1)
                .param(LONG, int4(-5))
                .param(STRING, lengthEncoded(text("text")))
                .param(12, new StmtPackets.Bytes().int1(7).raw(new byte[7]).toByteArray())
                .build();
        int[] special = {0x00, 0x01, 0x7F, 0x80, 0xFB, 0xFC, 0xFD, 0xFE, 0xFF};
        statements.prepared(1, 3);
        for (int i = 0; i < valid.length; i++) {
            for (int value : special) {
                byte[] damaged = valid.clone();
                damaged[i] = (byte) value;
                assertNoDecoderFailure(damaged);
            }
        }
        Random random = new Random(20261202L);
        for (int round = 0; round < 5000; round++) {
            byte[] bytes = new byte[random.nextInt(64)];
            random.nextBytes(bytes);
            if (bytes.length > 0 && random.nextBoolean()) {
                bytes[0] = 0x17;
            }
            if (bytes.length > 4 && random.nextBoolean()) {
                bytes[1] = 1;
                bytes[2] = bytes[3] = bytes[4] = 0;
            }
            assertNoDecoderFailure(bytes);
        }
    }

    @Test
    void everyPrefixOfTheOtherCommandsIsHarmless() {
        statements.prepared(1, 2);
        for (byte[] valid :
                List.of(StmtPackets.longData(1, 1, text("data")), StmtPackets.reset(1), StmtPackets.close(1))) {
            for (int length = 0; length <= valid.length; length++) {
                statements.longData(valid, 0, length);
                statements.reset(valid, 0, length);
                statements.closed(valid, 0, length);
                statements.statementId(valid, 0, length);
            }
        }
        statements.longData(null, 0, 0);
        statements.longData(new byte[3], 2, 5);
        statements.reset(new byte[3], -1, 2);
        statements.closed(new byte[3], 0, -1);
    }

    private void assertNoDecoderFailure(byte[] payload) {
        List<AuditValue> values = run(payload);
        assertThat(values)
                .as("%s", HexFormat.ofDelimiter(" ").formatHex(payload))
                .noneMatch(value -> value.value().orElse("").startsWith("audit decoder failed"));
    }

    private static void assertUndecodable(List<AuditValue> values, String reason) {
        assertThat(values).hasSize(1);
        AuditValue value = values.getFirst();
        assertThat(value.type()).isEqualTo(PreparedStatements.UNDECODABLE);
        assertThat(value.kind()).isEqualTo(Kind.TEXT);
        assertThat(value.value().orElseThrow()).contains(reason);
    }

    private static AuditValue number(String type, String value, long length) {
        return new AuditValue(type, Kind.NUMBER, Optional.of(value), length, Optional.empty());
    }

    private static byte[] text(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
