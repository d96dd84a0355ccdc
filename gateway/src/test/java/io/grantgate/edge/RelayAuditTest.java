package io.grantgate.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantgate.audit.AuditEvent;
import io.grantgate.audit.AuditEvent.Outcome;
import io.grantgate.audit.AuditMode;
import io.grantgate.audit.AuditValue;
import io.grantgate.command.CollectingTrail;
import io.grantgate.command.StatementAudit;
import io.grantgate.edge.RelayHarness.RelayPath;
import io.grantgate.edge.RelayScript.Pacing;
import io.grantgate.protocol.ExchangeFixture;
import io.grantgate.protocol.constant.Capabilities;
import io.grantgate.protocol.constant.CommandType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * What the statement audit records of a session, on its thread and on the relay loops alike: each
 * statement's text (cut at the harness's 64 bytes), a prepared statement's id, an execute's decoded
 * values including long data, and the outcome read from the response. In block mode a statement
 * the trail cannot record is answered with 3164 and never reaches the backend.
 */
@Timeout(60)
class RelayAuditTest {

    static final List<RelayPath> PATHS = RelayPath.ALL;
    /** A script's last frame when the session goes on with the next script. */
    private static final byte[] NOTHING = new byte[0];

    private static final ExchangeFixture TEXT = RelayFixtures.load("text-result-eof");
    private static final ExchangeFixture PREPARE = RelayFixtures.load("prepare-eof");
    private static final ExchangeFixture EXECUTE = RelayFixtures.load("execute-binary-eof");
    private static final ExchangeFixture ERROR = RelayFixtures.load("err-only");
    private static final ExchangeFixture OK = RelayFixtures.load("ok-in-transaction");
    /** Classic EOF packets, as all but the OK fixture (which reads the same either way) are recorded with. */
    private static final Capabilities CAPABILITIES = TEXT.capabilities().union(PREPARE.capabilities());

    @ParameterizedTest(name = "{0}")
    @FieldSource("PATHS")
    void recordsEachStatementWithItsOutcome(RelayPath path) throws Exception {
        CollectingTrail trail = new CollectingTrail(AuditMode.ASYNC);
        String longQuery = "SELECT '" + "x".repeat(100) + "' AS step";
        try (RelayHarness relay = RelayHarness.audited(path, CAPABILITIES, trail)) {
            relay.play(new RelayScript(
                    List.of(
                            RelayStep.relayed(
                                    TEXT.name(),
                                    RelayFixtures.payload(CommandType.COM_QUERY, longQuery),
                                    TEXT.frames()),
                            RelayStep.relayed(PREPARE, 1),
                            RelayStep.unanswered("long data", RelayFixtures.sendLongData(1, bytes("hello "))),
                            RelayStep.unanswered("more long data", RelayFixtures.sendLongData(1, bytes("world"))),
                            RelayStep.relayed("execute", executeWithLongDataAndNull(), EXECUTE.frames()),
                            RelayStep.relayed(ERROR, 2),
                            RelayStep.relayed(OK, 3)),
                    Pacing.LOCKSTEP,
                    Splits.whole(),
                    Splits.whole()));
            relay.awaitEnding();
        }

        List<AuditEvent.Statement> statements = trail.events(AuditEvent.Statement.class);
        assertThat(statements)
                .extracting(AuditEvent.Statement::command)
                .containsExactly("query", "prepare", "execute", "query", "query");
        assertThat(statements)
                .extracting(AuditEvent.Statement::commandNumber)
                .as("long data counts as a command")
                .containsExactly(1L, 2L, 5L, 6L, 7L);

        AuditEvent.Statement query = statements.get(0);
        assertThat(query.text()).contains(longQuery.substring(0, 64));
        assertThat(query.textBytes()).isEqualTo(longQuery.length());
        assertThat(query.outcome()).contains(new Outcome("rows", 0, 1, 1, 0, ""));

        AuditEvent.Statement prepare = statements.get(1);
        assertThat(prepare.text()).contains("SELECT CONCAT(?, ?) AS c1");
        assertThat(prepare.statementId()).isEqualTo(1);

        AuditEvent.Statement execute = statements.get(2);
        assertThat(execute.statementId()).isEqualTo(1);
        assertThat(execute.text()).isEmpty();
        assertThat(execute.parameters())
                .containsExactly(
                        new AuditValue(
                                "STRING", AuditValue.Kind.TEXT, Optional.of("hello world"), 11, Optional.empty()),
                        new AuditValue("STRING", AuditValue.Kind.NULL, Optional.empty(), 0, Optional.empty()));
        assertThat(execute.outcome()).contains(new Outcome("rows", 0, 2, 1, 0, ""));

        assertThat(statements.get(3).outcome()).contains(new Outcome("error", 0, 0, 0, 1146, "42S02"));
        assertThat(statements.get(4).outcome()).contains(new Outcome("ok", 1, 0, 1, 0, ""));
        assertThat(statements).allSatisfy(s -> assertThat(s.durationMicros()).isNotNegative());
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("PATHS")
    void inBlockModeAStatementTheTrailCannotRecordNeverRuns(RelayPath path) throws Exception {
        CollectingTrail trail = new CollectingTrail(AuditMode.BLOCK);
        byte[] refused = StatementAudit.unrecorded().encode(CAPABILITIES);
        try (RelayHarness relay = RelayHarness.audited(path, CAPABILITIES, trail)) {
            relay.play(new RelayScript(
                    List.of(RelayStep.relayed(TEXT, 1), RelayStep.relayed(TEXT, 2)),
                    Pacing.LOCKSTEP,
                    Splits.whole(),
                    Splits.whole(),
                    NOTHING));
            awaitResults(trail, 2); // a result comes just after its response reaches the client
            trail.refuse(true);
            relay.play(new RelayScript(
                    List.of(RelayStep.answered(
                            "refused", RelayFixtures.payload(CommandType.COM_QUERY, "SELECT 3 AS step"), refused)),
                    Pacing.LOCKSTEP,
                    Splits.whole(),
                    Splits.whole(),
                    NOTHING));
            trail.refuse(false);
            relay.play(new RelayScript(
                    List.of(RelayStep.relayed(TEXT, 4)), Pacing.LOCKSTEP, Splits.whole(), Splits.whole()));
            relay.awaitEnding();
        }

        assertThat(trail.events(AuditEvent.Statement.class))
                .as("recorded before they ran, without an outcome")
                .allSatisfy(s -> assertThat(s.outcome()).isEmpty())
                .extracting(s -> s.text().orElseThrow())
                .containsExactly("SELECT 1 AS step", "SELECT 2 AS step", "SELECT 4 AS step");
        assertThat(trail.events(AuditEvent.StatementResult.class))
                .extracting(AuditEvent.StatementResult::commandNumber)
                .containsExactly(1L, 2L, 3L);
    }

    private static void awaitResults(CollectingTrail trail, int count) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (trail.events(AuditEvent.StatementResult.class).size() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    /** COM_STMT_EXECUTE of statement 1: parameter 0 sent as long data, parameter 1 NULL, both bound as STRING. */
    private static byte[] executeWithLongDataAndNull() {
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        payload.write(CommandType.COM_STMT_EXECUTE.code());
        payload.writeBytes(new byte[] {1, 0, 0, 0}); // statement id
        payload.write(0); // no cursor
        payload.writeBytes(new byte[] {1, 0, 0, 0}); // iteration count
        payload.write(0b10); // NULL bitmap: parameter 1
        payload.write(1); // new parameters bound
        payload.writeBytes(new byte[] {(byte) 0xfe, 0, (byte) 0xfe, 0}); // STRING, STRING
        return payload.toByteArray();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
