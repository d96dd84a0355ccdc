package io.grantgate.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantgate.testing.ServerLogin;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Client-side TLS sessions on the relay loops: after their first 8 commands on the session's thread
 * (the default), they move to a loop like plain ones, with the same SSLEngine; a command the loop
 * hands back (one over its 16 KiB buffer, COM_CHANGE_USER) runs on the session's thread over the
 * same TLS session, and the session moves back. With Connector/J and MariaDB Connector/J over TLS,
 * everything a client sees is what it sees on a direct connection: plain queries, a result of a few
 * MB, server-side prepared statements, LOCAL INFILE.
 */
class GatewayTlsRelayIT {

    private static final int BIG_ROWS = 20_000;

    private static GatewayFixture gateway;
    private static String shop;
    private static String user;
    private static String password;

    /** A driver over TLS to the gateway, and the same driver to the backend directly. */
    enum Client {
        CONNECTOR_J(
                "jdbc:mysql",
                "sslMode=REQUIRED&useServerPrepStmts=true&allowLoadLocalInfile=true",
                "sslMode=DISABLED&allowPublicKeyRetrieval=true&useServerPrepStmts=true&allowLoadLocalInfile=true"),
        MARIADB(
                "jdbc:mariadb",
                "sslMode=trust&useServerPrepStmts=true&allowLocalInfile=true",
                "sslMode=disable&useServerPrepStmts=true&allowLocalInfile=true");

        final String scheme;
        final String viaGateway;
        final String direct;

        Client(String scheme, String viaGateway, String direct) {
            this.scheme = scheme;
            this.viaGateway = viaGateway;
            this.direct = direct;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        gateway = new GatewayFixture(
                Duration.ofMillis(200), Duration.ofSeconds(30), Map.of("sessions.relay-after-commands", "8"));
        shop = "tlsshop_" + gateway.prefix;
        user = "tlsu_" + gateway.prefix;
        password = "pw-" + user;
        try (Connection c = gateway.backend.connect("");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE `" + shop + "`");
            s.execute("USE `" + shop + "`"); // seq_1_to_N, MariaDB's sequence engine, is found in the current schema
            s.execute("CREATE TABLE `" + shop + "`.big (id INT PRIMARY KEY, grp INT, note VARCHAR(250))");
            // about 5 MB of rows: the result crosses hundreds of the loop's 16 KiB buffers and TLS records
            s.execute("INSERT INTO `" + shop + "`.big SELECT seq, seq % 7, CONCAT(seq, ' ', REPEAT(CHAR(65 + seq % 26),"
                    + " 240)) FROM seq_1_to_" + BIG_ROWS);
        }
        gateway.grant(user, password, "127.0.0.1", "ALL", shop + ".*");
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @ParameterizedTest
    @EnumSource(Client.class)
    void aTlsSessionRelayedByTheLoopsSeesWhatADirectConnectionSees(Client client) throws Exception {
        String loaded = "loaded_" + client.name().toLowerCase();
        try (Connection c = direct(client);
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + loaded + "_gw (id INT PRIMARY KEY, total INT, note VARCHAR(100))");
            s.execute("CREATE TABLE " + loaded + "_direct LIKE " + loaded + "_gw");
        }
        Path file = Files.createTempFile("tls-load", ".tsv");
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            rows.append(i)
                    .append('\t')
                    .append(i * 3)
                    .append('\t')
                    .append("row ")
                    .append(i)
                    .append(" ü\n");
        }
        Files.writeString(file, rows);
        RelayLoops.Stats before = gateway.runtime.relayStats();
        try (Connection g = viaGateway(client);
                Connection d = direct(client)) {
            for (int i = 0; i < 12; i++) {
                // the first 8 on the session's thread, then on a loop
                String sql = "SELECT " + i + ", 'naïve ☃', NULL, 1.5e" + i;
                assertThat(rows(g, sql)).isEqualTo(rows(d, sql));
            }
            String big = "SELECT id, grp, note FROM big ORDER BY id";
            assertThat(digest(g, big)).as("a result of a few MB").isEqualTo(digest(d, big));

            String prepared = "SELECT id, note FROM big WHERE grp = ? AND id < ? ORDER BY id";
            for (int grp = 0; grp < 7; grp++) {
                assertThat(prepared(g, prepared, grp, 2000)).isEqualTo(prepared(d, prepared, grp, 2000));
            }

            // over the loop's 16 KiB buffer: handed back to the session's thread, which continues TLS
            String longQuery = "SELECT LENGTH('" + "y".repeat(40_000) + "'), 'after the hand-back'";
            assertThat(rows(g, longQuery)).isEqualTo(rows(d, longQuery));

            String load = "LOAD DATA LOCAL INFILE '" + file.toAbsolutePath() + "' INTO TABLE ";
            try (Statement gs = g.createStatement();
                    Statement ds = d.createStatement()) {
                assertThat(gs.executeUpdate(load + loaded + "_gw")).isEqualTo(3000);
                assertThat(ds.executeUpdate(load + loaded + "_direct")).isEqualTo(3000);
            }
            assertThat(rows(g, "SELECT * FROM " + loaded + "_gw ORDER BY id"))
                    .isEqualTo(rows(d, "SELECT * FROM " + loaded + "_direct ORDER BY id"));

            for (int i = 0; i < 10; i++) {
                assertThat(digest(g, big + " LIMIT " + (i * 997))).isEqualTo(digest(d, big + " LIMIT " + (i * 997)));
            }
            if (client == Client.CONNECTOR_J) {
                // COM_CHANGE_USER, which the session's thread answers; the new login's commands move too
                g.unwrap(com.mysql.cj.jdbc.JdbcConnection.class).changeUser(user, password);
                for (int i = 0; i < 12; i++) {
                    assertThat(rows(g, "SELECT " + i + ", 'changed'"))
                            .isEqualTo(List.of(List.of(String.valueOf(i), "changed")));
                }
            }
        } finally {
            Files.deleteIfExists(file);
        }
        RelayLoops.Stats after = gateway.runtime.relayStats();
        assertThat(after.moves() - before.moves())
                .as("the TLS session moved to a loop, and back after the long query")
                .isGreaterThanOrEqualTo(2);
        assertThat(after.handbacks() - before.handbacks())
                .as("the long query handed back")
                .isGreaterThanOrEqualTo(1);
        gateway.awaitNoBorrowedBackendConnection();
    }

    private static Connection viaGateway(Client client) throws SQLException {
        return DriverManager.getConnection(
                client.scheme + "://127.0.0.1:" + gateway.runtime.port() + "/" + shop + "?" + client.viaGateway,
                user,
                password);
    }

    private static Connection direct(Client client) throws SQLException {
        ServerLogin login = gateway.backend.login();
        return DriverManager.getConnection(
                client.scheme + "://" + login.host() + ":" + login.port() + "/" + shop + "?" + client.direct,
                login.user(),
                login.password());
    }

    private static List<List<String>> rows(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            return collect(rs);
        }
    }

    private static List<List<String>> prepared(Connection c, String sql, int grp, int below) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setInt(1, grp);
            p.setInt(2, below);
            try (ResultSet rs = p.executeQuery()) {
                return collect(rs);
            }
        }
    }

    private static List<List<String>> collect(ResultSet rs) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        List<List<String>> rows = new ArrayList<>();
        while (rs.next()) {
            List<String> row = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                row.add(rs.getString(i));
            }
            rows.add(row);
        }
        return rows;
    }

    /** The rows' SHA-256 and count, so a large result is compared without keeping two copies of it. */
    private static String digest(Connection c, String sql) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        int count = 0;
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                count++;
                for (int i = 1; i <= columns; i++) {
                    String value = rs.getString(i);
                    sha.update((value == null ? "\0null" : value + "\0").getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        return count + ":" + HexFormat.of().formatHex(sha.digest());
    }
}
