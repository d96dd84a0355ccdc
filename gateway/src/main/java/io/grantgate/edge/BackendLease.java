package io.grantgate.edge;

import io.grantgate.backend.BackendEndpoint;
import io.grantgate.protocol.constant.Capabilities;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.SocketChannel;
import java.util.Optional;

/**
 * A backend connection a session holds for its lifetime (or, multiplexed, between commands only:
 * {@link MultiplexedLease}): authenticated as the account's backend
 * account, with the same wire-format capabilities as the client, so packets pass unchanged.
 */
public interface BackendLease extends AutoCloseable {

    InputStream in();

    OutputStream out();

    /** The connection's channel, for a relay loop; empty over TLS. */
    default Optional<SocketChannel> plainChannel() {
        return Optional.empty();
    }

    /**
     * The channel of the TCP connection, under TLS too, for watching an idle connection for the
     * backend's close (nothing is read from it then but what the backend sends as it closes).
     */
    default Optional<SocketChannel> tcpChannel() {
        return plainChannel();
    }

    /** What client and backend agreed on: decides the shape of responses. */
    Capabilities capabilities();

    /** The backend's own connection id, for KILL when a session is revoked mid-statement. */
    long connectionId();

    /** The backend node the connection is on, where a KILL of it must go. */
    BackendEndpoint node();

    /** A backend connection a KILL may name: its node and its backend id. */
    record Held(BackendEndpoint node, long connectionId) {}

    /**
     * The connection a KILL would name now; empty when the session holds none (a multiplexed session
     * between commands). A lease that hands its connection on between commands marks it, so that it
     * is discarded rather than passed to another session the KILL could then reach.
     */
    default Optional<Held> heldForKill() {
        return Optional.of(new Held(node(), connectionId()));
    }

    /**
     * The session is being ended (KILL, revocation, shutdown): the connection a KILL must name now, as
     * {@link #heldForKill()}; a lease that borrows a connection per command borrows none from now on,
     * so that a command the session read just before it was ended never starts on the backend after
     * the KILL looked and found nothing to kill.
     */
    default Optional<Held> endedForKill() {
        return heldForKill();
    }

    /**
     * Ahead of a relayed command: writes, unflushed, the reset the connection owes from its last
     * session, if it is queued to go with this session's first command; true when it did, and then
     * the caller flushes the command and reads the reset's answer ({@link #readQueuedReset}) before
     * relaying the command's response. The session saves a round trip, and the one before waited for none.
     */
    default boolean writeQueuedReset() throws IOException {
        return false;
    }

    /** The answer to the reset {@link #writeQueuedReset} wrote: read and dropped; an error ends the session. */
    default void readQueuedReset() throws IOException {}

    /** Sends a queued reset now and reads its answer: before a relay loop, which writes commands itself. */
    default void settleQueuedReset() throws IOException {}

    /**
     * A COM_CHANGE_USER the session refused: its state goes as MariaDB's reset before the change's
     * authentication takes it ({@link io.grantgate.backend.BackendConnection#resetAsChangeUser()}),
     * the default schema kept; whatever the lease kept of that state is forgotten. A failure ends the
     * session. Nothing to do for a lease that holds no backend session (tests' fakes).
     */
    default void resetAsChangeUser() throws IOException {}

    /** How a session leaves its backend connection. */
    enum Ending {
        /** Mid-response or failed: discard it. */
        BROKEN,
        /**
         * Sound, but the session may have left an open transaction or locks on it (see {@code
         * SessionLocks}), which the reset owed to the next borrower would keep until then: closed now,
         * so that the backend rolls back and unlocks at once, as it does when a direct client goes.
         */
        HOLDS_LOCKS,
        /** The session may have changed the default schema (USE, COM_INIT_DB, dynamic SQL): reset it all. */
        SCHEMA_CHANGED,
        /** Nothing the session sent could have changed the default schema: the cheaper reset may keep it. */
        SCHEMA_KEPT
    }

    /** Gives the connection back: reset and pooled, or discarded when {@link Ending#BROKEN}. */
    void release(Ending ending);

    @Override
    default void close() {
        release(Ending.BROKEN);
    }
}
