package io.grantgate.ops;

import io.grantgate.catalog.CatalogWatcher;
import io.grantgate.catalog.Heartbeats;
import io.grantgate.edge.SessionRegistry;
import io.grantgate.edge.SessionSummary;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This gateway in the catalog, for {@code admin status} and {@code admin sessions}: its
 * {@code gateway_instance} row, written at start and rewritten every heartbeat (the catalog version
 * in force, the open sessions), and its sessions' {@code gateway_session} rows, brought up to date
 * on the same heartbeat ({@link SessionRows}). A clean stop deletes both; rows a previous run under
 * the same instance id left behind (a crash) are deleted at start.
 *
 * <p>The heartbeat has a thread of its own rather than the catalog watcher's: the watcher may be busy
 * loading a large snapshot or closing revoked sessions, which must not make the gateway look stale,
 * and a slow write of session rows must not delay a revocation. The interval is the catalog poll
 * interval, so a gateway whose heartbeat is {@value Heartbeats#STALE_AFTER_BEATS} intervals old has
 * also stopped seeing catalog changes.
 *
 * <p>Threading: {@link #start} and {@link #close} on the caller's thread, heartbeats on one
 * scheduler thread ({@code instance-heartbeat}).
 */
final class InstanceRegistry implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(InstanceRegistry.class);
    /** How long a stop waits for a heartbeat in progress before it deletes the rows. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private static final String UPSERT_INSTANCE =
            "INSERT INTO gateway_instance (instance_id, address, ops_address, software_version, catalog_version,"
                    + " started_at, heartbeat_at, heartbeat_ms, open_sessions)"
                    + " VALUES (?, ?, ?, ?, ?, CURRENT_TIMESTAMP(3), CURRENT_TIMESTAMP(3), ?, ?)"
                    + " ON DUPLICATE KEY UPDATE address = VALUES(address), ops_address = VALUES(ops_address),"
                    + " software_version = VALUES(software_version), catalog_version = VALUES(catalog_version),"
                    + " heartbeat_at = VALUES(heartbeat_at), heartbeat_ms = VALUES(heartbeat_ms),"
                    + " open_sessions = VALUES(open_sessions)";
    private static final String RESTART_INSTANCE =
            "UPDATE gateway_instance SET started_at = CURRENT_TIMESTAMP(3) WHERE instance_id = ?";
    private static final String LAST_HEARTBEAT =
            "SELECT TIMESTAMPDIFF(MICROSECOND, heartbeat_at, CURRENT_TIMESTAMP(3)),"
                    + " heartbeat_ms FROM gateway_instance WHERE instance_id = ?";
    private static final String DELETE_INSTANCE = "DELETE FROM gateway_instance WHERE instance_id = ?";
    private static final String DELETE_SESSIONS = "DELETE FROM gateway_session WHERE instance_id = ?";
    private static final String SESSION_COLUMNS =
            "(instance_id, connection_id, user_name, client_address, client_port, tls_version, started_at, running,"
                    + " bytes_in, bytes_out, commands, backend, updated_at)";
    private static final String SESSION_VALUES = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CURRENT_TIMESTAMP(3))";
    private static final String SESSION_UPDATE = " ON DUPLICATE KEY UPDATE user_name = VALUES(user_name),"
            + " client_address = VALUES(client_address), client_port = VALUES(client_port),"
            + " tls_version = VALUES(tls_version), started_at = VALUES(started_at), running = VALUES(running),"
            + " bytes_in = VALUES(bytes_in), bytes_out = VALUES(bytes_out), commands = VALUES(commands),"
            + " backend = VALUES(backend), updated_at = VALUES(updated_at)";

    /**
     * What the row says of this gateway.
     *
     * @param address where clients connect ({@code listen}, the bound port)
     * @param opsAddress the ops endpoint ({@code ops.listen}, the bound port)
     * @param interval the heartbeat interval, {@code catalog.poll-interval}
     */
    record Identity(String instanceId, String address, String opsAddress, String softwareVersion, Duration interval) {}

    private final DataSource catalog;
    private final Identity identity;
    private final CatalogWatcher watcher;
    private final SessionRegistry sessions;
    private final SessionRows rows = new SessionRows();
    private final KillRequests kills;
    private final ScheduledExecutorService scheduler;
    private boolean failing;

    private InstanceRegistry(DataSource catalog, Identity identity, CatalogWatcher watcher, SessionRegistry sessions) {
        this.catalog = catalog;
        this.identity = identity;
        this.watcher = watcher;
        this.sessions = sessions;
        this.kills = new KillRequests(catalog, identity.instanceId(), sessions);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("instance-heartbeat").daemon(true).factory());
    }

    /**
     * Registers the gateway (replacing what a previous run with the same id left), starts the
     * heartbeat, and has the watcher hand each new catalog version to the {@link KillRequests}.
     *
     * @throws SQLException when the catalog refuses the row: most likely a catalog login without
     *     write access to {@code gateway_instance} and {@code gateway_session}, which should be fixed
     *     before the gateway serves rather than found out from an empty {@code admin status}
     */
    static InstanceRegistry start(
            DataSource catalog, Identity identity, CatalogWatcher watcher, SessionRegistry sessions)
            throws SQLException {
        InstanceRegistry registry = new InstanceRegistry(catalog, identity, watcher, sessions);
        registry.register();
        // listening first: a request written while the pending ones are read is not left for the next change
        watcher.onChange(registry.kills);
        registry.kills.run();
        long millis = identity.interval().toMillis();
        registry.scheduler.scheduleWithFixedDelay(registry::heartbeat, millis, millis, TimeUnit.MILLISECONDS);
        return registry;
    }

    private void register() throws SQLException {
        try (Connection c = catalog.getConnection()) {
            warnIfAnotherIsAlive(c);
            try (PreparedStatement delete = c.prepareStatement(DELETE_SESSIONS);
                    PreparedStatement restart = c.prepareStatement(RESTART_INSTANCE)) {
                delete.setString(1, identity.instanceId());
                delete.executeUpdate();
                restart.setString(1, identity.instanceId());
                restart.executeUpdate();
            }
            writeInstance(c, 0);
            rows.written(List.of());
        }
        log.info("registered as gateway instance '{}' ({})", identity.instanceId(), identity.address());
    }

    /** Two gateways with one instance id would overwrite each other's rows: say so, loudly. */
    private void warnIfAnotherIsAlive(Connection c) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(LAST_HEARTBEAT)) {
            select.setString(1, identity.instanceId());
            try (ResultSet rs = select.executeQuery()) {
                if (rs.next()) {
                    Duration age = Duration.ofNanos(rs.getLong(1) * 1_000);
                    if (!Heartbeats.stale(age, Duration.ofMillis(rs.getLong(2)))) {
                        log.warn(
                                "instance id '{}' had a heartbeat {} ms ago: if another gateway runs with this id, give"
                                        + " each its own 'instance-id', or their rows in the catalog mix",
                                identity.instanceId(),
                                age.toMillis());
                    }
                }
            }
        }
    }

    private void heartbeat() {
        List<SessionSummary> now = sessions.summaries();
        try (Connection c = catalog.getConnection()) {
            writeSessions(c, now);
            writeInstance(c, now.size());
            if (failing) {
                failing = false;
                log.info("instance heartbeats reach the catalog again");
            }
        } catch (SQLException | RuntimeException e) {
            rows.unknown();
            if (!failing) {
                failing = true;
                log.warn(
                        "the heartbeat of instance '{}' cannot be written to the catalog ({}): admin status will show"
                                + " it stale",
                        identity.instanceId(),
                        e.getMessage());
            }
        }
    }

    private void writeInstance(Connection c, int openSessions) throws SQLException {
        try (PreparedStatement upsert = c.prepareStatement(UPSERT_INSTANCE)) {
            upsert.setString(1, identity.instanceId());
            upsert.setString(2, identity.address());
            upsert.setString(3, identity.opsAddress());
            upsert.setString(4, identity.softwareVersion());
            upsert.setLong(5, watcher.snapshot().version());
            upsert.setLong(6, identity.interval().toMillis());
            upsert.setInt(7, openSessions);
            upsert.executeUpdate();
        }
    }

    private void writeSessions(Connection c, List<SessionSummary> now) throws SQLException {
        if (rows.resync()) {
            try (PreparedStatement delete = c.prepareStatement(DELETE_SESSIONS)) {
                delete.setString(1, identity.instanceId());
                delete.executeUpdate();
            }
            rows.written(List.of());
        }
        SessionRows.Changes changes = rows.changes(now);
        if (changes.isEmpty()) {
            return;
        }
        for (int from = 0; from < changes.deletes().size(); from += SessionRows.CHUNK) {
            deleteSessions(
                    c,
                    changes.deletes()
                            .subList(
                                    from,
                                    Math.min(
                                            from + SessionRows.CHUNK,
                                            changes.deletes().size())));
        }
        for (int from = 0; from < changes.upserts().size(); from += SessionRows.CHUNK) {
            upsertSessions(
                    c,
                    changes.upserts()
                            .subList(
                                    from,
                                    Math.min(
                                            from + SessionRows.CHUNK,
                                            changes.upserts().size())));
        }
        rows.written(now);
    }

    private void deleteSessions(Connection c, List<Long> ids) throws SQLException {
        String sql = "DELETE FROM gateway_session WHERE instance_id = ? AND connection_id IN ("
                + String.join(", ", Collections.nCopies(ids.size(), "?")) + ")";
        try (PreparedStatement delete = c.prepareStatement(sql)) {
            delete.setString(1, identity.instanceId());
            for (int i = 0; i < ids.size(); i++) {
                delete.setLong(i + 2, ids.get(i));
            }
            delete.executeUpdate();
        }
    }

    private void upsertSessions(Connection c, List<SessionSummary> chunk) throws SQLException {
        String sql = "INSERT INTO gateway_session " + SESSION_COLUMNS + " VALUES "
                + String.join(", ", Collections.nCopies(chunk.size(), SESSION_VALUES)) + SESSION_UPDATE;
        try (PreparedStatement upsert = c.prepareStatement(sql)) {
            int p = 1;
            for (SessionSummary session : chunk) {
                upsert.setString(p++, identity.instanceId());
                upsert.setLong(p++, session.connectionId());
                upsert.setString(p++, session.user());
                upsert.setString(p++, session.clientAddress());
                upsert.setInt(p++, session.clientPort());
                upsert.setString(p++, session.tlsVersion().orElse(null));
                upsert.setTimestamp(p++, Timestamp.from(session.since()));
                upsert.setBoolean(p++, session.running());
                upsert.setLong(p++, session.bytesIn());
                upsert.setLong(p++, session.bytesOut());
                upsert.setLong(p++, session.commands());
                upsert.setString(p++, session.backend().column());
            }
            upsert.executeUpdate();
        }
    }

    /** Stops the heartbeat and removes the gateway's rows: it no longer shows in {@code admin status}. */
    @Override
    public void close() {
        kills.stop();
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Connection c = catalog.getConnection();
                PreparedStatement sessionRows = c.prepareStatement(DELETE_SESSIONS);
                PreparedStatement instanceRow = c.prepareStatement(DELETE_INSTANCE)) {
            sessionRows.setString(1, identity.instanceId());
            sessionRows.executeUpdate();
            instanceRow.setString(1, identity.instanceId());
            instanceRow.executeUpdate();
            log.info("gateway instance '{}' unregistered", identity.instanceId());
        } catch (SQLException e) {
            log.warn(
                    "gateway instance '{}' could not remove its rows from the catalog ({}): admin status will show it"
                            + " stale; 'admin status --prune' removes it",
                    identity.instanceId(),
                    e.getMessage());
        }
    }
}
