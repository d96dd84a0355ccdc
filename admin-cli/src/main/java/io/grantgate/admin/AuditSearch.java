package io.grantgate.admin;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs an {@link AuditQuery} on the catalog: newest first, by occurred_at then id. When a filter
 * is decided here rather than by the database (the client network), rows are read a page at a time,
 * each page starting after the last row of the one before, until the limit is reached or the rows
 * run out; so a filter that drops most rows neither truncates the answer nor reads the whole table.
 */
final class AuditSearch {

    private static final String COLUMNS = "id, " + AuditTimes.select("occurred_at")
            + ", event_type, outcome, reason, instance_id, actor, user_name, client_address, client_port,"
            + " connection_id, detail";
    private static final int PAGE = 1000;

    private final Connection connection;
    private final int pageSize;

    AuditSearch(Connection connection) {
        this(connection, PAGE);
    }

    /** @param pageSize rows read at a time when filtering here; small in tests, to cross pages */
    AuditSearch(Connection connection, int pageSize) {
        this.connection = connection;
        this.pageSize = pageSize;
    }

    List<AuditRecord> run(AuditQuery query) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(AuditTimes.SESSION_UTC);
        }
        List<AuditRecord> found = new ArrayList<>();
        int page = query.filtersInJava() ? pageSize : query.limit();
        AuditRecord last = null;
        while (found.size() < query.limit()) {
            List<AuditRecord> rows = page(query, last, page);
            for (AuditRecord row : rows) {
                if (query.accepts(row) && found.size() < query.limit()) {
                    found.add(row);
                }
            }
            if (rows.size() < page) {
                break;
            }
            last = rows.getLast();
        }
        return found;
    }

    private List<AuditRecord> page(AuditQuery query, AuditRecord after, int size) throws SQLException {
        List<SqlCondition> conditions = new ArrayList<>(query.conditions());
        if (after != null) {
            String at = AuditTimes.sql(after.occurredAt());
            conditions.add(SqlCondition.of("(occurred_at < ? OR (occurred_at = ? AND id < ?))", at, at, after.id()));
        }
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM audit_event");
        List<Object> parameters = new ArrayList<>();
        for (int i = 0; i < conditions.size(); i++) {
            sql.append(i == 0 ? " WHERE " : " AND ").append(conditions.get(i).sql());
            parameters.addAll(conditions.get(i).parameters());
        }
        sql.append(" ORDER BY occurred_at DESC, id DESC LIMIT ?");
        parameters.add(size);
        try (PreparedStatement s = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < parameters.size(); i++) {
                s.setObject(i + 1, parameters.get(i));
            }
            List<AuditRecord> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(record(rs));
                }
            }
            return rows;
        }
    }

    private static AuditRecord record(ResultSet rs) throws SQLException {
        return new AuditRecord(
                rs.getLong(1),
                AuditTimes.parse(rs.getString(2)),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                rs.getString(8),
                rs.getString(9),
                rs.getObject(10, Integer.class),
                rs.getObject(11, Long.class),
                rs.getString(12));
    }
}
