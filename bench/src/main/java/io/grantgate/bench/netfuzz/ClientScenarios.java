package io.grantgate.bench.netfuzz;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real clients whose sessions make the fuzzer's corpus, each run once through the recording
 * proxy: Connector/J with client-side and with server-side prepared statements (parameters, long
 * data, a cursor), COM_CHANGE_USER, LOCAL INFILE and a KILL QUERY from a second connection; MariaDB
 * Connector/J; the {@code mariadb} CLI plain, with LOCAL INFILE and with TLS. Every statement keeps the
 * data the same size however often a replay repeats it (fixed keys, REPLACE, upserts), and nothing
 * runs long: a replay of the whole corpus is a few milliseconds a session.
 */
public final class ClientScenarios {

    /** The schema the recordings use; the fuzzer's account needs its privileges. */
    public static final String SCHEMA = "fuzz";

    private static final String TABLE_DDL = "CREATE TABLE IF NOT EXISTS t (id INT PRIMARY KEY, name VARCHAR(64),"
            + " data BLOB, amount DECIMAL(10,2), at DATETIME)";
    private static final int LONG_DATA_BYTES = 20_000;
    private static final long KILL_AFTER_MILLIS = 100;

    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final String cli;

    /** @param cli the {@code mariadb} command line client, or null to leave its scenarios out */
    public ClientScenarios(String host, int port, String user, String password, String cli) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.cli = cli;
    }

    /** A named client run; the proxy names its connections after it. */
    public record Scenario(String name, Action action) {}

    @FunctionalInterface
    public interface Action {
        void run() throws Exception;
    }

    public List<Scenario> all() {
        List<Scenario> scenarios = new ArrayList<>(List.of(
                new Scenario("connectorj-text", this::connectorjText),
                new Scenario("connectorj-server-ps", this::connectorjServerPrepared),
                new Scenario("connectorj-change-user", this::connectorjChangeUser),
                new Scenario("connectorj-local-infile", this::connectorjLocalInfile),
                new Scenario("connectorj-kill", this::connectorjKill),
                new Scenario("mariadb-connectorj", this::mariadbConnectorj)));
        if (cli != null) {
            scenarios.add(new Scenario("mariadb-cli", this::cliPlain));
            scenarios.add(new Scenario("mariadb-cli-local-infile", this::cliLocalInfile));
            scenarios.add(new Scenario("mariadb-cli-tls", this::cliTls));
        }
        return scenarios;
    }

    private String connectorj(String options) {
        return "jdbc:mysql://" + host + ":" + port + "/" + SCHEMA + "?sslMode=DISABLED&allowPublicKeyRetrieval=true"
                + (options.isEmpty() ? "" : "&" + options);
    }

    private void connectorjText() throws SQLException {
        try (Connection c = DriverManager.getConnection(connectorj(""), user, password);
                Statement s = c.createStatement()) {
            s.execute(TABLE_DDL);
            s.executeUpdate(
                    "INSERT INTO t (id, name, amount, at) VALUES (1, 'one', 1.50, NOW()), (2, 'two', 2.25, NOW())"
                            + " ON DUPLICATE KEY UPDATE name = VALUES(name)");
            try (ResultSet rs = s.executeQuery("SELECT id, name, amount, at FROM t ORDER BY id LIMIT 5")) {
                drain(rs);
            }
            try (PreparedStatement p = c.prepareStatement("SELECT name FROM t WHERE id = ? AND name <> ?")) {
                p.setInt(1, 1);
                p.setString(2, "it's");
                try (ResultSet rs = p.executeQuery()) {
                    drain(rs);
                }
            }
            try {
                s.executeQuery("SELECT * FROM no_such_table");
            } catch (SQLException expected) {
                // 1146 recorded as a client sees it
            }
            c.setCatalog(SCHEMA);
            c.setAutoCommit(false);
            s.executeUpdate("UPDATE t SET amount = amount + 0 WHERE id = 2");
            c.rollback();
            c.isValid(2);
        }
    }

    private void connectorjServerPrepared() throws SQLException {
        String options = "useServerPrepStmts=true&cachePrepStmts=false&useCursorFetch=true";
        try (Connection c = DriverManager.getConnection(connectorj(options), user, password)) {
            try (PreparedStatement p =
                    c.prepareStatement("INSERT INTO t (id, name, data, amount, at) VALUES (?, ?, ?, ?, ?)"
                            + " ON DUPLICATE KEY UPDATE data = VALUES(data), amount = VALUES(amount)")) {
                p.setInt(1, 3);
                p.setString(2, "three");
                byte[] blob = new byte[LONG_DATA_BYTES];
                Arrays.fill(blob, (byte) 'x');
                p.setBinaryStream(3, new ByteArrayInputStream(blob), blob.length);
                p.setBigDecimal(4, new java.math.BigDecimal("3.75"));
                p.setTimestamp(5, java.sql.Timestamp.valueOf("2026-01-02 03:04:05"));
                p.executeUpdate();
                p.clearParameters();
            }
            try (PreparedStatement p = c.prepareStatement("SELECT id, name, LENGTH(data) FROM t WHERE id >= ?")) {
                p.setFetchSize(1);
                p.setLong(1, 1);
                try (ResultSet rs = p.executeQuery()) {
                    drain(rs);
                }
                p.setNull(1, java.sql.Types.INTEGER);
                try (ResultSet rs = p.executeQuery()) {
                    drain(rs);
                }
            }
        }
    }

    private void connectorjChangeUser() throws SQLException {
        try (Connection c = DriverManager.getConnection(connectorj(""), user, password);
                Statement s = c.createStatement()) {
            s.execute("SET @before_change = 1");
            c.unwrap(com.mysql.cj.jdbc.JdbcConnection.class).changeUser(user, password);
            try (Statement after = c.createStatement();
                    ResultSet rs = after.executeQuery("SELECT CURRENT_USER(), @before_change")) {
                drain(rs);
            }
        }
    }

    private void connectorjLocalInfile() throws SQLException {
        try (Connection c = DriverManager.getConnection(connectorj("allowLoadLocalInfile=true"), user, password);
                Statement s = c.createStatement()) {
            byte[] rows = "10,ten\n11,eleven\n12,twelve\n".getBytes(StandardCharsets.UTF_8);
            s.unwrap(com.mysql.cj.jdbc.JdbcStatement.class).setLocalInfileInputStream(new ByteArrayInputStream(rows));
            s.execute("LOAD DATA LOCAL INFILE 'rows.csv' REPLACE INTO TABLE t FIELDS TERMINATED BY ',' (id, name)");
        }
    }

    private void connectorjKill() throws Exception {
        try (Connection c = DriverManager.getConnection(connectorj(""), user, password);
                Statement s = c.createStatement()) {
            Thread canceller = Thread.ofPlatform().start(() -> {
                try {
                    Thread.sleep(KILL_AFTER_MILLIS);
                    s.cancel(); // Connector/J sends KILL QUERY <id> from a second connection
                } catch (InterruptedException | SQLException e) {
                    throw new IllegalStateException("the cancel failed", e);
                }
            });
            try (ResultSet rs = s.executeQuery("SELECT SLEEP(0.5)")) {
                drain(rs);
            } catch (SQLException expected) {
                // 1317 (interrupted), as a client sees it
            }
            canceller.join();
        }
    }

    private void mariadbConnectorj() throws SQLException {
        String url =
                "jdbc:mariadb://" + host + ":" + port + "/" + SCHEMA + "?useServerPrepStmts=true&useBulkStmts=true";
        try (Connection c = DriverManager.getConnection(url, user, password);
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT @@version, DATABASE(), 1 + 1")) {
                drain(rs);
            }
            try (PreparedStatement p = c.prepareStatement("REPLACE INTO t (id, name, amount) VALUES (?, ?, ?)")) {
                for (int i = 20; i < 23; i++) {
                    p.setInt(1, i);
                    p.setString(2, "bulk-" + i);
                    p.setDouble(3, i / 4.0);
                    p.addBatch();
                }
                p.executeBatch();
            }
            try (PreparedStatement p = c.prepareStatement("SELECT id, name, amount FROM t WHERE id BETWEEN ? AND ?")) {
                p.setInt(1, 20);
                p.setInt(2, 22);
                try (ResultSet rs = p.executeQuery()) {
                    drain(rs);
                }
            }
            c.setAutoCommit(false);
            s.executeUpdate("DELETE FROM t WHERE id = 22");
            c.rollback();
            c.isValid(2);
        }
    }

    private void cliPlain() throws IOException, InterruptedException {
        runCli(
                List.of("--skip-ssl"),
                "SELECT VERSION(); USE " + SCHEMA + "; SHOW TABLES;"
                        + " SELECT id, name FROM t ORDER BY id LIMIT 3; SELECT 1/0, 'a' LIKE 'b'");
    }

    private void cliLocalInfile() throws IOException, InterruptedException {
        Path rows = Files.createTempFile("netfuzz-rows", ".csv");
        try {
            Files.writeString(rows, "30,thirty\n31,thirty-one\n");
            runCli(
                    List.of("--skip-ssl", "--local-infile=1"),
                    "LOAD DATA LOCAL INFILE '" + rows + "' REPLACE INTO TABLE t FIELDS TERMINATED BY ',' (id, name)");
        } finally {
            Files.deleteIfExists(rows);
        }
    }

    private void cliTls() throws IOException, InterruptedException {
        runCli(List.of("--ssl", "--disable-ssl-verify-server-cert"), "SELECT 'over TLS'");
    }

    private void runCli(List<String> options, String sql) throws IOException, InterruptedException {
        Path defaults = Files.createTempFile(
                "netfuzz-client",
                ".cnf",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(defaults, "[client]\npassword=" + password + "\n");
            List<String> command = new ArrayList<>(List.of(
                    cli,
                    "--defaults-file=" + defaults,
                    "--protocol=TCP",
                    "-h",
                    host,
                    "-P",
                    String.valueOf(port),
                    "-u",
                    user,
                    SCHEMA));
            command.addAll(options);
            command.addAll(List.of("-e", sql));
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException("mariadb " + options + " failed: " + output);
            }
        } finally {
            Files.deleteIfExists(defaults);
        }
    }

    private static void drain(ResultSet rs) throws SQLException {
        int columns = rs.getMetaData().getColumnCount();
        while (rs.next()) {
            for (int i = 1; i <= columns; i++) {
                rs.getObject(i);
            }
        }
    }
}
