package io.grantgate.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Test-only: the first column of the first row of a query over JDBC, for the one-value checks the gateway tests make. */
public final class FirstValue {

    private FirstValue() {}

    /** The value, or null for SQL NULL; fails if the query returns no row. */
    public static Object of(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            if (!rs.next()) {
                throw new SQLException("no row from " + sql);
            }
            return rs.getObject(1);
        }
    }

    public static long asLong(Connection c, String sql) throws SQLException {
        return ((Number) of(c, sql)).longValue();
    }

    public static String asString(Connection c, String sql) throws SQLException {
        Object value = of(c, sql);
        return value == null ? null : value.toString();
    }
}
