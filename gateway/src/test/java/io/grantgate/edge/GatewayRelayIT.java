package io.grantgate.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grantgate.testing.FirstValue;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SQL through the gateway to the real backend, with real drivers, as an account made by the admin
 * library; relayed by the event loops ({@link GatewayThreadRelayIT} runs the same on session threads,
 * {@link GatewayMultiplexedRelayIT} with the sessions multiplexed).
 */
class GatewayRelayIT {

    static GatewayFixture gateway;
    private static boolean onLoops;
    private static String shop;
    private static String user;

    @BeforeAll
    static void start() throws Exception {
        startWith(Map.of());
    }

    /** @param settings the gateway's, on top of the fixture's (which relays plain sessions on a loop from the first command) */
    static void startWith(Map<String, String> settings) throws Exception {
        // multiplexed sessions (the fixture's Connector/J URLs track session state) stay on their threads
        onLoops = !"thread".equals(settings.get("sessions.relay")) && !settings.containsKey("sessions.multiplexing");
        gateway = new GatewayFixture(Duration.ofMillis(200), Duration.ofSeconds(30), settings);
        shop = "shop_" + gateway.prefix;
        user = "xuys_" + gateway.prefix;
        try (Connection c = gateway.backend.connect("");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE `" + shop + "`");
            s.execute("CREATE TABLE `" + shop + "`.orders (id INT PRIMARY KEY, total INT, note VARCHAR(200))");
            s.execute("CREATE DATABASE IF NOT EXISTS `secret_" + gateway.prefix + "`");
        }
        gateway.grant(user, "pw-" + user, "127.0.0.1", "SELECT,INSERT,UPDATE", shop + ".*");
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private Connection connect(String options) throws SQLException {
        return DriverManager.getConnection(gateway.url(shop, options), user, "pw-" + user);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "useServerPrepStmts=true", "useServerPrepStmts=true&cachePrepStmts=true"})
    void queriesAndPreparedStatementsRunOnTheBackend(String options) throws SQLException {
        try (Connection c = connect(options);
                Statement s = c.createStatement()) {
            int id = options.length() + 100;
            try (PreparedStatement insert =
                    c.prepareStatement("INSERT INTO orders (id, total, note) VALUES (?, ?, ?)")) {
                insert.setInt(1, id);
                insert.setInt(2, 42);
                insert.setString(3, "naïve ☃ " + options);
                assertThat(insert.executeUpdate()).isEqualTo(1);
            }
            try (PreparedStatement select = c.prepareStatement("SELECT total, note FROM orders WHERE id = ?")) {
                select.setInt(1, id);
                try (ResultSet rs = select.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(1)).isEqualTo(42);
                    assertThat(rs.getString(2)).isEqualTo("naïve ☃ " + options);
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT CURRENT_USER(), DATABASE()")) {
                rs.next();
                assertThat(rs.getString(1))
                        .as("SQL runs as the backend account")
                        .startsWith("gg_");
                assertThat(rs.getString(2)).isEqualTo(shop);
            }
        }
    }

    /**
     * The backend's access errors name the backend account; the client reads its own account and
     * address instead (code, SQLSTATE and the rest of the message as the backend sent them): an
     * ERR alone, one that ends a multi-result, and one that refuses a login's default schema.
     */
    @Test
    void theBackendsAccessErrorsNameTheClientsAccount() throws SQLException {
        String account = "'" + user + "'@'127.0.0.1'";
        try (Connection c = connect("allowMultiQueries=true");
                Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate("DELETE FROM orders"))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getErrorCode()).isEqualTo(1142);
                        assertThat(e.getSQLState()).isEqualTo("42000");
                        assertThat(e.getMessage())
                                .isEqualTo("DELETE command denied to user " + account + " for table `" + shop
                                        + "`.`orders`");
                    });
            assertThatThrownBy(() -> s.execute("USE `secret_" + gateway.prefix + "`"))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getErrorCode()).isEqualTo(1044);
                        assertThat(e.getMessage())
                                .isEqualTo("Access denied for user " + account + " to database 'secret_"
                                        + gateway.prefix + "'");
                    });
            assertThatThrownBy(() -> s.execute("SELECT 1; SELECT 2; DELETE FROM orders"))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getErrorCode()).isEqualTo(1142);
                        assertThat(e.getMessage()).startsWith("DELETE command denied to user " + account);
                    });
            assertThatThrownBy(() -> s.execute("SELECT * FROM nope"))
                    .isInstanceOfSatisfying(
                            SQLException.class,
                            e -> assertThat(e.getMessage())
                                    .as("other errors pass as they came")
                                    .isEqualTo("Table '" + shop + ".nope' doesn't exist"));
            try (ResultSet rs = s.executeQuery("SELECT 1")) {
                assertThat(rs.next()).as("the session goes on after errors").isTrue();
            }
        }
        assertThatThrownBy(() ->
                        DriverManager.getConnection(gateway.url("secret_" + gateway.prefix, ""), user, "pw-" + user))
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo(1044);
                    assertThat(e.getMessage()).contains("Access denied for user " + account + " to database");
                });
    }

    @Test
    void plainSessionsAreRelayedByTheLoopsAndAKillGoesBackToTheSessionsThread() throws SQLException {
        RelayLoops.Stats before = gateway.runtime.relayStats();
        try (Connection c = connect("");
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT 6 * 7")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(42);
            }
            // the gateway answers KILL itself, on the session's own thread
            assertThatThrownBy(() -> s.execute("KILL 987654321"))
                    .isInstanceOfSatisfying(
                            SQLException.class,
                            e -> assertThat(e.getErrorCode()).isEqualTo(1094));
            try (ResultSet rs = s.executeQuery("SELECT 'still here'")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("still here");
            }
        }
        RelayLoops.Stats after = gateway.runtime.relayStats();
        if (onLoops) {
            assertThat(after.moves() - before.moves())
                    .as("moved to a loop, and back after the KILL")
                    .isGreaterThanOrEqualTo(2);
            assertThat(after.handbacks() - before.handbacks())
                    .as("the KILL handed back")
                    .isGreaterThanOrEqualTo(1);
        } else {
            assertThat(after).isEqualTo(before);
        }
    }

    @Test
    void aCommandLargerThanTheLoopsBufferGoesThroughTheSessionsThread() throws SQLException {
        RelayLoops.Stats before = gateway.runtime.relayStats();
        String big = "y".repeat(200_000);
        try (Connection c = connect("");
                Statement s = c.createStatement()) {
            for (int i = 0; i < 3; i++) {
                try (ResultSet rs = s.executeQuery("SELECT LENGTH('" + big + "'), " + i)) {
                    rs.next();
                    assertThat(rs.getInt(1)).isEqualTo(200_000);
                    assertThat(rs.getInt(2)).isEqualTo(i);
                }
            }
        }
        if (onLoops) {
            // the first arrives while the session is on a loop, which hands it back; a later one may
            // already be waiting, whole, when the session moves back, and then the loop relays it itself
            assertThat(gateway.runtime.relayStats().handbacks() - before.handbacks())
                    .isPositive();
        }
    }

    @Test
    void loadDataLocalInfileSendsTheClientsFileThrough() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("orders", ".csv");
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            // about 150 KB: the file crosses several of the relay's 16 KiB buffers
            rows.append(50_000 + i)
                    .append('\t')
                    .append(i)
                    .append('\t')
                    .append("row ")
                    .append(i)
                    .append(" ")
                    .append("x".repeat(30))
                    .append('\n');
        }
        java.nio.file.Files.writeString(file, rows);
        try (Connection c = connect("allowLoadLocalInfile=true");
                Statement s = c.createStatement()) {
            int loaded = s.executeUpdate("LOAD DATA LOCAL INFILE '"
                    + file.toAbsolutePath().toString().replace("\\", "/") + "' INTO TABLE orders (id, total, note)");
            assertThat(loaded).isEqualTo(3000);
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*), SUM(total) FROM orders WHERE id >= 50000")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(3000);
                assertThat(rs.getLong(2)).isEqualTo(2999L * 3000 / 2);
            }
            try (ResultSet rs = s.executeQuery("SELECT 'the session goes on'")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("the session goes on");
            }
        } finally {
            java.nio.file.Files.deleteIfExists(file);
        }
    }

    /** The client that runs a LOAD DATA LOCAL INFILE as a server-side prepared statement, and how. */
    enum PreparedLoader {
        CONNECTOR_J(
                "jdbc:mysql",
                "sslMode=DISABLED&allowPublicKeyRetrieval=true&useServerPrepStmts=true&allowLoadLocalInfile=true"),
        CONNECTOR_J_CACHED(
                "jdbc:mysql",
                "sslMode=DISABLED&allowPublicKeyRetrieval=true&useServerPrepStmts=true&cachePrepStmts=true&allowLoadLocalInfile=true"),
        // prepare and execute sent together, the execute naming the statement just prepared (id -1)
        MARIADB_PIPELINED("jdbc:mariadb", "allowPublicKeyRetrieval=true&useServerPrepStmts=true&allowLocalInfile=true"),
        MARIADB_NOT_PIPELINED(
                "jdbc:mariadb",
                "allowPublicKeyRetrieval=true&useServerPrepStmts=true&allowLocalInfile=true&disablePipeline=true");

        final String scheme;
        final String options;

        PreparedLoader(String scheme, String options) {
            this.scheme = scheme;
            this.options = options;
        }

        Connection connect(String host, int port, String database, String user, String password) throws SQLException {
            return DriverManager.getConnection(
                    scheme + "://" + host + ":" + port + "/" + database + "?" + options, user, password);
        }

        boolean serverPrepared(PreparedStatement statement) throws SQLException {
            return this == CONNECTOR_J || this == CONNECTOR_J_CACHED
                    ? statement.isWrapperFor(com.mysql.cj.jdbc.ServerPreparedStatement.class)
                    : statement.isWrapperFor(org.mariadb.jdbc.ServerPreparedStatement.class);
        }
    }

    /** The file a LOAD DATA sends, and what the server does with it. */
    enum LoadFile {
        /** 3000 rows, about 100 KB: the file crosses several of the relay's 16 KiB buffers. */
        GOOD,
        /**
         * Row 3 fails a trigger (1644): the server refuses the file once it has all of it. (A bad value
         * or a duplicate key would not do: LOCAL loads as with IGNORE, so they are warnings.)
         */
        BAD_ROW,
        /** No such file: the client sends an empty one and reports the error itself. */
        MISSING
    }

    /** What a client saw of one prepared LOAD DATA LOCAL INFILE, and what the table held after it. */
    record LoadOutcome(String result, long rows, long idSum, String next) {}

    /**
     * A prepared LOAD DATA LOCAL INFILE (MariaDB prepares it and answers its COM_STMT_EXECUTE with
     * the LOCAL INFILE request) through the gateway gives what it gives on a direct connection: the
     * same update count or error, the same rows, and the session goes on.
     */
    @ParameterizedTest(name = "{0}, {1} file")
    @org.junit.jupiter.params.provider.MethodSource("preparedLoads")
    void aPreparedLoadDataLocalInfileLoadsAsOnADirectConnection(PreparedLoader loader, LoadFile kind) throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("loads", ".tsv");
        String table = "loads_" + loader.ordinal() + "_" + kind.ordinal();
        try (Connection admin = gateway.backend.connect(shop);
                Statement s = admin.createStatement()) {
            s.execute("CREATE TABLE `" + table + "` (id INT PRIMARY KEY, note VARCHAR(50))");
            if (kind == LoadFile.BAD_ROW) {
                s.execute("CREATE TRIGGER `" + table + "_check` BEFORE INSERT ON `" + table
                        + "` FOR EACH ROW IF NEW.id = 3 THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'bad row 3';"
                        + " END IF");
            }
        }
        try {
            if (kind == LoadFile.MISSING) {
                java.nio.file.Files.delete(file);
            } else {
                StringBuilder rows = new StringBuilder();
                for (int i = 1; i <= 3000; i++) {
                    rows.append(i)
                            .append('\t')
                            .append("row ")
                            .append(i)
                            .append(" ")
                            .append("y".repeat(20))
                            .append('\n');
                }
                java.nio.file.Files.writeString(file, rows);
            }
            io.grantgate.testing.ServerLogin login = gateway.backend.login();
            LoadOutcome direct;
            try (Connection c = loader.connect(login.host(), login.port(), shop, login.user(), login.password())) {
                direct = preparedLoad(loader, c, table, file);
            }
            try (Connection admin = gateway.backend.connect(shop);
                    Statement s = admin.createStatement()) {
                s.execute("DELETE FROM `" + table + "`");
            }
            LoadOutcome through;
            try (Connection c = loader.connect("127.0.0.1", gateway.runtime.port(), shop, user, "pw-" + user)) {
                through = preparedLoad(loader, c, table, file);
            }

            assertThat(through).isEqualTo(direct);
            assertThat(direct.result())
                    .as("what the direct connection saw")
                    .startsWith(
                            switch (kind) {
                                case GOOD -> "loaded 3000";
                                case BAD_ROW -> "error 1644 45000 bad row 3";
                                case MISSING -> "error";
                            });
            gateway.awaitNoBorrowedBackendConnection();
        } finally {
            java.nio.file.Files.deleteIfExists(file);
        }
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> preparedLoads() {
        return java.util.Arrays.stream(PreparedLoader.values())
                .flatMap(loader -> java.util.Arrays.stream(LoadFile.values())
                        .map(kind -> org.junit.jupiter.params.provider.Arguments.of(loader, kind)));
    }

    /**
     * An error message's first line, without MariaDB Connector/J's "(conn=N)": the gateway's
     * greeting gives its own connection id, not the backend's (Connector/J's message goes on with
     * the client's stack trace).
     */
    private static String firstLine(String message) {
        return message.lines().findFirst().orElse("").replaceFirst("^\\(conn=\\d+\\) ", "");
    }

    private static LoadOutcome preparedLoad(PreparedLoader loader, Connection c, String table, java.nio.file.Path file)
            throws SQLException {
        String result;
        try (PreparedStatement load = c.prepareStatement("LOAD DATA LOCAL INFILE '"
                + file.toAbsolutePath().toString().replace("\\", "/") + "' INTO TABLE `" + table + "` (id, note)")) {
            assertThat(loader.serverPrepared(load))
                    .as("a server-side prepared statement")
                    .isTrue();
            try {
                result = "loaded " + load.executeUpdate();
            } catch (SQLException e) {
                result = "error " + e.getErrorCode() + " " + e.getSQLState() + " " + firstLine(e.getMessage());
            }
        }
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*), COALESCE(SUM(id), 0) FROM `" + table + "`")) {
            rs.next();
            return new LoadOutcome(result, rs.getLong(1), rs.getLong(2), FirstValue.asString(c, "SELECT 'goes on'"));
        }
    }

    /**
     * Connector/J sends a stream bound to a server-side prepared statement as COM_STMT_SEND_LONG_DATA
     * pieces of {@code blobSendChunkSize}: here 1 MiB in pieces of 64 KiB, as mysqli's send_long_data
     * does. Each piece is larger than a relay loop's buffer, so the loop hands each to the session's
     * thread; the value stored is the one sent, and the same as on a direct connection.
     */
    @Test
    void aValueSentAsLongDataInPiecesIsStoredWhole() throws Exception {
        String table = "blobs";
        try (Connection admin = gateway.backend.connect(shop);
                Statement s = admin.createStatement()) {
            s.execute("CREATE TABLE `" + table + "` (id INT PRIMARY KEY, b LONGBLOB)");
        }
        byte[] value = new byte[1 << 20];
        new java.util.Random(42).nextBytes(value);
        String expected = java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("MD5").digest(value));
        String options = "useServerPrepStmts=true&blobSendChunkSize=65536";
        io.grantgate.testing.ServerLogin login = gateway.backend.login();
        try (Connection c = DriverManager.getConnection(
                "jdbc:mysql://" + login.host() + ":" + login.port() + "/" + shop
                        + "?sslMode=DISABLED&allowPublicKeyRetrieval=true&" + options,
                login.user(),
                login.password())) {
            assertThat(insertInPieces(c, table, 1, value)).as("direct").isEqualTo(expected);
        }
        RelayLoops.Stats before = gateway.runtime.relayStats();
        try (Connection c = connect(options)) {
            for (int id = 2; id <= 4; id++) {
                assertThat(insertInPieces(c, table, id, value))
                        .as("through the gateway")
                        .isEqualTo(expected);
            }
        }
        if (onLoops) {
            assertThat(gateway.runtime.relayStats().handbacks() - before.handbacks())
                    .as("the 64 KiB pieces handed back by the loop")
                    .isGreaterThanOrEqualTo(3 * 16);
        }
        gateway.awaitNoBorrowedBackendConnection();
    }

    /** Inserts {@code value} through a stream, so as long data; returns the MD5 the server computes of what it stored. */
    private static String insertInPieces(Connection c, String table, int id, byte[] value) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO `" + table + "` (id, b) VALUES (?, ?)")) {
            assertThat(insert.isWrapperFor(com.mysql.cj.jdbc.ServerPreparedStatement.class))
                    .isTrue();
            insert.setInt(1, id);
            insert.setBinaryStream(2, new java.io.ByteArrayInputStream(value), value.length);
            assertThat(insert.executeUpdate()).isEqualTo(1);
        }
        return FirstValue.asString(c, "SELECT MD5(b) FROM `" + table + "` WHERE id = " + id);
    }

    @Test
    void multiStatementQueriesReturnEveryResult() throws SQLException {
        try (Connection c = connect("allowMultiQueries=true");
                Statement s = c.createStatement()) {
            assertThat(s.execute("SELECT 1 AS a; SELECT 2 AS b, 3 AS c; UPDATE orders SET total = total WHERE id = -1"))
                    .isTrue();
            try (ResultSet rs = s.getResultSet()) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
            assertThat(s.getMoreResults()).isTrue();
            try (ResultSet rs = s.getResultSet()) {
                rs.next();
                assertThat(rs.getInt(2)).isEqualTo(3);
            }
            assertThat(s.getMoreResults()).isFalse();
            assertThat(s.getUpdateCount()).isZero();
        }
    }

    @Test
    void aStatementOutlastingTheBackendCommandTimeoutRunsToItsEnd() throws SQLException {
        // backend connections read their own commands (handshake, reset, ping) with a 5 s timeout;
        // a client's statement may take as long as the backend lets it
        try (Connection c = connect("");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT SLEEP(6), 'after'")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
            assertThat(rs.getString(2)).isEqualTo("after");
        }
        try (Connection c = connect("");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT 1")) {
            assertThat(rs.next())
                    .as("the pooled connection went back with its own timeout and still works")
                    .isTrue();
        }
    }

    @Test
    void aLargeResultStreamsThrough() throws SQLException {
        try (Connection c = connect("");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT seq, REPEAT('x', 1000) FROM seq_1_to_50000")) {
            long rows = 0;
            while (rs.next()) {
                rows++;
            }
            assertThat(rows).isEqualTo(50_000);
        } catch (SQLException e) {
            if (e.getErrorCode() != 1146) {
                throw e;
            }
            // MySQL has no sequence engine: a recursive CTE gives the same shape
            try (Connection c = connect("");
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery(
                            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50000) SELECT i, REPEAT('x', 1000) FROM n")) {
                long rows = 0;
                while (rs.next()) {
                    rows++;
                }
                assertThat(rows).isEqualTo(50_000);
            }
        }
    }

    @Test
    void mariadbConnectorJWorksToo() throws SQLException {
        try (Connection c = DriverManager.getConnection(
                        "jdbc:mariadb://127.0.0.1:" + gateway.runtime.port() + "/" + shop
                                + "?allowPublicKeyRetrieval=true&useServerPrepStmts=true",
                        user,
                        "pw-" + user);
                PreparedStatement p = c.prepareStatement("SELECT ? + 1")) {
            p.setInt(1, 41);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(42);
            }
            assertThat(c.isValid(2)).isTrue();
        }
    }

    @Test
    void changeUserReauthenticatesAndMovesToTheOtherAccountsBackend() throws Exception {
        String other = "other_" + gateway.prefix;
        gateway.grant(other, "pw-" + other, "127.0.0.1", "SELECT", shop + ".*");
        try (Connection c = connect("")) {
            String before = currentUser(c);
            c.unwrap(com.mysql.cj.jdbc.JdbcConnection.class).changeUser(other, "pw-" + other);
            String after = currentUser(c);
            assertThat(after).startsWith("gg_").isNotEqualTo(before);
            try (Statement s = c.createStatement()) {
                assertThatThrownBy(() -> s.executeUpdate("INSERT INTO orders VALUES (999, 1, 'x')"))
                        .as("the new account's grants apply")
                        .isInstanceOfSatisfying(
                                SQLException.class,
                                e -> assertThat(e.getErrorCode()).isEqualTo(1142));
            }
        }
        try (Connection c = connect("")) {
            assertThatThrownBy(() ->
                            c.unwrap(com.mysql.cj.jdbc.JdbcConnection.class).changeUser(other, "wrong"))
                    .isInstanceOfSatisfying(
                            SQLException.class,
                            e -> assertThat(e.getErrorCode()).isEqualTo(1045));
        }
    }

    private static String currentUser(Connection c) throws SQLException {
        return FirstValue.asString(c, "SELECT CURRENT_USER()");
    }

    @Test
    void anUnknownDefaultSchemaIsTheBackendsOwnError() {
        assertThatThrownBy(() -> DriverManager.getConnection(
                                gateway.url("no_such_db_" + gateway.prefix, ""), user, "pw-" + user)
                        .close())
                .isInstanceOfSatisfying(
                        SQLException.class, e -> assertThat(e.getErrorCode()).isIn(1044, 1049));
    }
}
