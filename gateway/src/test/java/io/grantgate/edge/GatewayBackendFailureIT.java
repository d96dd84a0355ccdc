package io.grantgate.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grantgate.testing.FirstValue;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Backend connections are reused between sessions, and one that dies mid-statement is discarded. */
class GatewayBackendFailureIT {

    private static GatewayFixture gateway;
    private static String user;

    @BeforeAll
    static void start() throws Exception {
        gateway = new GatewayFixture(Duration.ofSeconds(1));
        user = "pool_" + gateway.prefix;
        gateway.grant(user, "pw-" + user, "%", null, null);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(gateway.url("", ""), user, "pw-" + user);
    }

    private static long backendConnectionId(Connection c) throws SQLException {
        return FirstValue.asLong(c, "SELECT CONNECTION_ID()");
    }

    @Test
    void sequentialSessionsReuseOneResetBackendConnection() throws Exception {
        Thread.sleep(200);
        long createdBefore = gateway.runtime.backendPool().created();
        long first;
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            first = backendConnectionId(c);
            s.execute("SET @leftover = 42");
            s.execute("USE information_schema");
        }
        for (int i = 0; i < 5; i++) {
            // the gateway resets and returns the connection just after the client's close
            Thread.sleep(200);
            try (Connection c = connect();
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT @leftover, DATABASE()")) {
                assertThat(backendConnectionId(c)).isEqualTo(first);
                rs.next();
                assertThat(rs.getObject(1)).as("session state was reset").isNull();
                assertThat(rs.getObject(2))
                        .as("no default schema left from the previous session")
                        .isNull();
            }
        }
        assertThat(gateway.runtime.backendPool().created() - createdBefore)
                .as("at most the first session opened one")
                .isLessThanOrEqualTo(1);
    }

    @Test
    void aBackendConnectionKilledMidStatementGivesTheClientAnErrorAndIsReplaced() throws Exception {
        try (Connection victim = connect()) {
            long id = backendConnectionId(victim);
            CompletableFuture<Throwable> running = CompletableFuture.supplyAsync(() -> {
                try (Statement s = victim.createStatement()) {
                    s.executeQuery("SELECT SLEEP(20)");
                    return null;
                } catch (SQLException e) {
                    return e;
                }
            });
            Thread.sleep(500);
            try (Connection admin = gateway.backend.connect("");
                    Statement s = admin.createStatement()) {
                s.execute("KILL CONNECTION " + id);
            }
            Throwable error = running.get(15, TimeUnit.SECONDS);
            assertThat(error).as("the client is told").isInstanceOf(SQLException.class);
        }
        gateway.awaitNoBorrowedBackendConnection();
        try (Connection again = connect();
                Statement s = again.createStatement();
                ResultSet rs = s.executeQuery("SELECT 1")) {
            assertThat(rs.next()).as("new sessions work at once").isTrue();
        }
    }

    @Test
    void aStatementErrorKeepsTheSession() throws Exception {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute("SELECT * FROM no_such_db.no_such_table"))
                    .isInstanceOf(SQLException.class);
            try (ResultSet rs = s.executeQuery("SELECT 2")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(2);
            }
        }
    }
}
