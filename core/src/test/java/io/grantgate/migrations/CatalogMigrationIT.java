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
import org.flywaydb.core.Flyway;
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
            assertThat(first.versionAfter()).isEqualTo("7");
            assertThat(first.migrationsApplied()).isEqualTo(7);

            MigrationReport second = migrator.migrate();
            assertThat(second.versionBefore()).isEqualTo("7");
            assertThat(second.versionAfter()).isEqualTo("7");
            assertThat(second.migrationsApplied()).isZero();

            assertThat(migrator.validate()).isEmpty();
            assertThat(migrator.info().upToDate()).isTrue();
            assertThat(migrator.info().versionAfter()).isEqualTo("7");
        }
    }

    @Test
    void migrationCreatesTheSchemaWhenMissing() throws SQLException {
        String schema = "t_missing_" + ProcessHandle.current().pid();
        CatalogSettings settings = backend.catalogSettings(schema).creatingSchema();
        try (HikariDataSource pool = CatalogDataSource.open(settings, "test")) {
            assertThat(new CatalogMigrator(pool).migrate().versionAfter()).isEqualTo("7");
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
            assertThat(info.pending())
                    .containsExactly(
                            "V1__catalog_schema",
                            "V2__audit",
                            "V3__instances",
                            "V4__expiry",
                            "V5__password_expired",
                            "V6__roles",
                            "V7__session_pin");
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
            assertRejected(s, "UPDATE account SET audit_level = 'everything' WHERE id = " + id);
            assertRejected(s, "UPDATE account SET audit_level = 'OFF' WHERE id = " + id);
            assertRejected(
                    s, "INSERT INTO audit_event (event_type, outcome, client_port) VALUES ('login', 'ok', 65536)");
            s.executeUpdate(
                    "INSERT INTO audit_checkpoint (instance_id, file_name, seq, mac) VALUES ('gw-1', 'a.jsonl', 0, '"
                            + "0".repeat(64) + "')");
            assertRejected(
                    s,
                    "INSERT INTO audit_checkpoint (instance_id, file_name, seq, mac) VALUES ('gw-1', 'b.jsonl', 1, '"
                            + "1".repeat(64) + "')");
            assertRejected(
                    s,
                    "INSERT INTO audit_checkpoint (instance_id, file_name, seq, mac) VALUES ('gw-2', 'b.jsonl', -1, '"
                            + "1".repeat(64) + "')");
        }
    }

    @Test
    void v2AddsTheAuditLevelCheckpointsAndClientPortToACatalogThatHoldsRows() throws SQLException {
        String schema = backend.newSchema("upgrade");
        try (HikariDataSource pool = CatalogDataSource.open(backend.catalogSettings(schema), "test")) {
            Flyway.configure(CatalogMigrator.class.getClassLoader())
                    .dataSource(pool)
                    .locations(CatalogMigrator.LOCATION)
                    .target("1")
                    .load()
                    .migrate();
            try (Connection c = pool.getConnection();
                    Statement s = c.createStatement()) {
                s.executeUpdate(
                        "INSERT INTO account (user_name, auth_plugin, status) VALUES ('old', 'caching_sha2_password', 'active')");
                s.executeUpdate(
                        "INSERT INTO audit_event (event_type, outcome, user_name, client_address) VALUES ('login', 'ok', 'old', '::1')");
            }

            MigrationReport report = new CatalogMigrator(pool).migrate();
            assertThat(report.versionBefore()).isEqualTo("1");
            assertThat(report.versionAfter()).isEqualTo("7");

            try (Connection c = pool.getConnection();
                    Statement s = c.createStatement()) {
                assertThat(single(s, "SELECT COUNT(*) FROM account WHERE user_name = 'old' AND audit_level IS NULL"))
                        .as("an existing account keeps the gateways' default level")
                        .isEqualTo(1);
                s.executeUpdate("UPDATE account SET audit_level = 'statements' WHERE user_name = 'old'");
                assertThat(
                                single(
                                        s,
                                        "SELECT COUNT(*) FROM audit_event WHERE client_address = '::1' AND client_port IS NULL"))
                        .isEqualTo(1);
                String longName = "u".repeat(255);
                s.executeUpdate("INSERT INTO audit_event (event_type, outcome, reason, user_name, client_address,"
                        + " client_port) VALUES ('login', 'denied', 'unknown_user', '" + longName
                        + "', '10.1.2.3', 50123)");
                assertThat(single(s, "SELECT client_port FROM audit_event WHERE user_name = '" + longName + "'"))
                        .as("a denied login keeps the name the client sent, up to 255 characters")
                        .isEqualTo(50123);
                s.executeUpdate("INSERT INTO audit_checkpoint (instance_id, file_name, seq, mac, checkpointed_at)"
                        + " VALUES ('gw-1', 'audit-gw-1.jsonl', 42, '" + "ab".repeat(32) + "', CURRENT_TIMESTAMP(6))");
                assertThat(single(s, "SELECT seq FROM audit_checkpoint WHERE instance_id = 'gw-1'"))
                        .isEqualTo(42);
            }
        }
    }

    @Test
    void v3KeepsTheRegisteredGatewaysAndAddsSessionsAndKillRequests() throws SQLException {
        String schema = backend.newSchema("instances");
        try (HikariDataSource pool = CatalogDataSource.open(backend.catalogSettings(schema), "test")) {
            Flyway.configure(CatalogMigrator.class.getClassLoader())
                    .dataSource(pool)
                    .locations(CatalogMigrator.LOCATION)
                    .target("2")
                    .load()
                    .migrate();
            try (Connection c = pool.getConnection();
                    Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO gateway_instance (instance_id, address, software_version, catalog_version)"
                        + " VALUES ('gw-1', '10.0.0.5:3307', '0.1.0', 7)");
            }
            assertThat(new CatalogMigrator(pool).migrate().versionAfter()).isEqualTo("7");
            try (Connection c = pool.getConnection();
                    Statement s = c.createStatement()) {
                assertThat(single(
                                s,
                                "SELECT heartbeat_ms + open_sessions FROM gateway_instance WHERE instance_id = 'gw-1'"))
                        .as("an existing row gets the default interval and no sessions")
                        .isEqualTo(1000);
                s.executeUpdate(
                        "INSERT INTO gateway_session (instance_id, connection_id, user_name, client_address,"
                                + " client_port, started_at) VALUES ('gw-1', 1000000001, 'xuys', '::1', 40400, CURRENT_TIMESTAMP(3))");
                s.executeUpdate(
                        "INSERT INTO gateway_session (instance_id, connection_id, user_name, client_address,"
                                + " client_port, started_at) VALUES ('gw-2', 1000000001, 'xuys', '::1', 40401, CURRENT_TIMESTAMP(3))");
                assertRejected(
                        s,
                        "INSERT INTO gateway_session (instance_id, connection_id, user_name, client_address,"
                                + " client_port, started_at) VALUES ('gw-1', 1000000001, 'b', '::1', 1, CURRENT_TIMESTAMP(3))");
                assertThat(single(s, "SELECT COUNT(*) FROM gateway_session WHERE backend IS NULL"))
                        .as("a row written without the V7 column says nothing of its backend connection")
                        .isEqualTo(2);
                s.executeUpdate(
                        "UPDATE gateway_session SET backend = 'pinned:session_state' WHERE instance_id = 'gw-1'");
                s.executeUpdate("UPDATE gateway_session SET backend = 'shared' WHERE instance_id = 'gw-2'");
                assertRejected(s, "UPDATE gateway_session SET backend = 'maybe'");
                s.executeUpdate("INSERT INTO session_kill (instance_id, connection_id, requested_by)"
                        + " VALUES ('gw-1', 1000000001, 'admin:root')");
                assertRejected(s, "UPDATE session_kill SET outcome = 'maybe'");
                assertRejected(s, "UPDATE gateway_instance SET open_sessions = -1");
            }
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
