package io.grantgate.edge;

import io.grantgate.account.AccountMirror;
import io.grantgate.account.BackendLogin;
import io.grantgate.backend.BackendConnection;
import io.grantgate.backend.BackendEndpoint;
import io.grantgate.backend.BackendException;
import io.grantgate.backend.BackendFailure;
import io.grantgate.backend.BackendNodes;
import io.grantgate.backend.BackendPool;
import io.grantgate.backend.BackendPoolKey;
import io.grantgate.backend.BackendPoolStats;
import io.grantgate.catalog.Account;
import io.grantgate.protocol.constant.Capabilities;
import io.grantgate.protocol.constant.CapabilityFlag;
import io.grantgate.protocol.constant.MySqlError;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backend connections from a pool, keyed by backend node, backend account and wire format: a new
 * session gets an already authenticated connection, from the first backend node in service
 * ({@link BackendNodes#candidates()}; when a node cannot be reached, the next), and gives it back reset
 * when it ends. A connection left
 * mid-response, or whose reset fails, is discarded instead. The reset is a new login as the same
 * account ({@link BackendConnection#resetConnection()}, which also leaves no default schema) unless the
 * session cannot have changed the schema and the connection logged in less than
 * {@link io.grantgate.backend.BackendPoolConfig#reloginAfter()} ago; then COM_RESET_CONNECTION
 * ({@link BackendConnection#resetKeepingSchema()}) does, and the schema it keeps is known. On borrow,
 * the connection is brought to the schema the client asked for, or to none, so a session that names
 * none finds none, whatever the previous one chose.
 * While a session holds it, reads from the backend have no timeout: a statement runs as long as the
 * backend lets it.
 *
 * <p>With {@link Multiplexing#TRANSACTION}, a session whose client negotiated CLIENT_SESSION_TRACK
 * gets a {@link MultiplexedLease} instead, which parks its connection back in the pool, unreset,
 * whenever a response leaves the session with no state on it, and borrows one again for its next
 * command.
 */
public final class PooledBackendConnector implements BackendConnector {

    private static final Logger log = LoggerFactory.getLogger(PooledBackendConnector.class);
    /** Connections tried when each one's due reset fails (a backend that restarted under the pool). */
    private static final int RESET_ATTEMPTS = 3;

    private final BackendPool pool;
    private final BackendNodes nodes;
    private final LongAdder relogins = new LongAdder();
    private final LongAdder resets = new LongAdder();
    private final Multiplexing multiplexing;
    private final MultiplexStats multiplexStats = new MultiplexStats();

    /** Without multiplexing: each session holds its connection for its life. */
    public PooledBackendConnector(BackendPool pool, BackendNodes nodes) {
        this(pool, nodes, Multiplexing.OFF);
    }

    /** @param multiplexing whether sessions give their connection back between transactions */
    public PooledBackendConnector(BackendPool pool, BackendNodes nodes, Multiplexing multiplexing) {
        this.pool = pool;
        this.nodes = nodes;
        this.multiplexing = multiplexing;
    }

    /** How returned connections were reset so far: by a new login, or by COM_RESET_CONNECTION. */
    public record ResetCounts(long relogins, long resets) {}

    public ResetCounts resetCounts() {
        return new ResetCounts(relogins.sum(), resets.sum());
    }

    @Override
    public BackendLease borrow(
            Account account, Capabilities clientCapabilities, int characterSet, Optional<String> schema)
            throws BackendRefusedException {
        BackendLogin login = AccountMirror.loginOf(account);
        boolean multiplexed = multiplexing.appliesTo(clientCapabilities);
        BackendConnection connection = connect(
                login,
                clientCapabilities,
                characterSet,
                schema,
                multiplexed ? Optional.of(SessionSetupState.LOGIN) : Optional.empty());
        if (multiplexed && connection.capabilities().contains(CapabilityFlag.CLIENT_SESSION_TRACK)) {
            return new MultiplexedLease(this, login, clientCapabilities, characterSet, schema, connection);
        }
        return new Lease(connection);
    }

    /**
     * A connection of the backend account, brought to {@code schema} (or none), with reads without a
     * timeout: ready to relay a session's commands. For a multiplexed session ({@code setup} present)
     * also with session-state tracking on and the session's SET statements applied: a connection
     * that another session's SETs are on is reset first, and so is one whose last login is older
     * than {@link io.grantgate.backend.BackendPoolConfig#reloginAfter()} when a session logs in
     * ({@code login}), so that no session starts with privileges read longer ago, as without multiplexing.
     */
    BackendConnection connect(
            BackendLogin login,
            Capabilities clientCapabilities,
            int characterSet,
            Optional<String> schema,
            Optional<SessionSetupState> setup)
            throws BackendRefusedException {
        BackendConnection connection = borrowReset(login, clientCapabilities, characterSet, setup.isEmpty());
        String wanted = schema.orElse("");
        try {
            if (setup.isPresent()) {
                boolean foreignSetup = !connection.setup().isEmpty()
                        && !connection.setup().equals(setup.get().key());
                if (setup.get().login()
                        && connection.sinceLogin().compareTo(pool.config().reloginAfter()) >= 0) {
                    connection.resetConnection();
                    relogins.increment();
                } else if (foreignSetup) {
                    (connection.resetKeepingSchema() ? resets : relogins).increment();
                }
            }
            if (!wanted.equals(connection.schema())) {
                if (wanted.isEmpty()) {
                    // only a new login leaves a connection with no default schema
                    connection.resetConnection();
                } else {
                    connection.initDb(wanted);
                }
            }
        } catch (BackendException e) {
            if (!e.connectionUsable()) {
                pool.returnBroken(connection);
                throw new BackendRefusedException(e.toErrPacket(), e);
            }
            pool.release(connection);
            throw new BackendRefusedException(e.serverError().orElse(MySqlError.ER_BAD_DB_ERROR.err(wanted)), e);
        }
        try {
            if (setup.isPresent() && connection.capabilities().contains(CapabilityFlag.CLIENT_SESSION_TRACK)) {
                if (!connection.setup().equals(setup.get().key())) {
                    connection.replaySetup(setup.get().key(), setup.get().statements());
                }
                connection.trackSessionState();
            }
            // a relayed statement may run for hours; and a blocking read without a timeout is one
            // system call, where a timed one on a platform thread is read, poll, read
            connection.readTimeout(Duration.ZERO);
        } catch (BackendException e) {
            pool.returnBroken(connection);
            throw new BackendRefusedException(e.toErrPacket(), e);
        }
        return connection;
    }

    /**
     * A pooled connection with the reset its last session's end left owing settled, or queued ahead of
     * the first command when {@code pipelined} allows (the relay of a session that holds the connection
     * for its life; a multiplexed session's own statements come first): a new login when the session
     * may have changed the schema, or the connection's last login is {@link
     * io.grantgate.backend.BackendPoolConfig#reloginAfter()} old, else COM_RESET_CONNECTION. Done here,
     * at the borrow, so that the session gets the global variables as they are when it starts. A
     * connection whose reset fails is discarded and another one taken, as a failed reset at the give-back
     * used to discard it unseen by anyone.
     */
    private BackendConnection borrowReset(
            BackendLogin login, Capabilities clientCapabilities, int characterSet, boolean pipelined)
            throws BackendRefusedException {
        for (int attempt = 1; ; attempt++) {
            BackendConnection connection = borrowFromFirstReachable(login, clientCapabilities, characterSet);
            try {
                settleReset(connection, pipelined);
                return connection;
            } catch (BackendException e) {
                log.debug(
                        "reset of backend connection {} failed, discarding it: {}",
                        connection.connectionId(),
                        e.getMessage());
                pool.returnBroken(connection);
                if (attempt == RESET_ATTEMPTS) {
                    throw new BackendRefusedException(e.toErrPacket(), e);
                }
            }
        }
    }

    private void settleReset(BackendConnection connection, boolean pipelined) throws BackendException {
        BackendConnection.DueReset due = connection.dueReset();
        if (due == BackendConnection.DueReset.NONE) {
            return;
        }
        if (due == BackendConnection.DueReset.LOGIN
                || connection.sinceLogin().compareTo(pool.config().reloginAfter()) >= 0) {
            connection.resetConnection();
            relogins.increment();
        } else if (pipelined && connection.queueReset()) {
            resets.increment();
        } else {
            (connection.resetKeepingSchema() ? resets : relogins).increment();
        }
    }

    /**
     * The SET statements a multiplexed session ran that its connections must have, as one key (""
     * for none), and whether the connection is for the session's login.
     */
    record SessionSetupState(String key, java.util.List<String> statements, boolean login) {

        static final SessionSetupState LOGIN = new SessionSetupState("", java.util.List.of(), true);
    }

    /**
     * A multiplexed session is done with the connection for now and nothing of it is left on it:
     * back to the pool as it is, no reset (an unusable one is closed by the pool).
     */
    void park(BackendConnection connection) {
        multiplexStats.returned();
        pool.release(connection);
    }

    /** Discards a connection that must not be reused. */
    void discard(BackendConnection connection) {
        pool.returnBroken(connection);
    }

    /**
     * The session is over: the connection is pooled owing its reset, which the next borrower settles
     * ({@link #borrowReset}), or discarded when {@link BackendLease.Ending#BROKEN}. No round trip here:
     * the session's thread is free at once.
     */
    void giveBack(BackendConnection connection, BackendLease.Ending ending) {
        if (ending == BackendLease.Ending.BROKEN) {
            pool.returnBroken(connection);
            return;
        }
        if (ending == BackendLease.Ending.HOLDS_LOCKS) {
            pool.discard(connection);
            return;
        }
        connection.resetDue(ending == BackendLease.Ending.SCHEMA_KEPT);
        pool.release(connection);
    }

    /** How sessions share backend connections, and its counters. */
    public MultiplexStats multiplexStats() {
        return multiplexStats;
    }

    /**
     * From the first candidate node that can be reached. Only a failure to reach a node (no TCP
     * connection, a connection lost during the login) moves on to the next: the backend's own refusal
     * (1045, 1226, …) and a full pool are the session's answer, whichever node gave them.
     */
    private BackendConnection borrowFromFirstReachable(
            BackendLogin login, Capabilities clientCapabilities, int characterSet) throws BackendRefusedException {
        List<BackendEndpoint> candidates = nodes.candidates();
        for (int i = 0; ; i++) {
            BackendEndpoint node = candidates.get(i);
            try {
                return pool.borrow(BackendPoolKey.of(node, login, clientCapabilities, characterSet));
            } catch (BackendException e) {
                boolean unreachable =
                        e.serverError().isEmpty() && e.errorCode() != BackendFailure.POOL_EXHAUSTED.code();
                if (!unreachable || i == candidates.size() - 1) {
                    throw new BackendRefusedException(e.serverError().orElse(e.toErrPacket()), e);
                }
                log.debug("backend node {} cannot be reached, trying the next: {}", node, e.getMessage());
            }
        }
    }

    public BackendPoolStats stats() {
        return pool.stats();
    }

    /** A pooled connection; released reset, or discarded when broken. */
    private final class Lease implements BackendLease {

        private final BackendConnection connection;

        Lease(BackendConnection connection) {
            this.connection = connection;
        }

        @Override
        public InputStream in() {
            return connection.input();
        }

        @Override
        public OutputStream out() {
            return connection.output();
        }

        @Override
        public Optional<java.nio.channels.SocketChannel> plainChannel() {
            return connection.plainChannel();
        }

        @Override
        public Optional<java.nio.channels.SocketChannel> tcpChannel() {
            return connection.tcpChannel();
        }

        @Override
        public Capabilities capabilities() {
            return connection.capabilities();
        }

        @Override
        public long connectionId() {
            return connection.connectionId();
        }

        @Override
        public BackendEndpoint node() {
            return connection.endpoint();
        }

        @Override
        public boolean writeQueuedReset() throws IOException {
            return connection.writeQueuedReset();
        }

        @Override
        public void readQueuedReset() throws IOException {
            connection.readQueuedReset();
        }

        @Override
        public void settleQueuedReset() throws IOException {
            connection.settleQueuedReset();
        }

        @Override
        public void resetAsChangeUser() throws IOException {
            connection.resetAsChangeUser();
            connection.readTimeout(Duration.ZERO);
        }

        @Override
        public void release(Ending ending) {
            giveBack(connection, ending);
        }
    }
}
