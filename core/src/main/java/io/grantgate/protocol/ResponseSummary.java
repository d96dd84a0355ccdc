package io.grantgate.protocol;

import io.grantgate.protocol.message.server.ErrPacket;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What a response said, as far as its tracked first bytes show, for the audit: how many results
 * (OKs and result sets), rows counted (never decoded), affected rows summed over the OKs, the first
 * error's code and SQLSTATE, and a COM_STMT_PREPARE_OK's statement id and parameter count. Reset
 * at each command by {@link ResponseTracker#begin}; mutable and confined like the tracker, and it
 * allocates nothing until an error's SQLSTATE is asked for.
 */
public final class ResponseSummary {

    private int results;
    private int resultSets;
    private long rows;
    private long affectedRows;
    private int errorCode = -1;
    private final byte[] sqlState = new byte[5];
    private boolean sqlStateKnown;
    private long statementId = -1;
    private int parameters;
    /** Every status flag an OK or EOF of the response set, so a flag of one result of several is not lost. */
    private int statusSeen;
    /** Some OK of the response carried a last insert id other than 0. */
    private boolean insertIdSet;
    /** Some packet said SERVER_SESSION_STATE_CHANGED for state other than the transaction's, or could not say which. */
    private boolean otherStateChanged;
    /** The last transaction characteristics reported: whether some are set up; empty when none was reported. */
    private Optional<Boolean> characteristicsPending = Optional.empty();

    void reset() {
        results = 0;
        resultSets = 0;
        rows = 0;
        affectedRows = 0;
        errorCode = -1;
        sqlStateKnown = false;
        statementId = -1;
        parameters = 0;
        statusSeen = 0;
        insertIdSet = false;
        otherStateChanged = false;
        characteristicsPending = Optional.empty();
    }

    void ok(long affected, long insertId) {
        results++;
        affectedRows += affected;
        insertIdSet |= insertId != 0;
    }

    void status(int flags) {
        statusSeen |= flags;
    }

    /** An OK's session-state information, sorted by {@link SessionStateChanges}. */
    void sessionState(boolean other, Optional<Boolean> characteristics) {
        otherStateChanged |= other;
        if (characteristics.isPresent()) {
            characteristicsPending = characteristics;
        }
    }

    /** A packet said SERVER_SESSION_STATE_CHANGED but its information was not read: taken as other state. */
    void sessionStateUnread() {
        otherStateChanged = true;
    }

    void resultSet() {
        results++;
        resultSets++;
    }

    void row() {
        rows++;
    }

    /** An ERR's first bytes: header, code, and with CLIENT_PROTOCOL_41 '#' and the SQLSTATE. */
    void error(byte[] payload, int offset, int available) {
        if (errorCode >= 0 || available < 3) {
            return;
        }
        errorCode = (payload[offset + 1] & 0xFF) | (payload[offset + 2] & 0xFF) << 8;
        sqlStateKnown = available >= 9 && payload[offset + 3] == '#';
        if (sqlStateKnown) {
            System.arraycopy(payload, offset + 4, sqlState, 0, 5);
        }
    }

    void prepared(long id, int parameterCount) {
        statementId = id;
        parameters = parameterCount;
    }

    /** OK packets and result sets, in a multi-statement's or a procedure's response each. */
    public int results() {
        return results;
    }

    public int resultSets() {
        return resultSets;
    }

    public long rows() {
        return rows;
    }

    public long affectedRows() {
        return affectedRows;
    }

    public boolean failed() {
        return errorCode >= 0;
    }

    /** The first ERR's code; -1 when none came. */
    public int errorCode() {
        return errorCode;
    }

    /** The first ERR's SQLSTATE, HY000 when it carried none; empty when no ERR came. */
    public String sqlState() {
        if (errorCode < 0) {
            return "";
        }
        return sqlStateKnown ? new String(sqlState, StandardCharsets.US_ASCII) : ErrPacket.UNKNOWN_SQL_STATE;
    }

    /** A COM_STMT_PREPARE_OK's statement id; -1 for any other response. */
    public long statementId() {
        return statementId;
    }

    /**
     * The status flags of every OK and EOF of the response or'ed together: whether any result of a
     * multi-statement said, for example, SERVER_SESSION_STATE_CHANGED. ERR packets carry none.
     */
    public int statusSeen() {
        return statusSeen;
    }

    /** Whether an OK of the response carried a last insert id other than 0 (an AUTO_INCREMENT value was generated). */
    public boolean insertIdSet() {
        return insertIdSet;
    }

    /**
     * Whether a packet of the response reported a session-state change other than the transaction's
     * (see {@link SessionStateChanges}), or one whose information could not be read: either way the
     * state stays on the connection after the transaction.
     */
    public boolean otherStateChanged() {
        return otherStateChanged;
    }

    /**
     * The transaction characteristics the response reported last: true when some are set up (for the
     * transaction running, or for the next one), false when none; empty when it reported none.
     */
    public Optional<Boolean> characteristicsPending() {
        return characteristicsPending;
    }

    /** A COM_STMT_PREPARE_OK's parameter count. */
    public int parameters() {
        return parameters;
    }
}
