package io.grantgate.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mysql.cj.jdbc.JdbcConnection;
import io.grantgate.testing.FirstValue;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * KILL through the gateway names gateway connection ids, the ones drivers take from the greeting:
 * Connector/J's query timeout and a second session's KILL [QUERY] reach the right backend statement,
 * and only the sessions of the same account can be killed.
 */
class GatewayKillIT {

    private static GatewayFixture gateway;
    private static String user;
    private static String other;

    @BeforeAll
    static void start() throws Exception {
        gateway = new GatewayFixture(Duration.ofSeconds(1));
        user = "kill_" + gateway.prefix;
        other = "killo_" + gateway.prefix;
        gateway.grant(user, "pw-" + user, "127.0.0.1", null, null);
        gateway.grant(other, "pw-" + other, "127.0.0.1", null, null);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static Connection connect(String name) throws SQLException {
        return DriverManager.getConnection(gateway.url("", ""), name, "pw-" + name);
    }

    private static long gatewayId(Connection c) throws SQLException {
        return c.unwrap(JdbcConnection.class).getId();
    }

    private static CompletableFuture<Long> sleepFor(Connection c, int seconds) {
        return CompletableFuture.supplyAsync(() -> {
            long start = System.nanoTime();
            try (Statement s = c.createStatement()) {
                s.executeQuery("SELECT SLEEP(" + seconds + ")").close();
            } catch (SQLException e) {
                // KILL QUERY may surface as 1317 or as SLEEP returning early; the time tells
            }
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        });
    }

    private static long selectOne(Connection c) throws SQLException {
        return FirstValue.asLong(c, "SELECT 1");
    }

    @Test
    void connectorJsQueryTimeoutCancelsTheStatementAndKeepsTheConnection() throws Exception {
        try (Connection c = connect(user);
                Statement s = c.createStatement()) {
            s.setQueryTimeout(1);
            long start = System.nanoTime();
            assertThatThrownBy(() -> s.executeQuery("SELECT SLEEP(20)")).isInstanceOf(SQLTimeoutException.class);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(10_000);
            assertThat(selectOne(c)).isEqualTo(1);
        }
    }

    /** Behind a comment too, as pools send it: sent to the backend, the gateway's id would name no thread there. */
    @ParameterizedTest
    @ValueSource(strings = {"", "/* pool: cancel */ "})
    void killQueryFromAnotherSessionOfTheAccountStopsOnlyTheStatement(String prefix) throws Exception {
        try (Connection victim = connect(user);
                Connection killer = connect(user);
                Statement k = killer.createStatement()) {
            CompletableFuture<Long> sleeping = sleepFor(victim, 20);
            Thread.sleep(500);
            k.execute(prefix + "KILL QUERY " + gatewayId(victim));
            assertThat(sleeping.get(15, TimeUnit.SECONDS)).isLessThan(10_000);
            assertThat(selectOne(victim)).as("the connection stays").isEqualTo(1);
        }
    }

    @Test
    void killConnectionEndsTheOtherSession() throws Exception {
        try (Connection victim = connect(user);
                Connection killer = connect(user);
                Statement k = killer.createStatement()) {
            CompletableFuture<Long> sleeping = sleepFor(victim, 20);
            Thread.sleep(500);
            k.execute("KILL " + gatewayId(victim));
            assertThat(sleeping.get(15, TimeUnit.SECONDS)).isLessThan(10_000);
            assertThatThrownBy(() -> selectOne(victim)).isInstanceOf(SQLException.class);
            assertThat(selectOne(killer)).isEqualTo(1);
        }
    }

    @Test
    void anotherAccountsSessionOrAnUnknownIdIsAnUnknownThread() throws Exception {
        try (Connection theirs = connect(other);
                Connection mine = connect(user);
                Statement s = mine.createStatement()) {
            for (long id : new long[] {gatewayId(theirs), 999_999_999L}) {
                assertThatThrownBy(() -> s.execute("KILL " + id)).isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo(1094);
                    assertThat(e.getSQLState()).isEqualTo("HY000");
                    assertThat(e.getMessage()).isEqualTo("Unknown thread id: " + id);
                });
            }
            assertThat(selectOne(theirs)).as("untouched").isEqualTo(1);
            assertThatThrownBy(() -> s.execute("KILL USER " + other))
                    .isInstanceOfSatisfying(
                            SQLException.class,
                            e -> assertThat(e.getErrorCode()).isEqualTo(1235));
            assertThat(selectOne(mine)).as("a refused KILL keeps the session").isEqualTo(1);
        }
    }
}
