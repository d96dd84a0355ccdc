package io.grantgate.provision;

import io.grantgate.account.SqlQuoting;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What on the backend widens every account, and so every backend account GrantGate mirrors, beyond
 * the grants it was given: privileges granted to PUBLIC (MariaDB 10.11+, whose installer grants it
 * all data and DDL privileges on the test schemas) and anonymous accounts (which let anyone in, and
 * shadow named accounts from the same host). GrantGate's model is that a backend account holds
 * exactly its gateway account's grants; these break it, whoever made them. Read from the grant
 * tables, so the admin login needs SELECT on {@code mysql.db}, {@code mysql.tables_priv} and
 * {@code mysql.user}; column and routine grants to PUBLIC are not looked for.
 */
public final class SharedGrants {

    /** One finding: what it is, and the statement that takes it away. */
    public record Finding(String what, BackendStatement removal) {}

    private SharedGrants() {}

    public static List<Finding> find(Connection admin) throws SQLException {
        List<Finding> found = new ArrayList<>();
        try (Statement s = admin.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT Db FROM mysql.db WHERE User = 'PUBLIC' ORDER BY Db")) {
                while (rs.next()) {
                    found.add(toPublic(SqlQuoting.identifier(rs.getString(1)) + ".*"));
                }
            }
            try (ResultSet rs = s.executeQuery(
                    "SELECT Db, Table_name FROM mysql.tables_priv WHERE User = 'PUBLIC' ORDER BY Db, Table_name")) {
                while (rs.next()) {
                    found.add(toPublic(
                            SqlQuoting.identifier(rs.getString(1)) + "." + SqlQuoting.identifier(rs.getString(2))));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT Host FROM mysql.user WHERE User = '' ORDER BY Host")) {
                while (rs.next()) {
                    String account = "''@" + SqlQuoting.literal(rs.getString(1));
                    found.add(new Finding("anonymous account " + account, BackendStatement.of("DROP USER " + account)));
                }
            }
        }
        return found;
    }

    private static Finding toPublic(String level) {
        return new Finding(
                "PUBLIC holds privileges on " + level,
                BackendStatement.of("REVOKE ALL PRIVILEGES ON " + level + " FROM PUBLIC"));
    }
}
