package io.grantgate.ops;

import io.grantgate.catalog.CatalogSnapshot;
import io.grantgate.catalog.CatalogWatcher;
import io.grantgate.edge.SessionRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out {@code admin sessions kill} for this gateway. The admin command inserts a
 * {@code session_kill} row naming the instance and bumps the catalog version in the same
 * transaction, so the gateway learns of it as it learns of a revocation: at its next catalog poll,
 * when the watcher calls this with the new snapshot. Each pending row of this instance ends its
 * session as a KILL CONNECTION from another session would ({@link SessionRegistry#kill}) and is
 * marked done, {@code killed} or {@code not_found} (the session had ended), so the admin command can
 * say which. The session's row in {@code gateway_session} goes at once rather than at the next
 * heartbeat.
 *
 * <p>Threading: the catalog watcher's thread, and the starting thread once (requests left from a
 * previous run of this instance: their sessions are gone).
 */
final class KillRequests implements Consumer<CatalogSnapshot> {

    private static final Logger log = LoggerFactory.getLogger(KillRequests.class);
    private static final String PENDING =
            "SELECT id, connection_id FROM session_kill WHERE instance_id = ? AND done_at IS NULL ORDER BY id";
    private static final String DONE =
            "UPDATE session_kill SET done_at = CURRENT_TIMESTAMP(3), outcome = ? WHERE id = ? AND done_at IS NULL";
    private static final String SESSION_ROW = "DELETE FROM gateway_session WHERE instance_id = ? AND connection_id = ?";
    static final String KILLED = "killed";
    static final String NOT_FOUND = "not_found";

    /** One pending row of {@code session_kill}. */
    private record Request(long id, long connectionId) {}

    private final DataSource catalog;
    private final String instanceId;
    private final SessionRegistry sessions;
    private volatile boolean stopped;
    /** The version last looked at: an expiry swaps in a snapshot of the same version, which brings no request. */
    private volatile long lookedAt = -1;

    KillRequests(DataSource catalog, String instanceId, SessionRegistry sessions) {
        this.catalog = catalog;
        this.instanceId = instanceId;
        this.sessions = sessions;
    }

    /** A new catalog version: it may carry kill requests for this gateway. */
    @Override
    public void accept(CatalogSnapshot snapshot) {
        if (stopped || snapshot.version() == lookedAt) {
            return;
        }
        lookedAt = snapshot.version();
        try {
            run();
        } catch (SQLException | RuntimeException e) {
            // the next catalog change looks again; a request left pending is reported by the admin command
            log.warn("cannot read the kill requests of instance '{}': {}", instanceId, e.getMessage());
        }
    }

    /** Carries out every pending request of this instance. */
    void run() throws SQLException {
        try (Connection c = catalog.getConnection()) {
            // called with the watcher's lock held: a catalog that stops answering must not hold up
            // the expiries behind it for longer than one of the watcher's own reads may
            c.setNetworkTimeout(Runnable::run, Math.toIntExact(CatalogWatcher.READ_TIMEOUT.toMillis()));
            for (Request request : pending(c)) {
                long connectionId = request.connectionId();
                boolean killed = sessions.kill(connectionId);
                try (PreparedStatement done = c.prepareStatement(DONE);
                        PreparedStatement row = c.prepareStatement(SESSION_ROW)) {
                    done.setString(1, killed ? KILLED : NOT_FOUND);
                    done.setLong(2, request.id());
                    done.executeUpdate();
                    row.setString(1, instanceId);
                    row.setLong(2, connectionId);
                    row.executeUpdate();
                }
                if (!killed) {
                    log.info("admin kill of session {}: no such session (it had ended)", connectionId);
                }
            }
        }
    }

    private List<Request> pending(Connection c) throws SQLException {
        List<Request> requests = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement(PENDING)) {
            select.setString(1, instanceId);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    requests.add(new Request(rs.getLong(1), rs.getLong(2)));
                }
            }
        }
        return requests;
    }

    /** The gateway is stopping: later catalog changes are not acted on. */
    void stop() {
        stopped = true;
    }
}
