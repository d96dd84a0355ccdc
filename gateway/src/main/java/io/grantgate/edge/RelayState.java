package io.grantgate.edge;

import io.grantgate.command.SchemaChanges;
import io.grantgate.command.SessionLocks;
import io.grantgate.command.StatementAudit;
import io.grantgate.protocol.ErrAccountRewrite;
import io.grantgate.protocol.ResponseSummary;
import io.grantgate.protocol.ResponseTracker;
import io.grantgate.protocol.constant.CommandType;
import io.grantgate.protocol.constant.MySqlError;
import io.grantgate.protocol.constant.ServerStatus;

/**
 * What a session's command phase knows of its backend connection, whichever path relays it (the
 * session's thread or a relay loop): the {@link ResponseTracker} that finds where each response
 * ends, whether a response is in flight, and whether the default schema may have changed. Both
 * paths report each forwarded command and each complete response here, so what the session owes
 * the pool at its end ({@link #backendEnding}) is decided in one place, and so is what the audit
 * records of each statement ({@link StatementAudit}) and the session's traffic.
 *
 * <p>Threading: used by one thread at a time — the session's, or the loop's while the session is
 * on it; the hand-over between them is a happens-before edge (the loop's outcome future).
 */
final class RelayState {

    private final ResponseTracker tracker;
    private final StatementAudit audit;
    private final ErrAccountRewrite errors;
    private long bytesFromClient;
    private long bytesToClient;
    /** False while a response is in flight: a connection left mid-response cannot be reused. */
    private boolean betweenResponses = true;

    /** The last forwarded command has a response, whose status flags then are the session's. */
    private boolean answered;
    /** Some response has reported the session's status flags. */
    private boolean statusKnown;

    private boolean schemaMayHaveChanged;
    /** A statement may have taken locks that outlive it ({@link SessionLocks}). */
    private boolean mayHoldLocks;
    /** A response said the backend killed this connection: it closes next, and so does the session. */
    private boolean backendKilled;
    /** A multiplexed session's: its pins are read from its OKs' session-state information. */
    private boolean readsSessionState;

    RelayState(ResponseTracker tracker, StatementAudit audit) {
        this(tracker, audit, ErrAccountRewrite.NONE);
    }

    /** @param errors what the access errors relayed to the client name instead of the backend account */
    RelayState(ResponseTracker tracker, StatementAudit audit, ErrAccountRewrite errors) {
        this.tracker = tracker;
        this.audit = audit;
        this.errors = errors;
    }

    /** The session is multiplexed: a relay gives the tracker its OK packets whole, for their session-state information. */
    void readSessionState() {
        readsSessionState = true;
    }

    boolean readsSessionState() {
        return readsSessionState;
    }

    ResponseTracker tracker() {
        return tracker;
    }

    StatementAudit audit() {
        return audit;
    }

    ErrAccountRewrite errors() {
        return errors;
    }

    /**
     * A command is about to go to the backend: {@code bytes[offset]} is its command byte. False when
     * it must not go: a block-mode audit trail cannot record it (nothing changed then; the session's
     * thread answers it with {@link StatementAudit#unrecorded()}).
     */
    boolean forwarding(CommandType type, byte[] bytes, int offset, int length) {
        if (!audit.sending(type, bytes, offset, length)) {
            return false;
        }
        bytesFromClient += length + 4L;
        if (!schemaMayHaveChanged) {
            schemaMayHaveChanged = SchemaChanges.possible(type, bytes, offset, length);
        }
        if (!mayHoldLocks) {
            mayHoldLocks = SessionLocks.possible(type, bytes, offset, length);
        }
        answered = ResponseTracker.answered(type);
        betweenResponses = false;
        return true;
    }

    /** The response to the last forwarded command is complete (or there was none to wait for). */
    void responded() {
        betweenResponses = true;
        statusKnown |= answered;
        audit.answered(tracker.summary());
        ResponseSummary summary = tracker.summary();
        // the code and its SQLSTATE: 1927 is MariaDB's, and nothing else of a MySQL server's
        backendKilled |= summary.errorCode() == MySqlError.ER_CONNECTION_KILLED.code()
                && summary.sqlState().equals(MySqlError.ER_CONNECTION_KILLED.sqlState());
    }

    /**
     * Whether the last response was MariaDB's 1927: this backend connection was killed (by a KILL the
     * session itself relayed, or from outside) and the backend closes it after that error.
     */
    boolean backendKilled() {
        return backendKilled;
    }

    /** A command was forwarded and its response has not ended. */
    boolean inFlight() {
        return !betweenResponses;
    }

    /** Bytes the client sent the backend beyond its commands: LOCAL INFILE data. */
    void fromClient(long bytes) {
        bytesFromClient += bytes;
    }

    /** Bytes written to the client: responses and the gateway's own answers. */
    void toClient(long bytes) {
        bytesToClient += bytes;
    }

    long bytesFromClient() {
        return bytesFromClient;
    }

    long bytesToClient() {
        return bytesToClient;
    }

    /** The session is over: a statement whose response did not end is recorded as interrupted. */
    void ended() {
        if (!betweenResponses) {
            audit.interrupted();
        }
    }

    /** The backend connection cannot be reused: cut mid-response, or out of step. */
    void broken() {
        betweenResponses = false;
    }

    /** The backend session was reset (a refused COM_CHANGE_USER): no statement and no status of before is its. */
    void sessionReset() {
        audit.sessionReset();
        statusKnown = false;
        mayHoldLocks = false;
    }

    /** How the backend connection is to be given back when the session ends. */
    BackendLease.Ending backendEnding() {
        if (!betweenResponses || backendKilled) {
            return BackendLease.Ending.BROKEN;
        }
        if (mayHoldLocks || statusKnown && ServerStatus.SERVER_STATUS_IN_TRANS.isSetIn(tracker.statusFlags())) {
            return BackendLease.Ending.HOLDS_LOCKS;
        }
        return schemaMayHaveChanged ? BackendLease.Ending.SCHEMA_CHANGED : BackendLease.Ending.SCHEMA_KEPT;
    }

    /**
     * The session's status as the backend last reported it, for an OK of the gateway's own (a KILL's);
     * before any response has, a fresh (reset) session's: autocommit.
     */
    int statusFlags() {
        return statusKnown ? tracker.statusFlags() : ServerStatus.SERVER_STATUS_AUTOCOMMIT.mask();
    }
}
