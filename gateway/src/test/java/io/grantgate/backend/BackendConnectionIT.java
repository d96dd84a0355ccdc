package io.grantgate.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grantgate.auth.Secret;
import io.grantgate.protocol.constant.Capabilities;
import io.grantgate.protocol.constant.CapabilityFlag;
import io.grantgate.protocol.message.server.OkPacket;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** BackendConnection against the real test server, logged in as a freshly created backend user. */
class BackendConnectionIT {

    private BackendUserFixture fixture;

    @BeforeEach
    void createUser() throws SQLException {
        fixture = new BackendUserFixture();
    }

    @AfterEach
    void dropUser() throws SQLException {
        fixture.close();
    }

    private BackendConnection open(BackendConnectOptions options) throws BackendException {
        return BackendConnection.open(fixture.endpoint(), fixture.credentials(), options);
    }

    @Test
    void connectsAndPings() throws Exception {
        try (BackendConnection connection = open(BackendConnectOptions.defaults())) {
            connection.ping();
            assertThat(connection.connectionId()).isPositive();
            assertThat(connection.capabilities().contains(CapabilityFlag.CLIENT_PROTOCOL_41))
                    .isTrue();
            assertThat(connection.capabilities().contains(CapabilityFlag.CLIENT_COMPRESS))
                    .isFalse();
            assertThat(connection.serverVersion()).doesNotStartWith("5.5.5-");
            if (fixture.backend.isMariaDb()) {
                // MariaDB before 11 sends "5.5.5-" first; 11.x does not; either way the display form has none
                assertThat(connection.rawServerVersion()).contains("MariaDB").endsWith(connection.serverVersion());
                assertThat(connection.capabilities().carriesMariaDbExtension()).isTrue();
            }
            assertThat(TextRows.firstValue(connection, "SELECT CURRENT_USER()")).startsWith(fixture.user + "@");
        }
    }

    @Test
    void queryReadsAndDiscardsResultSetsAndStaysInStep() throws Exception {
        try (BackendConnection connection = open(BackendConnectOptions.defaults())) {
            OkPacket afterSelect = connection.query("SELECT 1");
            assertThat(afterSelect.eofHeader()).isTrue();
            connection.query("SELECT 1; SELECT 2, 3; DO 4");
            OkPacket set = connection.query("SET NAMES utf8mb4");
            assertThat(set.eofHeader()).isFalse();
            assertThat(TextRows.firstValue(connection, "SELECT 41 + 1")).isEqualTo("42");
        }
    }

    @Test
    void queryWithDeprecateEofWhenAsked() throws Exception {
        BackendConnectOptions options = BackendConnectOptions.defaults()
                .withRequested(
                        Capabilities.of(CapabilityFlag.CLIENT_DEPRECATE_EOF, CapabilityFlag.CLIENT_SESSION_TRACK));
        try (BackendConnection connection = open(options)) {
            assertThat(connection.capabilities().contains(CapabilityFlag.CLIENT_DEPRECATE_EOF))
                    .isTrue();
            connection.query("SELECT 1, 2; SELECT 3");
            assertThat(TextRows.rows(connection, "SELECT 1, NULL")).containsExactly(java.util.Arrays.asList("1", null));
        }
    }

    @Test
    void statementErrorPassesThroughAndKeepsTheConnection() throws Exception {
        try (BackendConnection connection = open(BackendConnectOptions.defaults())) {
            assertThatThrownBy(() -> connection.query("SELEKT 1")).isInstanceOfSatisfying(BackendException.class, e -> {
                assertThat(e.serverError()).isPresent();
                assertThat(e.errorCode()).isEqualTo(1064);
                assertThat(e.sqlState()).isEqualTo("42000");
                assertThat(e.connectionUsable()).isTrue();
            });
            connection.ping();
            assertThat(connection.isUsable()).isTrue();
        }
    }

    @Test
    void initDbAndInitialSchema() throws Exception {
        try (BackendConnection connection = open(BackendConnectOptions.defaults())) {
            assertThat(TextRows.firstValue(connection, "SELECT DATABASE()")).isNull();
            connection.initDb(fixture.schema);
            assertThat(TextRows.firstValue(connection, "SELECT DATABASE()")).isEqualTo(fixture.schema);
            assertThatThrownBy(() -> connection.initDb("mysql"))
                    .isInstanceOfSatisfying(
                            BackendException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(1044));
            connection.ping();
        }
        try (BackendConnection connection =
                open(BackendConnectOptions.defaults().withSchema(fixture.schema))) {
            assertThat(connection.capabilities().contains(CapabilityFlag.CLIENT_CONNECT_WITH_DB))
                    .isTrue();
            assertThat(TextRows.firstValue(connection, "SELECT DATABASE()")).isEqualTo(fixture.schema);
        }
    }

    @Test
    void wrongPasswordGivesTheServersAccessDeniedUnchanged() {
        BackendCredentials wrong = new BackendCredentials(fixture.user, new Secret("not-the-password"));
        assertThatThrownBy(() -> BackendConnection.open(fixture.endpoint(), wrong, BackendConnectOptions.defaults()))
                .isInstanceOfSatisfying(BackendException.class, e -> {
                    assertThat(e.serverError()).isPresent();
                    assertThat(e.errorCode()).isEqualTo(1045);
                    assertThat(e.sqlState()).isEqualTo("28000");
                    assertThat(e.serverError().get().message())
                            .startsWith("Access denied for user '" + fixture.user + "'@")
                            .endsWith("(using password: YES)");
                    assertThat(e.connectionUsable()).isFalse();
                    assertThat(e.getMessage()).doesNotContain("not-the-password");
                });
    }

    @Test
    void resetConnectionClearsSessionState() throws Exception {
        try (BackendConnection connection = open(BackendConnectOptions.defaults())) {
            connection.query("SET @x = 1");
            assertThat(TextRows.firstValue(connection, "SELECT @x")).isEqualTo("1");
            connection.resetConnection();
            assertThat(TextRows.firstValue(connection, "SELECT @x")).isNull();
            connection.ping();
        }
    }

    @Test
    void resetKeepingSchemaClearsTheSessionButKeepsItsSchemaAndLogin() throws Exception {
        fixture.admin("GRANT CREATE TEMPORARY TABLES ON `" + fixture.schema + "`.* TO '" + fixture.user + "'@'%'");
        try (BackendConnection connection = open(BackendConnectOptions.defaults())) {
            connection.initDb(fixture.schema);
            connection.query("SET @x = 1, time_zone = '+05:00'");
            connection.query("CREATE TEMPORARY TABLE leftover (i INT)");
            connection.query("DO GET_LOCK('" + fixture.user + "_lock', 0)");
            connection.query("START TRANSACTION");
            java.time.Duration loginAge = connection.sinceLogin();

            connection.resetKeepingSchema();

            assertThat(TextRows.firstValue(connection, "SELECT @x")).isNull();
            assertThat(TextRows.firstValue(connection, "SELECT @@time_zone")).isEqualTo("SYSTEM");
            assertThat(TextRows.firstValue(connection, "SELECT IS_USED_LOCK('" + fixture.user + "_lock')"))
                    .isNull();
            assertThat(TextRows.firstValue(connection, "SELECT @@in_transaction"))
                    .isEqualTo("0");
            assertThatThrownBy(() -> connection.query("SELECT * FROM leftover")).isInstanceOf(BackendException.class);
            assertThat(TextRows.firstValue(connection, "SELECT @@character_set_client"))
                    .isEqualTo("utf8mb4");
            assertThat(TextRows.firstValue(connection, "SELECT DATABASE()")).isEqualTo(fixture.schema);
            assertThat(connection.schema()).isEqualTo(fixture.schema);
            if (fixture.backend.isMariaDb()) {
                assertThat(connection.sinceLogin())
                        .as("no new login on MariaDB")
                        .isGreaterThanOrEqualTo(loginAge);
            }

            java.time.Duration beforeLogin = connection.sinceLogin();
            connection.resetConnection();
            assertThat(TextRows.firstValue(connection, "SELECT DATABASE()")).isNull();
            assertThat(connection.schema()).isEmpty();
            assertThat(connection.sinceLogin()).as("logged in again").isLessThan(beforeLogin);
        }
    }

    @Test
    void killedConnectionIsDetected() throws Exception {
        try (BackendConnection connection = open(BackendConnectOptions.defaults())) {
            fixture.admin("KILL " + connection.connectionId());
            assertThatThrownBy(connection::ping)
                    .isInstanceOfSatisfying(
                            BackendException.class,
                            e -> assertThat(e.connectionUsable()).isFalse());
            assertThat(connection.isUsable()).isFalse();
        }
    }

    @Test
    void unreachableBackendIsAConnectFailure() {
        BackendEndpoint nowhere = BackendEndpoint.plain("127.0.0.1", io.grantgate.testing.TestBackend.freePort());
        assertThatThrownBy(
                        () -> BackendConnection.open(nowhere, fixture.credentials(), BackendConnectOptions.defaults()))
                .isInstanceOfSatisfying(BackendException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(2003);
                    assertThat(e.sqlState()).isEqualTo("08001");
                    assertThat(e.getCause()).isNotNull();
                });
    }

    @Test
    void tlsRequiredButNotOfferedOrUntrustedFails() throws Exception {
        BackendEndpoint tls = new BackendEndpoint(
                fixture.endpoint().host(), fixture.endpoint().port(), true, java.util.Optional.empty(), true);
        assertThatThrownBy(() -> BackendConnection.open(tls, fixture.credentials(), BackendConnectOptions.defaults()))
                .isInstanceOfSatisfying(BackendException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(2026);
                    assertThat(e.serverError()).isEmpty();
                });
    }
}
