package io.grantgate.admin;

import java.util.List;

/** A part of a WHERE clause, its values as prepared statement parameters, never in the text. */
record SqlCondition(String sql, List<Object> parameters) {

    SqlCondition {
        parameters = List.copyOf(parameters);
        if (sql.chars().filter(c -> c == '?').count() != parameters.size()) {
            throw new IllegalArgumentException("placeholders and parameters differ: " + sql);
        }
    }

    static SqlCondition of(String sql, Object... parameters) {
        return new SqlCondition(sql, List.of(parameters));
    }
}
