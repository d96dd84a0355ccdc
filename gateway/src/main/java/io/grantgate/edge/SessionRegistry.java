package io.grantgate.edge;

import io.grantgate.catalog.CatalogSnapshot;
import io.grantgate.command.KillTarget;
import io.grantgate.edge.SessionHandle.BackendTarget;
import io.grantgate.protocol.constant.MySqlError;
import io.grantgate.protocol.message.server.ErrPacket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live sessions of this gateway, and everything one session may do to another: a new catalog
 * snapshot ends those whose account was dropped, locked, or lost the host or a grant it connected
 * with; KILL ends a session (or its statement) of the same account, named by its gateway id or by
 * the backend id it holds; stopping the gateway ends all.
 *
 * <p>Ending a session closes its client connection at once; the KILL that stops its running
 * statement on the backend needs a backend login, so it runs on a small bounded pool of its own
 * ({@value #KILL_THREADS} threads), never on the thread that asked: a mass revocation does not hold
 * up the catalog watcher, and so the next catalog change.
 */
public final class SessionRegistry implements Consumer<CatalogSnapshot>, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SessionRegistry.class);
    static final int KILL_THREADS = 4;
    /** Beyond this many queued KILLs a revoked session's statement is left to end by itself. */
    private static final int KILL_QUEUE = 100_000;
    /** How long a session's own KILL QUERY waits for the backend to take it, as the client waits for its OK. */
    private static final Duration KILL_QUERY_WAIT = Duration.ofSeconds(10);

    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final Map<Long, SessionHandle> sessions = new ConcurrentHashMap<>();
    private final BackendKiller killer;
    private final ThreadPoolExecutor kills;

    public SessionRegistry(BackendKiller killer) {
        this.killer = killer;
        AtomicInteger threads = new AtomicInteger();
        this.kills = new ThreadPoolExecutor(
                KILL_THREADS,
                KILL_THREADS,
                30,
                TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(KILL_QUEUE),
                task -> Thread.ofPlatform()
                        .name("backend-kill-" + threads.incrementAndGet())
                        .daemon(true)
                        .unstarted(task));
        this.kills.allowCoreThreadTimeOut(true);
    }

    void add(SessionHandle session) {
        sessions.put(session.connectionId(), session);
    }

    void remove(SessionHandle session) {
        sessions.remove(session.connectionId());
    }

    public int size() {
        return sessions.size();
    }

    /** Every session in its command phase, as an operator sees it ({@code admin sessions}); any thread. */
    public List<SessionSummary> summaries() {
        return sessions.values().stream()
                .map(SessionHandle::summary)
                .flatMap(Optional::stream)
                .toList();
    }

    /**
     * Ends the session with this gateway connection id as a KILL CONNECTION from another session ends
     * it ({@code admin sessions kill}): its client connection closed, its backend statement killed, its
     * backend connection discarded, audited as {@code killed}. False when no session has that id.
     */
    public boolean kill(long connectionId) {
        SessionHandle session = sessions.get(connectionId);
        if (session == null) {
            return false;
        }
        log.info("session {} of '{}' killed by an admin", connectionId, session.userName());
        end(session, SessionEnding.KILLED);
        return true;
    }

    /** Called by the catalog watcher with each new snapshot; returns once the sessions are closed, not killed. */
    @Override
    public void accept(CatalogSnapshot snapshot) {
        for (SessionHandle session : sessions.values()) {
            session.audit().catalogChanged(snapshot);
            if (!session.allowedBy(snapshot)) {
                String why = session.expiredIn(snapshot) ? SessionEnding.EXPIRED : SessionEnding.REVOKED;
                log.info(
                        "closing session {} of '{}': {} as of catalog version {}",
                        session.connectionId(),
                        session.userName(),
                        why,
                        snapshot.version());
                end(session, why);
            }
        }
    }

    /** What became of a KILL a session sent. */
    sealed interface KillResult {
        /** Another session of the account was ended, or its statement killed; {@code target} is its gateway id. */
        record Done(long target) implements KillResult {}

        /** The session named itself: its own thread answers as the server would, and ends it or not. */
        record Itself(long target) implements KillResult {}

        /** No session of the account has the id the client named. */
        record Unknown(long id, ErrPacket error) implements KillResult {}
    }

    /** Whether a session has this gateway connection id (so it is not handed out again). */
    boolean holds(long connectionId) {
        return sessions.containsKey(connectionId);
    }

    /**
     * KILL [QUERY] of {@code target}, asked by {@code requester}, in the one id space clients see: a
     * gateway connection id, or the backend connection id a session holds right now (what
     * {@code CONNECTION_ID()} and the process list show). Allowed on the sessions of the same account
     * only, as MySQL allows an account without PROCESS or CONNECTION_ADMIN; any other id is unknown
     * (1094), so a client cannot learn which ids other accounts hold. The requester itself is not
     * touched here: {@link KillResult.Itself} tells its thread to answer.
     */
    KillResult kill(SessionHandle requester, KillTarget target, boolean queryOnly) {
        Optional<SessionHandle> found = switch (target) {
            case KillTarget.Itself itself -> Optional.of(requester);
            case KillTarget.ConnectionId id -> sessionOf(requester, id.id());
        };
        if (found.isEmpty()) {
            long id = ((KillTarget.ConnectionId) target).id();
            log.info(
                    "KILL {}{} refused: no session of '{}' has that id",
                    queryOnly ? "QUERY " : "",
                    id,
                    requester.userName());
            return new KillResult.Unknown(id, MySqlError.ER_NO_SUCH_THREAD.err(id));
        }
        SessionHandle victim = found.get();
        log.info(
                "KILL {}{} (session {}) by session {} of '{}'",
                queryOnly ? "QUERY " : "",
                target instanceof KillTarget.ConnectionId id ? Long.toString(id.id()) : "CONNECTION_ID()",
                victim.connectionId(),
                requester.connectionId(),
                requester.userName());
        if (victim == requester) {
            return new KillResult.Itself(victim.connectionId());
        }
        if (queryOnly) {
            victim.backendTarget().ifPresent(this::killQueryAndWait);
        } else {
            end(victim, "killed");
        }
        return new KillResult.Done(victim.connectionId());
    }

    /**
     * For a KILL inside a multi-statement, which the backend carries out: the id to write in its place.
     * For a session of {@code requester}'s account (by gateway or backend id), the backend connection
     * id it holds now; empty for a session of another account, which the gateway answers 1094 for, as
     * it does for a KILL alone (the backend would say 1095, "not owner", and so show that it exists);
     * any other id as written, for the backend to judge (an unknown gateway id names no backend
     * thread, as gateway ids lie above them).
     */
    OptionalLong backendIdOf(SessionHandle requester, long connectionId) {
        Optional<SessionHandle> mine = sessionOf(requester, connectionId);
        if (mine.isPresent()) {
            return OptionalLong.of(mine.get()
                    .backendTarget()
                    .map(BackendTarget::backendConnectionId)
                    .orElse(connectionId));
        }
        boolean anothers = sessions.containsKey(connectionId)
                || sessions.values().stream().anyMatch(session -> session.holdsBackendConnection(connectionId));
        return anothers ? OptionalLong.empty() : OptionalLong.of(connectionId);
    }

    /** The session of the requester's account with this gateway id, else the one holding this backend id. */
    private Optional<SessionHandle> sessionOf(SessionHandle requester, long id) {
        SessionHandle byGatewayId = sessions.get(id);
        if (byGatewayId != null && byGatewayId.sameAccountAs(requester)) {
            return Optional.of(byGatewayId);
        }
        for (SessionHandle session : sessions.values()) {
            if (session.sameAccountAs(requester) && session.holdsBackendConnection(id)) {
                return Optional.of(session);
            }
        }
        return Optional.empty();
    }

    /** Ends every session: the gateway is stopping. */
    void endAll(String why) {
        sessions.values().forEach(session -> end(session, why));
    }

    private void end(SessionHandle session, String why) {
        session.end(why).ifPresent(target -> submit(target, false));
    }

    private Optional<Future<?>> submit(BackendTarget target, boolean queryOnly) {
        try {
            return Optional.of(kills.submit(
                    () -> killer.kill(target.account(), target.node(), target.backendConnectionId(), queryOnly)));
        } catch (RejectedExecutionException e) {
            log.warn(
                    "backend connection {} not killed ({} KILLs queued, or stopping): its statement runs until it ends",
                    target.backendConnectionId(),
                    kills.getQueue().size());
            return Optional.empty();
        }
    }

    /** A session's KILL QUERY: its OK should mean the backend has taken the KILL, as it does direct. */
    private void killQueryAndWait(BackendTarget target) {
        Optional<Future<?>> done = submit(target, true);
        if (done.isEmpty()) {
            return;
        }
        try {
            done.get().get(KILL_QUERY_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.debug("KILL QUERY of backend connection {}: {}", target.backendConnectionId(), e.toString());
        }
    }

    /** Lets the queued KILLs run for a few seconds, then gives up on the rest. */
    @Override
    public void close() {
        kills.shutdown();
        try {
            if (!kills.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn(
                        "{} backend KILLs were still queued after {} s; dropped",
                        kills.getQueue().size(),
                        CLOSE_WAIT.toSeconds());
                kills.shutdownNow();
            }
        } catch (InterruptedException e) {
            kills.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
