package io.grantgate.command;

import io.grantgate.audit.AuditEvent;
import io.grantgate.audit.AuditMode;
import io.grantgate.audit.AuditValue;
import io.grantgate.audit.BulkRows;
import io.grantgate.audit.PreparedStatements;
import io.grantgate.catalog.AuditLevel;
import io.grantgate.protocol.ResponseSummary;
import io.grantgate.protocol.constant.CommandType;
import io.grantgate.protocol.constant.MySqlError;
import io.grantgate.protocol.message.server.ErrPacket;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The statement audit of one account session: both relay paths report each command they forward
 * ({@link #sending}) and the end of its response ({@link #answered}), and the session's thread reports
 * the commands the gateway answers itself ({@link #answeredByGateway}). COM_QUERY, COM_STMT_PREPARE,
 * COM_STMT_EXECUTE and COM_INIT_DB become {@code statement} events with the outcome the response
 * tracker summarised (passwords taken out: {@link SecretRedaction}), and so does MariaDB's
 * COM_STMT_BULK_EXECUTE, with its first rows of values and its row count; the other commands are only counted. In block mode the statement is recorded
 * before it is sent, its outcome after, as a {@code statement_result}; when the trail cannot write,
 * {@link #sending} says so and the statement is refused, never run unrecorded.
 *
 * <p>Threading: confined like the session's {@code RelayState}: one thread at a time, the session's
 * or its relay loop's.
 */
public final class StatementAudit {

    private final AuditPolicy policy;
    private final long connectionId;
    private final String user;
    /** Volatile: an admin may change the account's level while the session runs ({@link #statements(boolean)}). */
    private volatile boolean statements;

    private final boolean block;
    /** What the parameters of each prepared statement are, to decode its executions; null when statements are not audited. */
    private final PreparedStatements prepared;

    private long commands;
    /** The command in flight that is audited; null when none is. */
    private String command;

    private long number;
    /** Prepared statements whose text names a password: their parameter values are withheld. */
    private final Set<Long> secretStatements = new HashSet<>();
    /** The in-flight prepare's text names a password. */
    private boolean secretText;
    /** The in-flight statement was recorded before it was sent (block mode): only its result follows. */
    private boolean recordedAhead;

    private Optional<String> text;
    private long textBytes;
    private long statementId;
    private List<AuditValue> parameters;
    private Optional<BulkRows> bulk = Optional.empty();
    private long startMicros;
    private long startNanos;

    public StatementAudit(AuditPolicy policy, long connectionId, String user, AuditLevel level) {
        this.policy = policy;
        this.connectionId = connectionId;
        this.user = user;
        this.statements = level.statements();
        this.block = policy.trail().mode() == AuditMode.BLOCK;
        // kept whatever the level: statements prepared before an admin turns the audit on decode afterwards
        this.prepared = policy.on() ? new PreparedStatements(policy.maxStatementBytes()) : null;
    }

    /** Records nothing; counts commands. */
    public static StatementAudit off() {
        return new StatementAudit(AuditPolicy.off(), 0, "", AuditLevel.OFF);
    }

    /**
     * The account's audit level changed while the session runs (any thread): statements are recorded,
     * or no longer, from the next command on.
     */
    public void statements(boolean recorded) {
        this.statements = recorded && policy.on();
    }

    /** Commands the session sent so far, whoever answered them. */
    public long commands() {
        return commands;
    }

    /** The error a statement gets when a block-mode trail cannot record it. */
    public static ErrPacket unrecorded() {
        return MySqlError.ER_AUDIT_API_ABORT.err(
                "the GrantGate audit trail cannot be written; the statement did not run");
    }

    /**
     * A command is about to go to the backend: {@code bytes[offset]} is its command byte. Returns false
     * when it must not be sent, as the block-mode trail cannot record it; nothing is counted then.
     */
    public boolean sending(CommandType type, byte[] bytes, int offset, int length) {
        if (prepared != null) {
            follow(type, bytes, offset, length);
        }
        String audited = statements ? auditedName(type) : null;
        if (audited != null) {
            begin(audited, type, bytes, offset, length);
            if (block) {
                if (!policy.trail().record(statement(Optional.empty(), 0))) {
                    command = null;
                    return false;
                }
                recordedAhead = true;
            }
        }
        commands++;
        return true;
    }

    /** The response to the last command sent is complete. */
    public void answered(ResponseSummary summary) {
        if (command == null) {
            return;
        }
        if ("prepare".equals(command)) {
            statementId = summary.statementId();
            if (statementId >= 0) {
                if (secretText) {
                    secretStatements.add(statementId);
                }
                prepared.prepared(statementId, summary.parameters());
            } else {
                prepared.prepareFailed();
            }
        }
        finish(outcomeOf(summary));
    }

    /** The session ended before the response did. */
    public void interrupted() {
        if (command != null) {
            finish(new AuditEvent.Outcome("interrupted", 0, 0, 0, 0, ""));
        }
    }

    /** A command the gateway answered itself: KILL, COM_CHANGE_USER, a refusal. */
    public void answeredByGateway(String name, String statementText, Optional<ErrPacket> error) {
        commands++;
        if (!statements) {
            return;
        }
        command = name;
        number = commands;
        byte[] bytes = statementText.getBytes(StandardCharsets.UTF_8);
        cutText(bytes, 0, bytes.length);
        statementId = -1;
        parameters = List.of();
        bulk = Optional.empty();
        startMicros = policy.nowMicros();
        startNanos = System.nanoTime();
        finish(
                error.isPresent()
                        ? new AuditEvent.Outcome(
                                "error",
                                0,
                                0,
                                0,
                                error.get().errorCode(),
                                error.get().sqlState())
                        : new AuditEvent.Outcome("ok", 0, 0, 1, 0, ""));
    }

    /** The backend dropped the session's prepared statements without a command of the client's: a refused COM_CHANGE_USER. */
    public void sessionReset() {
        forgetStatements();
    }

    private void forgetStatements() {
        secretStatements.clear();
        if (prepared != null) {
            prepared.clear();
        }
    }

    /** The prepared statements' state follows the commands that change it, audited or not. */
    private void follow(CommandType type, byte[] bytes, int offset, int length) {
        switch (type) {
            case COM_STMT_SEND_LONG_DATA -> prepared.longData(bytes, offset, length);
            case COM_STMT_RESET -> prepared.reset(bytes, offset, length);
            case COM_STMT_CLOSE -> {
                secretStatements.remove(prepared.statementId(bytes, offset, length));
                prepared.closed(bytes, offset, length);
            }
            case COM_RESET_CONNECTION -> forgetStatements();
            default -> {}
        }
    }

    private static String auditedName(CommandType type) {
        return switch (type) {
            case COM_QUERY -> "query";
            case COM_STMT_PREPARE -> "prepare";
            case COM_STMT_EXECUTE -> "execute";
            case COM_STMT_BULK_EXECUTE -> "bulk_execute";
            case COM_INIT_DB -> "init_db";
            default -> null;
        };
    }

    private void begin(String name, CommandType type, byte[] bytes, int offset, int length) {
        command = name;
        number = commands + 1;
        startMicros = policy.nowMicros();
        startNanos = System.nanoTime();
        statementId = -1;
        parameters = List.of();
        bulk = Optional.empty();
        if (type == CommandType.COM_STMT_EXECUTE) {
            text = Optional.empty();
            textBytes = 0;
            statementId = prepared.statementId(bytes, offset, length);
            parameters = prepared.execute(bytes, offset, length);
            if (secretStatements.contains(statementId)) {
                parameters = withheld(parameters);
            }
        } else if (type == CommandType.COM_STMT_BULK_EXECUTE) {
            text = Optional.empty();
            textBytes = 0;
            statementId = prepared.statementId(bytes, offset, length);
            BulkRows rows = prepared.bulkExecute(bytes, offset, length);
            if (secretStatements.contains(statementId)) {
                rows = new BulkRows(
                        rows.rows().stream().map(row -> withheld(row)).toList(), rows.total());
            }
            bulk = Optional.of(rows);
        } else {
            cutText(bytes, offset + 1, length - 1);
        }
    }

    private void cutText(byte[] bytes, int offset, int length) {
        int kept = Math.min(length, policy.maxStatementBytes());
        String decoded = new String(bytes, offset, kept, StandardCharsets.UTF_8);
        secretText = SecretRedaction.mentionsSecrets(decoded);
        text = Optional.of(secretText ? SecretRedaction.redact(decoded) : decoded);
        textBytes = length;
    }

    private static List<AuditValue> withheld(List<AuditValue> values) {
        return values.stream().map(StatementAudit::withheld).toList();
    }

    /** A value bound to a statement that names a password: its type and length, never its bytes. */
    private static AuditValue withheld(AuditValue value) {
        return value.value().isEmpty()
                ? value
                : new AuditValue(
                        value.type(), AuditValue.Kind.TEXT, Optional.of("<secret>"), value.length(), Optional.empty());
    }

    private void finish(AuditEvent.Outcome outcome) {
        long duration = (System.nanoTime() - startNanos) / 1_000;
        if (recordedAhead) {
            recordedAhead = false;
            policy.trail()
                    .record(new AuditEvent.StatementResult(
                            policy.nowMicros(), policy.instance(), connectionId, user, number, outcome, duration));
        } else {
            policy.trail().record(statement(Optional.of(outcome), duration));
        }
        command = null;
    }

    private AuditEvent.Statement statement(Optional<AuditEvent.Outcome> outcome, long durationMicros) {
        return new AuditEvent.Statement(
                startMicros,
                policy.instance(),
                connectionId,
                user,
                number,
                command,
                text,
                textBytes,
                statementId,
                parameters,
                bulk,
                outcome,
                durationMicros);
    }

    private static AuditEvent.Outcome outcomeOf(ResponseSummary summary) {
        String status = summary.failed() ? "error" : summary.resultSets() > 0 ? "rows" : "ok";
        return new AuditEvent.Outcome(
                status,
                summary.affectedRows(),
                summary.rows(),
                summary.results(),
                Math.max(summary.errorCode(), 0),
                summary.sqlState());
    }
}
