package io.grantgate.edge;

import io.grantgate.backend.BackendEndpoint;
import io.grantgate.catalog.Account;
import io.grantgate.catalog.CatalogSnapshot;
import io.grantgate.catalog.SessionBackend;
import io.grantgate.edge.LoginOutcome.Accepted;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What other threads may see of a session and do to it: the account it is logged in as, the backend
 * connection it holds, and ending it. The {@link SessionRegistry} holds one per connection; a
 * revocation, a KILL from another session or the gateway stopping reach the session only through
 * it.
 *
 * <p>Threading: the session's own thread sets the login, backend and command phase as they begin
 * and end; any thread may read them and call {@link #end}, any number of times (the first reason
 * stays). All fields are volatile; nothing here blocks.
 */
final class SessionHandle {

    private static final Logger log = LoggerFactory.getLogger(SessionHandle.class);

    /** A backend connection in use by an account, for a KILL on the backend. */
    record BackendTarget(Account account, BackendEndpoint node, long backendConnectionId) {}

    private final long connectionId;
    /** Closing it ends the session's client I/O: a thread blocked reading the client wakes up. */
    private final Closeable connection;

    private final ConnectionAudit audit;

    private volatile Accepted login;
    /** When the account's session began, and its client TLS version (null: plain TCP). */
    private volatile Instant since;

    private volatile String tlsVersion;
    private volatile BackendLease backend;
    private volatile CommandLoop commands;
    private volatile String endedBy;

    SessionHandle(long connectionId, Closeable connection, ConnectionAudit audit) {
        this.connectionId = connectionId;
        this.connection = connection;
        this.audit = audit;
    }

    /** A session audited by nobody (tests). */
    SessionHandle(long connectionId, Closeable connection) {
        this(connectionId, connection, ConnectionAudit.off(connectionId, new InetSocketAddress(0)));
    }

    ConnectionAudit audit() {
        return audit;
    }

    long connectionId() {
        return connectionId;
    }

    /** Set by the session's thread once the login is accepted and its backend connection borrowed. */
    void loggedIn(Accepted accepted, BackendLease lease) {
        loggedIn(accepted, lease, Optional.empty());
    }

    /** The same, with the client connection's TLS protocol version, if any. */
    void loggedIn(Accepted accepted, BackendLease lease, Optional<String> tls) {
        this.since = Instant.now();
        this.tlsVersion = tls.orElse(null);
        this.backend = lease;
        this.login = accepted;
    }

    /** Set by the session's thread while a command phase runs, so that {@link #end} reaches a relay loop. */
    void relaying(CommandLoop loop) {
        this.commands = loop;
    }

    /** The account's session is over (it ended, or the client changes user). */
    void loggedOut() {
        this.commands = null;
        this.backend = null;
        this.login = null;
    }

    /**
     * What an operator sees of the session, once its command phase runs; empty before (handshake,
     * login) and after. Read from any thread; the counters are the session's without a lock.
     */
    Optional<SessionSummary> summary() {
        Accepted l = login;
        CommandLoop loop = commands;
        Instant started = since;
        if (l == null || loop == null || started == null) {
            return Optional.empty();
        }
        return Optional.of(new SessionSummary(
                connectionId,
                l.account().user().value(),
                audit.clientAddress(),
                audit.clientPort(),
                Optional.ofNullable(tlsVersion),
                started,
                loop.running(),
                loop.bytesFromClient(),
                loop.bytesToClient(),
                loop.audit().commands(),
                backendUse()));
    }

    /**
     * How the session holds its backend connection now: a multiplexed session's pin is read where
     * its relay keeps it (a volatile field), so the relay path pays nothing for it.
     */
    private SessionBackend backendUse() {
        BackendLease lease = backend;
        if (lease instanceof MultiplexedLease multiplexed) {
            return multiplexed
                    .pinned()
                    .map(reason -> SessionBackend.pinned(reason.tag()))
                    .orElse(SessionBackend.SHARED);
        }
        return SessionBackend.OWN;
    }

    Optional<Accepted> login() {
        return Optional.ofNullable(login);
    }

    /** The user name for the log, or null before login. */
    String userName() {
        Accepted l = login;
        return l == null ? null : l.account().user().value();
    }

    /** Why the session was ended from outside, if it was. */
    Optional<String> endedBy() {
        return Optional.ofNullable(endedBy);
    }

    /** Whether the session may go on under a new catalog snapshot; a session not logged in may. */
    boolean allowedBy(CatalogSnapshot snapshot) {
        Accepted l = login;
        return l == null || snapshot.keeps(l.account().user(), l.host(), l.account());
    }

    /** Whether what the session lost under {@code snapshot} (see {@link #allowedBy}) expired rather than was revoked. */
    boolean expiredIn(CatalogSnapshot snapshot) {
        Accepted l = login;
        return l != null && snapshot.expiredFor(l.account().user(), l.host(), l.account());
    }

    /** Whether both are logged in as the same account. */
    boolean sameAccountAs(SessionHandle other) {
        Accepted mine = login;
        Accepted theirs = other.login;
        return mine != null
                && theirs != null
                && mine.account().user().equals(theirs.account().user());
    }

    /** Whether the session holds this backend connection now (a KILL by the id {@code CONNECTION_ID()} shows). */
    boolean holdsBackendConnection(long backendConnectionId) {
        BackendLease lease = backend;
        return login != null && lease != null && lease.connectionId() == backendConnectionId;
    }

    /** The backend connection the session holds now, for a KILL on the backend. */
    Optional<BackendTarget> backendTarget() {
        Accepted l = login;
        BackendLease lease = backend;
        if (l == null || lease == null) {
            return Optional.empty();
        }
        return lease.heldForKill().map(held -> new BackendTarget(l.account(), held.node(), held.connectionId()));
    }

    /** As {@link #backendTarget()}, for a session being ended: its lease borrows no more ({@link BackendLease#endedForKill()}). */
    private Optional<BackendTarget> endedTarget() {
        Accepted l = login;
        BackendLease lease = backend;
        if (l == null || lease == null) {
            return Optional.empty();
        }
        return lease.endedForKill().map(held -> new BackendTarget(l.account(), held.node(), held.connectionId()));
    }

    /**
     * Ends the session now: its client connection is closed and a relay loop holding it lets go. A
     * statement still running on the backend goes on until it writes or ends, so the caller KILLs the
     * returned backend connection; the session gives that connection back broken, so its id is never
     * reused by another session meanwhile.
     */
    Optional<BackendTarget> end(String why) {
        if (endedBy == null) {
            endedBy = why;
            audit.closed(SessionEnding.of(why));
        }
        Optional<BackendTarget> target = endedTarget();
        try {
            connection.close();
        } catch (IOException ignored) {
            log.debug("closing session {}: {}", connectionId, ignored.toString());
        }
        CommandLoop running = commands;
        if (running != null) {
            running.abort(why);
        }
        return target;
    }
}
