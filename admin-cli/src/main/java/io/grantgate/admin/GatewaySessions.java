package io.grantgate.admin;

import io.grantgate.catalog.Heartbeats;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The sessions of every gateway as the catalog holds them ({@code gateway_session}), each with
 * whether its gateway is stale or gone (its rows then outlive it until it starts again under the
 * same id or {@code admin status --prune} removes them), and the state of kill requests.
 */
final class GatewaySessions {

    private static final String SELECT = "SELECT s.instance_id, s.connection_id, s.user_name, s.client_address,"
            + " s.client_port, s.tls_version, " + AuditTimes.select("s.started_at") + ", s.running, s.bytes_in,"
            + " s.bytes_out, s.commands, s.backend, TIMESTAMPDIFF(MICROSECOND, s.updated_at, CURRENT_TIMESTAMP(6)),"
            + " i.instance_id IS NULL OR TIMESTAMPDIFF(MICROSECOND, i.heartbeat_at, CURRENT_TIMESTAMP(6))"
            + " > i.heartbeat_ms * 1000 * " + Heartbeats.STALE_AFTER_BEATS
            + " FROM gateway_session s LEFT JOIN gateway_instance i ON i.instance_id = s.instance_id";
    private static final String ORDER = " ORDER BY s.instance_id, s.connection_id";

    private final Connection connection;

    GatewaySessions(Connection connection) throws SQLException {
        this.connection = connection;
        try (Statement s = connection.createStatement()) {
            s.execute(AuditTimes.SESSION_UTC);
        }
    }

    /** Every session, or those of {@code user} and/or on {@code instance}. */
    List<SessionRow> list(Optional<String> user, Optional<String> instance) throws SQLException {
        List<String> conditions = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        user.ifPresent(u -> {
            conditions.add("s.user_name = ?");
            values.add(u);
        });
        instance.ifPresent(i -> {
            conditions.add("s.instance_id = ?");
            values.add(i);
        });
        return query(conditions, values);
    }

    /** The sessions with this connection id: on one gateway, or on several (every gateway counts from the same id). */
    List<SessionRow> byId(long connectionId, Optional<String> instance) throws SQLException {
        List<String> conditions = new ArrayList<>(List.of("s.connection_id = ?"));
        List<Object> values = new ArrayList<>(List.of(connectionId));
        instance.ifPresent(i -> {
            conditions.add("s.instance_id = ?");
            values.add(i);
        });
        return query(conditions, values);
    }

    /**
     * What became of the newest kill request for this session: {@code killed}, {@code not_found},
     * or empty while the gateway has not acted on it.
     */
    Optional<String> killOutcome(String instanceId, long connectionId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT outcome FROM session_kill"
                + " WHERE instance_id = ? AND connection_id = ? ORDER BY id DESC LIMIT 1")) {
            select.setString(1, instanceId);
            select.setLong(2, connectionId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        }
    }

    private List<SessionRow> query(List<String> conditions, List<Object> values) throws SQLException {
        String sql = SELECT + (conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions)) + ORDER;
        List<SessionRow> rows = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.size(); i++) {
                select.setObject(i + 1, values.get(i));
            }
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(new SessionRow(
                            rs.getString(1),
                            rs.getLong(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getInt(5),
                            Optional.ofNullable(rs.getString(6)),
                            AuditTimes.parse(rs.getString(7)),
                            rs.getBoolean(8),
                            rs.getLong(9),
                            rs.getLong(10),
                            rs.getLong(11),
                            Optional.ofNullable(rs.getString(12)),
                            Duration.ofNanos(rs.getLong(13) * 1_000),
                            rs.getBoolean(14)));
                }
            }
        }
        return rows;
    }
}
