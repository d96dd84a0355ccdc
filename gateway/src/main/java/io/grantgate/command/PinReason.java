package io.grantgate.command;

/**
 * Why a multiplexed session keeps its backend connection until it ends: state on the backend
 * connection that another session must not see and that this one must find again. Each has the
 * name its metric tag and the log use.
 */
public enum PinReason {
    /** An open transaction (SERVER_STATUS_IN_TRANS), or autocommit turned off. */
    TRANSACTION("transaction"),
    /**
     * The backend's session-state tracking said the session changed: a system variable, the schema,
     * a user variable set by SET, a temporary table, an SQL PREPARE, LOCK TABLES, the next
     * transaction's characteristics (SERVER_SESSION_STATE_CHANGED).
     */
    SESSION_STATE("session_state"),
    /** COM_STMT_PREPARE and the other COM_STMT_* commands: server-side statement ids live on the connection. */
    PREPARED_STATEMENT("prepared_statement"),
    /** A user variable assigned where the tracker may be silent ({@code SELECT @a := 1}, {@code INTO @a}). */
    USER_VARIABLE("user_variable"),
    /** GET_LOCK and other named or table locks the tracker does not report. */
    LOCK("lock"),
    /** LAST_INSERT_ID, SQL_CALC_FOUND_ROWS, or a generated AUTO_INCREMENT value. */
    LAST_RESULT("last_result"),
    /** CONNECTION_ID(): the id the session sees must stay the one it holds. */
    CONNECTION_ID("connection_id"),
    /** SQL the gateway cannot see into, or that keeps a cursor: CALL, EXECUTE (IMMEDIATE), HANDLER. */
    OPAQUE_SQL("opaque_sql"),
    /** A command other than a plain query or ping (COM_SET_OPTION, COM_INIT_DB …). */
    COMMAND("command");

    private final String tag;

    PinReason(String tag) {
        this.tag = tag;
    }

    /** The reason as the metrics and logs name it. */
    public String tag() {
        return tag;
    }
}
