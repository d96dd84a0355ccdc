package io.grantgate.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A result far larger than every socket buffer on the way, read by a client that stops reading for a
 * while: the gateway relays as the client reads, so the backend's statement waits for the client
 * instead of the gateway buffering the result (bounded memory whatever the client's speed). The
 * heap figures for a 1 GiB result are the benchmark's job (bench/); this checks the behaviour.
 */
class GatewayLargeResultIT {

    private static final int ROWS = 256 * 256;
    private static final int ROW_BYTES = 1000;

    private static GatewayFixture gateway;
    private static String user;
    private static String schema;

    @BeforeAll
    static void start() throws Exception {
        gateway = new GatewayFixture(Duration.ofSeconds(1));
        user = "big_" + gateway.prefix;
        schema = "big_" + gateway.prefix;
        try (Connection c = gateway.backend.connect("");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE `" + schema + "`");
            s.execute("CREATE TABLE `" + schema + "`.n (i INT PRIMARY KEY)");
            StringBuilder values = new StringBuilder();
            for (int i = 0; i < 256; i++) {
                values.append(i == 0 ? "" : ",").append('(').append(i).append(')');
            }
            s.execute("INSERT INTO `" + schema + "`.n VALUES " + values);
        }
        gateway.grant(user, "pw-" + user, "127.0.0.1", "SELECT", schema + ".*");
    }

    @AfterAll
    static void stop() throws Exception {
        try (Connection c = gateway.backend.connect("");
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE `" + schema + "`");
        }
        gateway.close();
    }

    @Test
    void aSlowClientHoldsTheBackendBackAndStillGetsEveryRow() throws Exception {
        String sql = "SELECT a.i * 256 + b.i, REPEAT('x', " + ROW_BYTES + ") FROM n a CROSS JOIN n b";
        try (Connection c = DriverManager.getConnection(gateway.url(schema, ""), user, "pw-" + user);
                Statement s = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            long backendId;
            try (ResultSet rs = s.executeQuery("SELECT CONNECTION_ID()")) {
                rs.next();
                backendId = rs.getLong(1);
            }
            s.setFetchSize(Integer.MIN_VALUE); // Connector/J streams the rows as they arrive
            long rows = 0;
            long bytes = 0;
            long sum = 0;
            try (ResultSet rs = s.executeQuery(sql)) {
                for (int i = 0; i < 100 && rs.next(); i++) {
                    rows++;
                    sum += rs.getLong(1);
                    bytes += rs.getString(2).length();
                }
                Thread.sleep(1500);
                assertThat(backendCommand(backendId))
                        .as("the backend is still sending: the gateway did not drain it into memory")
                        .isEqualTo("Query");
                while (rs.next()) {
                    rows++;
                    sum += rs.getLong(1);
                    bytes += rs.getString(2).length();
                    if (rows % 16384 == 0) {
                        Thread.sleep(200); // and slow again, a few times
                    }
                }
            }
            assertThat(rows).isEqualTo(ROWS);
            assertThat(bytes).isEqualTo((long) ROWS * ROW_BYTES);
            assertThat(sum).isEqualTo((long) ROWS * (ROWS - 1) / 2);
            s.setFetchSize(0);
            try (ResultSet rs = s.executeQuery("SELECT 7")) {
                rs.next();
                assertThat(rs.getInt(1))
                        .as("the session goes on after the big result")
                        .isEqualTo(7);
            }
        }
    }

    private static String backendCommand(long id) throws Exception {
        try (Connection admin = gateway.backend.connect("");
                PreparedStatement p =
                        admin.prepareStatement("SELECT COMMAND FROM information_schema.PROCESSLIST WHERE ID = ?")) {
            p.setLong(1, id);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? rs.getString(1) : "gone";
            }
        }
    }
}
