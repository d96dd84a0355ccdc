package io.grantgate.admin;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The running gateways as the catalog holds them ({@code gateway_instance}), and the removal of
 * stale ones with their sessions ({@code admin status --prune}).
 */
final class GatewayInstances {

    private static final String LIST = "SELECT instance_id, address, ops_address, software_version,"
            + " COALESCE(catalog_version, 0), " + AuditTimes.select("started_at") + ","
            + " TIMESTAMPDIFF(MICROSECOND, heartbeat_at, CURRENT_TIMESTAMP(6)), heartbeat_ms, open_sessions"
            + " FROM gateway_instance ORDER BY instance_id";
    /** Staleness checked again in the DELETE: a gateway that came back meanwhile is kept. */
    private static final String PRUNE_INSTANCE = "DELETE FROM gateway_instance WHERE instance_id = ?"
            + " AND TIMESTAMPDIFF(MICROSECOND, heartbeat_at, CURRENT_TIMESTAMP(6)) > heartbeat_ms * 1000 * "
            + io.grantgate.catalog.Heartbeats.STALE_AFTER_BEATS;

    private static final String PRUNE_SESSIONS = "DELETE FROM gateway_session WHERE instance_id = ?";

    private final Connection connection;

    GatewayInstances(Connection connection) throws SQLException {
        this.connection = connection;
        try (Statement s = connection.createStatement()) {
            s.execute(AuditTimes.SESSION_UTC);
        }
    }

    long catalogVersion() throws SQLException {
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT version FROM catalog_version WHERE id = 1")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    List<InstanceRow> list() throws SQLException {
        List<InstanceRow> rows = new ArrayList<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery(LIST)) {
            while (rs.next()) {
                rows.add(new InstanceRow(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getLong(5),
                        AuditTimes.parse(rs.getString(6)),
                        Duration.ofNanos(rs.getLong(7) * 1_000),
                        Duration.ofMillis(rs.getLong(8)),
                        rs.getInt(9)));
            }
        }
        return rows;
    }

    /** Removes the instance and its sessions if it is still stale; true when it was removed. */
    boolean prune(String instanceId) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (PreparedStatement instance = connection.prepareStatement(PRUNE_INSTANCE);
                PreparedStatement sessions = connection.prepareStatement(PRUNE_SESSIONS)) {
            instance.setString(1, instanceId);
            boolean removed = instance.executeUpdate() > 0;
            if (removed) {
                sessions.setString(1, instanceId);
                sessions.executeUpdate();
            }
            connection.commit();
            return removed;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }
}
