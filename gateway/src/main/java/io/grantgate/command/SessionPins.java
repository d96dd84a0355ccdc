package io.grantgate.command;

import io.grantgate.protocol.ResponseSummary;
import io.grantgate.protocol.constant.CommandType;
import io.grantgate.protocol.constant.ServerStatus;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a multiplexed session must keep its backend connection: from the command before it is
 * forwarded ({@link #beforeCommand}), and from the response ({@link #afterResponse}).
 *
 * <p>The response is the main source: the gateway's backend connections run with MariaDB's and
 * MySQL's session-state tracking on ({@code session_track_state_change},
 * {@code session_track_system_variables='*'}, {@code session_track_transaction_info}), so the server
 * itself flags (SERVER_SESSION_STATE_CHANGED) a statement that changed a variable, the schema, a
 * user variable by SET, a temporary table, a PREPARE or LOCK TABLES; an open transaction or
 * autocommit off show in the status flags. The flag also comes for BEGIN and COMMIT; the OK's
 * session-state information tells the transaction's own entries from the rest
 * ({@link ResponseSummary#otherStateChanged}), so a session pinned by its transaction alone can be
 * unpinned after it. The command scan covers only what MariaDB 11.4 was seen
 * not to report (a user variable assigned in a SELECT, GET_LOCK, LAST_INSERT_ID and its kin) and SQL
 * the gateway cannot see into; like {@link SchemaChanges} it looks for words anywhere in the text,
 * comments and string literals included, so it errs towards pinning. Stateless.
 */
public final class SessionPins {

    private static final byte[] GET_LOCK = word("GET_LOCK");
    private static final byte[] LOCK = word("LOCK");
    private static final byte[] LAST_INSERT_ID = word("LAST_INSERT_ID");
    private static final byte[] FOUND_ROWS = word("FOUND_ROWS");
    private static final byte[] ROW_COUNT = word("ROW_COUNT");
    private static final byte[] SQL_CALC_FOUND_ROWS = word("SQL_CALC_FOUND_ROWS");
    private static final byte[] CONNECTION_ID = word("CONNECTION_ID");
    private static final byte[] CALL = word("CALL");
    private static final byte[] EXECUTE = word("EXECUTE");
    private static final byte[] HANDLER = word("HANDLER");
    private static final byte[] INTO = word("INTO");
    private static final byte[] LOAD = word("LOAD");
    private static final byte[] DIAGNOSTICS = word("DIAGNOSTICS");
    private static final byte[] SET = word("SET");

    private SessionPins() {}

    /**
     * What pins the session from the command alone; {@code bytes[offset]} is the command byte and
     * {@code length} bytes from there the command.
     */
    public static Optional<PinReason> beforeCommand(CommandType command, byte[] bytes, int offset, int length) {
        return switch (command) {
            case COM_QUERY -> scan(bytes, offset + 1, offset + length);
            case COM_PING, COM_STATISTICS, COM_FIELD_LIST, COM_QUIT -> Optional.empty();
            case COM_STMT_PREPARE,
                    COM_STMT_EXECUTE,
                    COM_STMT_SEND_LONG_DATA,
                    COM_STMT_CLOSE,
                    COM_STMT_RESET,
                    COM_STMT_FETCH,
                    COM_STMT_BULK_EXECUTE -> Optional.of(PinReason.PREPARED_STATEMENT);
            default -> Optional.of(PinReason.COMMAND);
        };
    }

    /**
     * Whether a statement reads a value the previous statement on the connection left
     * (FOUND_ROWS(), ROW_COUNT()): run on a connection another session used last, it would read that
     * session's, so such a connection is first made to read as a fresh one.
     */
    public static boolean readsLastResult(CommandType command, byte[] bytes, int offset, int length) {
        int from = offset + 1;
        int to = offset + length;
        return command == CommandType.COM_QUERY
                && (SchemaChanges.containsWord(bytes, from, to, FOUND_ROWS)
                        || SchemaChanges.containsWord(bytes, from, to, ROW_COUNT));
    }

    /**
     * What the complete response says pins the session, every reason it gives: a transaction open at
     * any point of it, or autocommit off at its end, or transaction characteristics set up for the
     * next one ({@link PinReason#TRANSACTION}, which the session may shed once a later response shows
     * it out of the transaction: {@link #transactionOver}); state other than the transaction's in the
     * session-state information, or a cursor, or a generated id (which stay).
     */
    public static Set<PinReason> afterResponse(ResponseSummary summary, int statusFlags) {
        Set<PinReason> reasons = EnumSet.noneOf(PinReason.class);
        int seen = summary.statusSeen() | statusFlags;
        if (ServerStatus.SERVER_STATUS_IN_TRANS.isSetIn(seen)
                || !ServerStatus.SERVER_STATUS_AUTOCOMMIT.isSetIn(statusFlags)
                || summary.characteristicsPending().orElse(false)) {
            reasons.add(PinReason.TRANSACTION);
        }
        if (ServerStatus.SERVER_SESSION_STATE_CHANGED.isSetIn(seen) && summary.otherStateChanged()) {
            reasons.add(PinReason.SESSION_STATE);
        }
        if (ServerStatus.SERVER_STATUS_CURSOR_EXISTS.isSetIn(seen)) {
            reasons.add(PinReason.PREPARED_STATEMENT);
        }
        if (summary.insertIdSet()) {
            reasons.add(PinReason.LAST_RESULT);
        }
        return reasons;
    }

    /**
     * Whether the session is out of its transaction as of the response's end: none open, autocommit
     * on. Transaction characteristics still set up for the next one are checked by the caller, who
     * remembers them across responses.
     */
    public static boolean transactionOver(int statusFlags) {
        return !ServerStatus.SERVER_STATUS_IN_TRANS.isSetIn(statusFlags)
                && ServerStatus.SERVER_STATUS_AUTOCOMMIT.isSetIn(statusFlags);
    }

    private static Optional<PinReason> scan(byte[] bytes, int from, int to) {
        if (mayAssignUserVariable(bytes, from, to)) {
            return Optional.of(PinReason.USER_VARIABLE);
        }
        if (SchemaChanges.containsWord(bytes, from, to, GET_LOCK)
                || SchemaChanges.containsWord(bytes, from, to, LOCK)) {
            return Optional.of(PinReason.LOCK);
        }
        // reading FOUND_ROWS() or ROW_COUNT() does not pin: see readsLastResult
        if (SchemaChanges.containsWord(bytes, from, to, LAST_INSERT_ID)
                || SchemaChanges.containsWord(bytes, from, to, SQL_CALC_FOUND_ROWS)) {
            return Optional.of(PinReason.LAST_RESULT);
        }
        if (SchemaChanges.containsWord(bytes, from, to, CONNECTION_ID)) {
            return Optional.of(PinReason.CONNECTION_ID);
        }
        if (SchemaChanges.containsWord(bytes, from, to, CALL)
                || SchemaChanges.containsWord(bytes, from, to, EXECUTE)
                || SchemaChanges.containsWord(bytes, from, to, HANDLER)) {
            return Optional.of(PinReason.OPAQUE_SQL);
        }
        return Optional.empty();
    }

    /**
     * A user variable with a way to assign it: {@code :=}, or the words INTO ({@code SELECT … INTO
     * @v}), LOAD ({@code LOAD DATA … (@col)}), DIAGNOSTICS ({@code GET DIAGNOSTICS @v = …}) or SET.
     * Only reading one does not pin: an unpinned session has set none (setting one pins it), and the
     * connections it borrows carry none of other sessions' (theirs are reset when they end).
     */
    static boolean mayAssignUserVariable(byte[] bytes, int from, int to) {
        if (!mentionsUserVariable(bytes, from, to)) {
            return false;
        }
        for (int i = from; i + 1 < to; i++) {
            if (bytes[i] == ':' && bytes[i + 1] == '=') {
                return true;
            }
        }
        return SchemaChanges.containsWord(bytes, from, to, INTO)
                || SchemaChanges.containsWord(bytes, from, to, LOAD)
                || SchemaChanges.containsWord(bytes, from, to, DIAGNOSTICS)
                || SchemaChanges.containsWord(bytes, from, to, SET);
    }

    /** An {@code @} not next to another: a user variable ({@code @@name} is a system variable, which the tracker reports). */
    static boolean mentionsUserVariable(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == '@') {
                if (i + 1 < to && bytes[i + 1] == '@') {
                    i++;
                    continue;
                }
                return true;
            }
        }
        return false;
    }

    private static byte[] word(String upperCase) {
        return upperCase.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
