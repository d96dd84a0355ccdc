package io.grantgate.edge;

import io.grantgate.account.BackendLogin;
import io.grantgate.backend.BackendConnection;
import io.grantgate.backend.BackendEndpoint;
import io.grantgate.backend.BackendException;
import io.grantgate.command.PinReason;
import io.grantgate.command.SessionPins;
import io.grantgate.command.SessionSetup;
import io.grantgate.protocol.ResponseSummary;
import io.grantgate.protocol.constant.Capabilities;
import io.grantgate.protocol.constant.CommandType;
import io.grantgate.protocol.constant.MySqlError;
import io.grantgate.protocol.message.server.ErrPacket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backend connection of a multiplexed session ({@link Multiplexing#TRANSACTION}): held only from
 * a command to the end of its response while the session has no state on it, then parked back in the
 * pool unreset; held from then on once the session is {@link #pin pinned}. A command that finds none
 * held borrows one of the same pool key (backend account, wire format, character set) and brings it to
 * the session's schema. {@link #in()} and {@link #out()} reach whichever connection is held, so a
 * relay built on them follows the swaps.
 *
 * <p>Threading: the session's thread borrows and parks; the session's relay (its thread, or a relay
 * loop while the session is pinned, handed over through the loop's outcome future) reports each
 * command and response ({@link #forwarding}, {@link #responded}). Other threads read the held
 * connection's id for a KILL through {@link #heldForKill()}, which, under the same lock as a park,
 * marks it so that it is discarded instead of parked: the id a KILL names is never handed to another
 * session.
 */
final class MultiplexedLease implements BackendLease {

    private static final Logger log = LoggerFactory.getLogger(MultiplexedLease.class);
    /** {@link #connectionId()} while no connection is held: no backend thread has it. */
    static final long NONE = -1;
    /** SET statements kept for replay per session; beyond them the session is pinned. */
    static final int MAX_SETUP = 16;

    private final PooledBackendConnector connector;
    private final BackendLogin login;
    private final Capabilities clientCapabilities;
    private final int characterSet;
    /** The schema the connections it borrows are brought to: the login's, or what a refused change's reset kept. */
    private Optional<String> schema;

    private final Capabilities capabilities;
    private final BackendEndpoint firstNode;
    private final Object lock = new Object();
    private final InputStream in = new HeldInput();
    private final OutputStream out = new HeldOutput();

    /** Guarded by {@link #lock} for writes; volatile for readers on other threads. */
    private volatile BackendConnection held;
    /** A KILL named the held connection: discard it rather than park it. Guarded by {@link #lock}. */
    private boolean doomed;
    /** The session is being ended: no connection is borrowed any more. Guarded by {@link #lock}. */
    private boolean ended;

    /** The first reason of the pin in force, null while unpinned; volatile for readers on other threads. */
    private volatile PinReason pinned;
    /** Every reason of the pin in force; only the session's relay (thread or loop, one at a time) touches it. */
    private final Set<PinReason> reasons = EnumSet.noneOf(PinReason.class);
    /** Transaction characteristics set up for the next transaction ({@code SET TRANSACTION …}) are on the connection. */
    private boolean characteristicsPending;
    /** The command in flight, when it is a SET to keep for replay if its response says only that: its text. */
    private String replayableSet;
    /** The session's replayable SET statements, in order; every connection it borrows gets them. */
    private final List<String> setup = new ArrayList<>();
    /** {@link #setup} as one key: a connection whose {@link BackendConnection#setup()} equals it has them. */
    private String setupKey = "";

    MultiplexedLease(
            PooledBackendConnector connector,
            BackendLogin login,
            Capabilities clientCapabilities,
            int characterSet,
            Optional<String> schema,
            BackendConnection first) {
        this.connector = connector;
        this.login = login;
        this.clientCapabilities = clientCapabilities;
        this.characterSet = characterSet;
        this.schema = schema;
        this.capabilities = first.capabilities();
        this.firstNode = first.endpoint();
        this.held = first;
        first.heldBy(this);
        connector.multiplexStats().opened();
    }

    /**
     * Makes sure a connection is held for the next command, borrowing one if none is. An error for
     * the client instead when none can be had (the pool exhausted: 1040; the backend refused).
     *
     * @param forgetLastResult the command reads FOUND_ROWS() or ROW_COUNT(): a connection another
     *     session ran the last statement on is first made to read as a fresh one
     */
    Optional<ErrPacket> acquire(boolean forgetLastResult) {
        BackendConnection connection = held;
        if (connection == null) {
            synchronized (lock) {
                if (ended) {
                    return Optional.of(MySqlError.ER_CONNECTION_KILLED.err());
                }
            }
            try {
                connection = connector.connect(
                        login,
                        clientCapabilities,
                        characterSet,
                        schema,
                        Optional.of(new PooledBackendConnector.SessionSetupState(setupKey, setup, false)));
            } catch (BackendConnector.BackendRefusedException e) {
                log.debug("no backend connection for the next command: {}", e.getMessage());
                return Optional.of(e.err());
            }
            connector.multiplexStats().borrowed();
            boolean tooLate;
            synchronized (lock) {
                tooLate = ended;
                if (!tooLate) {
                    held = connection;
                    doomed = false;
                }
            }
            if (tooLate) {
                // ended (a KILL) while it waited for this connection: the command must not run; nothing was sent
                connector.park(connection);
                return Optional.of(MySqlError.ER_CONNECTION_KILLED.err());
            }
        }
        if (!connection.heldBy(this) && forgetLastResult) {
            try {
                connection.forgetLastResult();
                connection.readTimeout(java.time.Duration.ZERO);
            } catch (BackendException e) {
                return Optional.of(e.toErrPacket());
            }
        }
        return Optional.empty();
    }

    /**
     * The session keeps its connection: until it ends, or, pinned by its transaction alone, until a
     * response shows the transaction over ({@link #responded}). Counted once per pin, for its first reason.
     */
    void pin(PinReason reason) {
        reasons.add(reason);
        if (pinned == null) {
            pinned = reason;
            connector.multiplexStats().pinned(reason);
            log.debug("session pinned to backend connection {}: {}", connectionId(), reason.tag());
        }
    }

    /**
     * A SET of session variables ({@link io.grantgate.command.SessionSetup}) went through: the
     * session keeps it in place of a pin, and the connections it borrows from now on get it too.
     * Pinned instead when the session has kept {@link #MAX_SETUP} already.
     *
     * @param touchesTracking the SET changed a session_track_ variable, which is set back at once
     */
    void setupRan(String statement, boolean touchesTracking) {
        if (setup.size() >= MAX_SETUP) {
            pin(PinReason.SESSION_STATE);
            return;
        }
        setup.add(statement);
        setupKey = String.join("\n;\n", setup);
        BackendConnection connection = held;
        connection.setupChanged(setupKey);
        if (touchesTracking) {
            try {
                connection.retrack();
                connection.readTimeout(java.time.Duration.ZERO);
            } catch (BackendException e) {
                // the connection cannot be trusted to report state any more: keep it to this session
                log.debug("turning state tracking on again failed: {}", e.getMessage());
                pin(PinReason.SESSION_STATE);
            }
        }
    }

    /** Why the session keeps its connection, if it does: the first reason of the pin in force. */
    Optional<PinReason> pinned() {
        return Optional.ofNullable(pinned);
    }

    /**
     * A command is about to be forwarded: pinned first if the command itself says so; a SET that the
     * session may keep for replay is remembered until its response ({@link #responded}).
     */
    void forwarding(CommandType type, byte[] bytes, int offset, int length) {
        SessionPins.beforeCommand(type, bytes, offset, length).ifPresent(this::pin);
        replayableSet = SessionSetup.replayable(type, bytes, offset, length)
                ? new String(bytes, offset + 1, length - 1, StandardCharsets.US_ASCII)
                : null;
    }

    /**
     * The response to the forwarded command is complete: the session is pinned for each reason it
     * gives, keeps its SET for replay if that SET is all it changed, and is unpinned when only its
     * transaction pinned it and the response shows it out of it with autocommit on and no
     * characteristics set up for the next one. True when the connection may then be given back
     * ({@link #idle}): the session is not pinned.
     */
    boolean responded(ResponseSummary summary, int statusFlags) {
        String set = replayableSet;
        replayableSet = null;
        summary.characteristicsPending().ifPresent(pending -> characteristicsPending = pending);
        Set<PinReason> found = SessionPins.afterResponse(summary, statusFlags);
        if (characteristicsPending) {
            found.add(PinReason.TRANSACTION);
        }
        if (set != null
                && found.equals(EnumSet.of(PinReason.SESSION_STATE))
                && !summary.failed()
                && summary.resultSets() == 0) {
            setupRan(set, SessionSetup.touchesTracking(set.getBytes(StandardCharsets.US_ASCII), 0, set.length()));
        } else {
            found.forEach(this::pin);
        }
        if (pinned != null
                && reasons.equals(EnumSet.of(PinReason.TRANSACTION))
                && !characteristicsPending
                && SessionPins.transactionOver(statusFlags)) {
            log.debug("session unpinned from backend connection {}: its transaction is over", connectionId());
            reasons.clear();
            pinned = null;
            connector.multiplexStats().unpinned();
        }
        return pinned == null;
    }

    /**
     * The response is complete and the session idle: an unpinned session parks its connection, or
     * discards it when a KILL named it meanwhile.
     */
    void idle() {
        if (pinned != null) {
            return;
        }
        BackendConnection connection;
        boolean discard;
        synchronized (lock) {
            connection = held;
            if (connection == null) {
                return;
            }
            held = null;
            discard = doomed;
            doomed = false;
        }
        if (discard) {
            connector.discard(connection);
        } else {
            connector.park(connection);
        }
    }

    /**
     * A refused COM_CHANGE_USER reset the session (see {@link BackendLease#resetAsChangeUser()}): the
     * held connection, if any, is reset and keeps its schema, which the session's later connections
     * are brought to; the pins and the SETs to replay go with the state they stood for, and the
     * session's SETs are the global character set alone, as the change leaves it. Unpinned, the
     * session gives its connection back at its next command's wait. Kept pinned only when the reset
     * left no default schema where the connection had one (a dropped database): only a new login,
     * which would be in the login's schema, could give another connection that state.
     */
    @Override
    public void resetAsChangeUser() throws IOException {
        replayableSet = null;
        characteristicsPending = false;
        setup.clear();
        setup.add(BackendConnection.GLOBAL_CHARACTER_SET);
        setupKey = BackendConnection.GLOBAL_CHARACTER_SET;
        boolean unpin = true;
        BackendConnection connection = held;
        if (connection != null) {
            connection.resetAsChangeUser();
            connection.setupChanged(setupKey);
            connection.trackSessionState();
            List<List<String>> rows = connection.queryRows("SELECT DATABASE()");
            String current = rows.isEmpty() || rows.getFirst().getFirst() == null
                    ? ""
                    : rows.getFirst().getFirst();
            if (!current.isEmpty() && !current.equals(connection.schema())) {
                connection.initDb(current); // a relayed USE the connection's own record has not seen
            }
            unpin = current.equals(connection.schema());
            schema = current.isEmpty() ? Optional.empty() : Optional.of(current);
            connection.readTimeout(java.time.Duration.ZERO);
        }
        reasons.clear();
        if (!unpin) {
            pinned = null;
            pin(PinReason.SESSION_STATE);
        } else if (pinned != null) {
            log.debug("session unpinned from backend connection {}: a refused change reset it", connectionId());
            pinned = null;
            connector.multiplexStats().unpinned();
        }
    }

    @Override
    public Optional<Held> endedForKill() {
        synchronized (lock) {
            ended = true;
            return heldForKill();
        }
    }

    @Override
    public Optional<Held> heldForKill() {
        synchronized (lock) {
            BackendConnection connection = held;
            if (connection == null) {
                return Optional.empty();
            }
            doomed = true;
            return Optional.of(new Held(connection.endpoint(), connection.connectionId()));
        }
    }

    @Override
    public InputStream in() {
        return in;
    }

    @Override
    public OutputStream out() {
        return out;
    }

    @Override
    public Optional<SocketChannel> plainChannel() {
        BackendConnection connection = held;
        return connection == null ? Optional.empty() : connection.plainChannel();
    }

    @Override
    public Optional<SocketChannel> tcpChannel() {
        BackendConnection connection = held;
        return connection == null ? Optional.empty() : connection.tcpChannel();
    }

    @Override
    public Capabilities capabilities() {
        return capabilities;
    }

    /** The held connection's backend id; {@link #NONE} while the session holds none. */
    @Override
    public long connectionId() {
        BackendConnection connection = held;
        return connection == null ? NONE : connection.connectionId();
    }

    @Override
    public BackendEndpoint node() {
        BackendConnection connection = held;
        return connection == null ? firstNode : connection.endpoint();
    }

    /** The session is over: a held connection is reset and pooled as for any session, or discarded. */
    @Override
    public void release(Ending ending) {
        BackendConnection connection;
        boolean discard;
        synchronized (lock) {
            connection = held;
            held = null;
            discard = doomed;
            doomed = false;
        }
        connector.multiplexStats().closed();
        if (connection != null) {
            connector.giveBack(connection, discard ? Ending.BROKEN : ending);
        }
    }

    private BackendConnection current() throws IOException {
        BackendConnection connection = held;
        if (connection == null) {
            throw new IOException("no backend connection held");
        }
        return connection;
    }

    /** Reads from the held connection. */
    private final class HeldInput extends InputStream {
        @Override
        public int read() throws IOException {
            return current().input().read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return current().input().read(b, off, len);
        }

        @Override
        public int available() throws IOException {
            BackendConnection connection = held;
            return connection == null ? 0 : connection.input().available();
        }
    }

    /** Writes to the held connection. */
    private final class HeldOutput extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            current().output().write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            current().output().write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            current().output().flush();
        }
    }
}
