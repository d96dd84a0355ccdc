package io.grantgate.backend;

import io.grantgate.auth.Secret;
import io.grantgate.testing.ServerLogin;
import io.grantgate.testing.TestBackend;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Test-only: one backend user {@code gg_bt_<random>} on the shared test server with SELECT on a fresh
 * schema, created through the admin JDBC connection and dropped by {@link #close()}. The server's
 * default plugin is used: mysql_native_password on MariaDB, caching_sha2_password on MySQL 8.4+.
 */
final class BackendUserFixture implements AutoCloseable {

    final TestBackend backend = TestBackend.get();
    final Connection admin;
    final String user = "gg_bt_" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    final Secret password =
            new Secret("Pw-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 50), 36) + "-x9");
    final String schema;

    BackendUserFixture() throws SQLException {
        admin = backend.connect("");
        schema = backend.newSchema("bc");
        admin("CREATE USER '" + user + "'@'%' IDENTIFIED BY '" + password.reveal() + "'");
        admin("GRANT SELECT ON `" + schema + "`.* TO '" + user + "'@'%'");
    }

    BackendEndpoint endpoint() {
        ServerLogin login = backend.login();
        return BackendEndpoint.plain(login.host().toLowerCase(Locale.ROOT), login.port());
    }

    BackendCredentials credentials() {
        return new BackendCredentials(user, password);
    }

    void admin(String sql) throws SQLException {
        try (Statement statement = admin.createStatement()) {
            statement.execute(sql);
        }
    }

    @Override
    public void close() throws SQLException {
        try {
            admin("DROP USER IF EXISTS '" + user + "'@'%'");
            admin("DROP DATABASE IF EXISTS `" + schema + "`");
        } finally {
            admin.close();
        }
    }
}
