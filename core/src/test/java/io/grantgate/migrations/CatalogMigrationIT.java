package io.grantgate.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.grantgate.catalog.CatalogDataSource;
import io.grantgate.catalog.CatalogSettings;
import io.grantgate.testing.TestBackend;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The catalog's Flyway scripts on the real test server. */
class CatalogMigrationIT {

    private final TestBackend backend = TestBackend.get();

    @Test
    void migratesAnEmptySchemaToTheLatestVersionThenIsANoOp() {
        CatalogSettings settings = backend.catalogSettings(backend.newSchema("migrate"));
        try (HikariDataSource pool = CatalogDataSource.open(settings, "test")) {
            CatalogMigrator migrator = new CatalogMigrator(pool);

            MigrationReport first = migrator.migrate();
            assertThat(first.versionBefore()).isNull();
            assertThat(first.versionAfter()).isEqualTo("1");
            assertThat(first.migrationsApplied()).isEqualTo(1);

            MigrationReport second = migrator.migrate();
            assertThat(second.versionBefore()).isEqualTo("1");
            assertThat(second.versionAfter()).isEqualTo("1");
            assertThat(second.migrationsApplied()).isZero();

            assertThat(migrator.validate()).isEmpty();
            assertThat(migrator.info().upToDate()).isTrue();
            assertThat(migrator.info().versionAfter()).isEqualTo("1");
        }
    }

    @Test
    void migrationCreatesTheSchemaWhenMissing() throws SQLException {
        String schema = "t_missing_" + ProcessHandle.current().pid();
        CatalogSettings settings = backend.catalogSettings(schema).creatingSchema();
        try (HikariDataSource pool = CatalogDataSource.open(settings, "test")) {
            assertThat(new CatalogMigrator(pool).migrate().versionAfter()).isEqualTo("1");
        } finally {
            try (Connection c = backend.connect("");
                    Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS `" + schema + "`");
            }
        }
    }

    @Test
    void infoOnAnEmptySchemaListsWhatIsPending() {
        try (HikariDataSource pool =
                CatalogDataSource.open(backend.catalogSettings(backend.newSchema("info")), "test")) {
            MigrationReport info = new CatalogMigrator(pool).info();
            assertThat(info.versionAfter()).isNull();
            assertThat(info.pending()).containsExactly("V1__catalog_schema");
        }
    }

    @Test
    void schemaHoldsAnAccountWithItsHostsGrantsVerifierBackendAccountAndAudit() throws SQLException {
        try (HikariDataSource pool = migratedCatalog("rows");
                Connection c = pool.getConnection();
                Statement s = c.createStatement()) {
            s.executeUpdate(
                    "INSERT INTO account (user_name, auth_plugin, status, max_connections) VALUES ('xuys', 'caching_sha2_password', 'active', 10)");
            long id = single(s, "SELECT id FROM account WHERE user_name = 'xuys'");
            s.executeUpdate("INSERT INTO account_verifier (account_id, auth_plugin, verifier) VALUES (" + id
                    + ", 'mysql_native_password', '*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19')");
            s.executeUpdate("INSERT INTO account_host (account_id, host_pattern) VALUES (" + id
                    + ", '192.168.88.234'), (" + id + ", '%')");
            s.executeUpdate(
                    "INSERT INTO account_grant (account_id, scope_level, scope_db, scope_table, privilege) VALUES ("
                            + id + ", 'database', 'shop', '', 'SELECT'), (" + id + ", 'global', '', '', 'USAGE')");
            s.executeUpdate("INSERT INTO backend_account (account_id, backend_user, backend_host, auth_plugin) VALUES ("
                    + id + ", 'gg_xuys_1', '%', 'mysql_native_password')");
            s.executeUpdate(
                    "INSERT INTO gateway_instance (instance_id, address, software_version) VALUES ('gw-1', '10.0.0.5:3307', '0.1.0')");
            s.executeUpdate(
                    "INSERT INTO audit_event (event_type, outcome, reason, user_name, client_address) VALUES ('login', 'denied', 'host_not_allowed', 'xuys', '127.0.0.2')");
            s.executeUpdate("UPDATE catalog_version SET version = version + 1, changed_by = 'test'");

            assertThat(single(s, "SELECT version FROM catalog_version")).isEqualTo(2);
            assertThat(single(s, "SELECT COUNT(*) FROM account_host WHERE account_id = " + id))
                    .isEqualTo(2);
            assertThat(single(s, "SELECT COUNT(*) FROM audit_event WHERE reason = 'host_not_allowed'"))
                    .isEqualTo(1);
            assertThat(single(s, "SELECT COUNT(*) FROM account WHERE user_name = 'XUYS'"))
                    .as("user names compare byte for byte, as MySQL's do")
                    .isZero();

            // a backend account must be dropped (on the backend, then its row) before its account
            assertThatThrownBy(() -> s.executeUpdate("DELETE FROM account WHERE id = " + id))
                    .isInstanceOf(SQLException.class);
            s.executeUpdate("DELETE FROM backend_account WHERE account_id = " + id);
            s.executeUpdate("DELETE FROM account WHERE id = " + id);
            assertThat(single(s, "SELECT COUNT(*) FROM account_host")).isZero();
            assertThat(single(s, "SELECT COUNT(*) FROM account_grant")).isZero();
            assertThat(single(s, "SELECT COUNT(*) FROM account_verifier")).isZero();
        }
    }

    @Test
    void constraintsRejectWhatTheCatalogMustNeverHold() throws SQLException {
        try (HikariDataSource pool = migratedCatalog("checks");
                Connection c = pool.getConnection();
                Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO account (user_name, auth_plugin) VALUES ('a', 'mysql_native_password')");
            long id = single(s, "SELECT id FROM account WHERE user_name = 'a'");
            assertThat(single(s, "SELECT COUNT(*) FROM account WHERE user_name = 'a' AND status = 'pending'"))
                    .as("a new account is pending until provisioned")
                    .isEqualTo(1);

            assertRejected(s, "INSERT INTO catalog_version (id, version) VALUES (2, 1)");
            assertRejected(s, "INSERT INTO account (user_name, auth_plugin) VALUES ('a', 'mysql_native_password')");
            assertRejected(s, "UPDATE account SET status = 'deleted' WHERE id = " + id);
            assertRejected(s, "UPDATE account SET max_connections = 0 WHERE id = " + id);
            assertRejected(
                    s,
                    "INSERT INTO account_grant (account_id, scope_level, scope_db, privilege) VALUES (" + id
                            + ", 'global', 'shop', 'SELECT')");
            assertRejected(
                    s,
                    "INSERT INTO account_grant (account_id, scope_level, privilege) VALUES (" + id
                            + ", 'database', 'SELECT')");
            assertRejected(s, "INSERT INTO account_host (account_id, host_pattern) VALUES (" + (id + 1000) + ", '%')");
            assertRejected(s, "INSERT INTO audit_event (event_type, outcome) VALUES ('login', 'maybe')");
        }
    }

    private HikariDataSource migratedCatalog(String prefix) {
        HikariDataSource pool = CatalogDataSource.open(backend.catalogSettings(backend.newSchema(prefix)), "test");
        new CatalogMigrator(pool).migrate();
        return pool;
    }

    private static void assertRejected(Statement s, String sql) {
        assertThatThrownBy(() -> s.executeUpdate(sql)).as(sql).isInstanceOf(SQLException.class);
    }

    private static long single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).as(sql).isTrue();
            return rs.getLong(1);
        }
    }
}
