package io.grantgate.audit;

import io.grantgate.audit.AuditValue.Kind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One session's prepared statements as far as the audit needs them: each statement's parameter
 * count, the parameter types the client last bound and the long data it sent, so that every
 * COM_STMT_EXECUTE the gateway relays can be recorded with its parameter values.
 *
 * <p>The gateway feeds it what it relays, as raw payloads ({@code payload[offset]} is the command
 * byte): the statement id and parameter count of each COM_STMT_PREPARE_OK, and the
 * COM_STMT_SEND_LONG_DATA, COM_STMT_EXECUTE, COM_STMT_RESET and COM_STMT_CLOSE packets. Statement id
 * 0xFFFFFFFF means the statement prepared last (MariaDB 10.2 and later).
 *
 * <p>Nothing here throws because of what a client sent: a malformed or truncated execute, an
 * unknown statement, or types never sent give a single value of type {@value #UNDECODABLE} that
 * says why, and bad long data, reset or close packets are ignored. The relay must never fail because
 * of the audit.
 *
 * <p>Memory is bounded. At most {@code maxStatements} statements are tracked: past that the least
 * recently prepared or executed one is forgotten, and its executes are recorded as
 * {@value #UNDECODABLE} (a client that prepares without closing loses the audit of its oldest
 * statements, not the relay). Of a long-data value, at most {@code maxValueBytes} bytes are kept,
 * and at most {@code maxLongDataBytes} for the whole session; past that, values show fewer bytes,
 * still with their length and the SHA-256 of all of them.
 *
 * <p>Not thread-safe: confined to one thread at a time, the thread serving its session. A session
 * that moves to another thread must hand this over with the rest of its state, through a
 * happens-before edge (the hand-over's queue or lock).
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_stmt_execute.html">COM_STMT_EXECUTE</a>
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_stmt_send_long_data.html">COM_STMT_SEND_LONG_DATA</a>
 * @see <a href="https://mariadb.com/docs/server/reference/clientserver-protocol/3-binary-protocol-prepared-statements/com_stmt_execute">MariaDB: COM_STMT_EXECUTE (statement id -1)</a>
 */
public final class PreparedStatements {

    /** The type of the one value an execute whose parameters cannot be told is recorded with. */
    public static final String UNDECODABLE = "UNDECODABLE";

    /** The statement id that means "the statement prepared last" (MariaDB). */
    public static final long LAST_PREPARED = 0xFFFFFFFFL;

    public static final int DEFAULT_MAX_VALUE_BYTES = 64 * 1024;
    public static final int DEFAULT_MAX_STATEMENTS = 10_000;

    /** Long-data prefixes a session may hold by default, in values of the cap. */
    public static final int DEFAULT_LONG_DATA_VALUES = 16;

    private static final int COM_STMT_EXECUTE = 0x17;
    private static final int COM_STMT_BULK_EXECUTE = 0xFA;

    /** Command byte, statement id int<4>, parameter id int<2>. */
    private static final int LONG_DATA_HEADER = 7;

    private final int maxValueBytes;
    private final int maxStatements;
    private final MemoryBudget longDataBudget;
    private final Map<Long, StatementState> statements;
    private long lastPrepared = -1;
    private long forgotten;

    /** A session's statements with the default limits and {@code maxValueBytes} kept of each value. */
    public PreparedStatements(int maxValueBytes) {
        this(maxValueBytes, DEFAULT_MAX_STATEMENTS, (long) DEFAULT_LONG_DATA_VALUES * maxValueBytes);
    }

    /**
     * @param maxValueBytes the most bytes of one string or binary value to record
     * @param maxStatements the most statements to track
     * @param maxLongDataBytes the most bytes of long data to hold, all statements together
     */
    public PreparedStatements(int maxValueBytes, int maxStatements, long maxLongDataBytes) {
        if (maxValueBytes < 0 || maxStatements < 1 || maxLongDataBytes < 0) {
            throw new IllegalArgumentException("limits must not be negative, and at least one statement tracked");
        }
        this.maxValueBytes = maxValueBytes;
        this.maxStatements = maxStatements;
        this.longDataBudget = new MemoryBudget(maxLongDataBytes);
        // access order: executes and long data keep a statement from being the one forgotten
        this.statements = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, StatementState> eldest) {
                if (size() <= PreparedStatements.this.maxStatements) {
                    return false;
                }
                eldest.getValue().clearLongData(longDataBudget);
                forgotten++;
                return true;
            }
        };
    }

    /**
     * The backend prepared a statement (COM_STMT_PREPARE_OK). Values outside int&lt;4&gt; and
     * int&lt;2&gt; are ignored; a {@code ComStmtPrepareOk} never has them.
     */
    public void prepared(long statementId, int parameterCount) {
        if (statementId < 0 || statementId > 0xFFFFFFFFL || parameterCount < 0 || parameterCount > 0xFFFF) {
            return;
        }
        StatementState previous = statements.put(statementId, new StatementState(parameterCount));
        if (previous != null) {
            previous.clearLongData(longDataBudget);
        }
        lastPrepared = statementId;
    }

    /** A COM_STMT_PREPARE failed: statement id -1 names no statement until the next one succeeds (MariaDB). */
    public void prepareFailed() {
        lastPrepared = -1;
    }

    /**
     * COM_STMT_SEND_LONG_DATA: appends the data to the parameter's long data. Ignored when the
     * statement is unknown, the parameter does not exist or the payload is too short, as the audit
     * has nowhere to put it (the server fails such an execute).
     */
    public void longData(byte[] payload, int offset, int length) {
        if (!fits(payload, offset, length) || length < LONG_DATA_HEADER) {
            return;
        }
        StatementState statement = statements.get(resolve(int4(payload, offset + 1)));
        int parameter = (payload[offset + 5] & 0xFF) | (payload[offset + 6] & 0xFF) << 8;
        if (statement == null || parameter >= statement.parameterCount) {
            return;
        }
        statement
                .longDataFor(parameter)
                .append(payload, offset + LONG_DATA_HEADER, length - LONG_DATA_HEADER, maxValueBytes, longDataBudget);
    }

    /**
     * COM_STMT_EXECUTE: the values of its parameters in order, or a single {@value #UNDECODABLE}
     * value that says why there are none. The statement's long data is forgotten afterwards, as the
     * server forgets it. Types sent with this execute are remembered for the next.
     */
    public List<AuditValue> execute(byte[] payload, int offset, int length) {
        if (!fits(payload, offset, length)) {
            return undecodable("no payload");
        }
        ValueReader in = new ValueReader(payload, offset, length);
        StatementState statement = null;
        try {
            if (in.int1() != COM_STMT_EXECUTE) {
                return undecodable("not a COM_STMT_EXECUTE");
            }
            long id = resolve(in.fixed(4));
            in.int1(); // flags: the cursor type, nothing to do with the values
            in.fixed(4); // iteration count, 1 without MariaDB bulk operations
            statement = statements.get(id);
            if (statement == null) {
                return undecodable(unknown(id));
            }
            return ExecuteDecoder.decode(statement, in, maxValueBytes);
        } catch (Undecodable e) {
            return undecodable(e.getMessage());
        } catch (RuntimeException e) {
            // a bug here must cost the audit one record, not the session its relay
            return undecodable("audit decoder failed: " + e);
        } finally {
            if (statement != null) {
                statement.clearLongData(longDataBudget);
            }
        }
    }

    /**
     * MariaDB's COM_STMT_BULK_EXECUTE: its first rows of values and its row count ({@link BulkDecoder}),
     * or a single {@value #UNDECODABLE} value that says why there are none. Types sent with it are
     * remembered for the next execute. Long data does not apply to it: the server refuses a bulk
     * execute after long data, so whatever was sent is forgotten, as after an execute.
     */
    public BulkRows bulkExecute(byte[] payload, int offset, int length) {
        if (!fits(payload, offset, length)) {
            return BulkRows.undecodable(undecodable("no payload"));
        }
        ValueReader in = new ValueReader(payload, offset, length);
        StatementState statement = null;
        try {
            if (in.int1() != COM_STMT_BULK_EXECUTE) {
                return BulkRows.undecodable(undecodable("not a COM_STMT_BULK_EXECUTE"));
            }
            long id = resolve(in.fixed(4));
            statement = statements.get(id);
            if (statement == null) {
                return BulkRows.undecodable(undecodable(unknown(id)));
            }
            return BulkDecoder.decode(statement, in, maxValueBytes);
        } catch (Undecodable e) {
            return BulkRows.undecodable(undecodable(e.getMessage()));
        } catch (RuntimeException e) {
            return BulkRows.undecodable(undecodable("audit decoder failed: " + e));
        } finally {
            if (statement != null) {
                statement.clearLongData(longDataBudget);
            }
        }
    }

    /** COM_STMT_RESET: forgets the statement's long data; its types stay bound. */
    public void reset(byte[] payload, int offset, int length) {
        StatementState statement = statements.get(statementId(payload, offset, length));
        if (statement != null) {
            statement.clearLongData(longDataBudget);
        }
    }

    /** COM_STMT_CLOSE: forgets the statement. */
    public void closed(byte[] payload, int offset, int length) {
        StatementState statement = statements.remove(statementId(payload, offset, length));
        if (statement != null) {
            statement.clearLongData(longDataBudget);
        }
    }

    /** COM_RESET_CONNECTION or COM_CHANGE_USER: the server closed every statement. */
    public void clear() {
        statements.values().forEach(statement -> statement.clearLongData(longDataBudget));
        statements.clear();
        lastPrepared = -1;
    }

    /**
     * The statement a COM_STMT_EXECUTE, SEND_LONG_DATA, RESET, CLOSE or FETCH payload names, with
     * 0xFFFFFFFF resolved to the statement prepared last; -1 when the payload is too short or no
     * statement was prepared.
     */
    public long statementId(byte[] payload, int offset, int length) {
        long raw = rawStatementId(payload, offset, length);
        return raw < 0 ? -1 : resolve(raw);
    }

    /**
     * The statement id int&lt;4&gt; after the command byte of a COM_STMT_EXECUTE, SEND_LONG_DATA,
     * RESET, CLOSE or FETCH payload, as sent: {@link #LAST_PREPARED} is not resolved (that takes the
     * session's state, see {@link #statementId}). -1 when the payload is too short.
     */
    public static long rawStatementId(byte[] payload, int offset, int length) {
        if (!fits(payload, offset, length) || length < 5) {
            return -1;
        }
        return int4(payload, offset + 1);
    }

    private long resolve(long statementId) {
        return statementId == LAST_PREPARED ? lastPrepared : statementId;
    }

    private String unknown(long id) {
        if (id < 0) {
            return "statement id -1 (the last prepared), but no statement is prepared";
        }
        return forgotten == 0
                ? "unknown statement id " + id
                : "unknown statement id " + id + ", or one of the " + forgotten
                        + " forgotten because the session kept more than " + maxStatements + " open";
    }

    private static List<AuditValue> undecodable(String reason) {
        return List.of(new AuditValue(UNDECODABLE, Kind.TEXT, Optional.of(reason), 0, Optional.empty()));
    }

    private static boolean fits(byte[] payload, int offset, int length) {
        return payload != null && offset >= 0 && length >= 0 && offset <= payload.length - length;
    }

    private static long int4(byte[] b, int at) {
        return (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16 | (b[at + 3] & 0xFFL) << 24;
    }

    @Override
    public String toString() {
        return "PreparedStatements[" + statements.size() + " tracked, " + forgotten + " forgotten]";
    }
}
