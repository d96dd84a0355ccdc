package io.grantgate.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mysql.cj.jdbc.JdbcConnection;
import io.grantgate.testing.FirstValue;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * KILL through the gateway by every id a client can see: the gateway connection id drivers take
 * from the greeting (Connector/J's query timeout and cancel, MariaDB Connector/J's cancel), the
 * backend id {@code CONNECTION_ID()}, {@code SHOW PROCESSLIST} and {@code information_schema.PROCESSLIST}
 * show, and {@code CONNECTION_ID()} itself; alone or inside a multi-statement. Only the sessions of
 * the same account can be killed. What a session sees of its own KILL is compared with what a
 * direct connection to the backend sees. Relayed by the event loops; {@link GatewayThreadKillIT}
 * runs the same on session threads.
 */
class GatewayKillIT {

    private static GatewayFixture gateway;
    private static String user;
    private static String other;

    /** The two JDBC drivers, each with the URL it takes to the gateway. */
    enum Driver {
        CONNECTOR_J(options -> gateway.url("", options)),
        MARIADB_CONNECTOR_J(options -> "jdbc:mariadb://127.0.0.1:" + gateway.runtime.port()
                + "/?allowPublicKeyRetrieval=true" + (options.isEmpty() ? "" : "&" + options));

        private final Function<String, String> url;

        Driver(Function<String, String> url) {
            this.url = url;
        }

        Connection connect(String name, String options) throws SQLException {
            return DriverManager.getConnection(url.apply(options), name, "pw-" + name);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        startWith(Map.of());
    }

    /** @param settings the gateway's, on top of the fixture's (which relays plain sessions on a loop from the first command) */
    static void startWith(Map<String, String> settings) throws Exception {
        gateway = new GatewayFixture(Duration.ofSeconds(1), Duration.ofSeconds(30), settings);
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
        return Driver.CONNECTOR_J.connect(name, "");
    }

    /** The id the greeting gave: the gateway's. */
    private static long gatewayId(Connection c) throws SQLException {
        return c.unwrap(JdbcConnection.class).getId();
    }

    /** The id the backend gives: of the backend connection the session holds. */
    private static long connectionId(Connection c) throws SQLException {
        return FirstValue.asLong(c, "SELECT CONNECTION_ID()");
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

    /** What {@code sql} throws on {@code c}, as code and SQLSTATE. */
    private static String errorOf(Connection c, String sql) {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
            return "no error";
        } catch (SQLException e) {
            return e.getErrorCode() + "/" + e.getSQLState();
        }
    }

    /** The same on a direct connection to the backend, which it ends if it kills itself. */
    private static String directErrorOf(String sql) throws SQLException {
        try (Connection direct = gateway.backend.connect("")) {
            return errorOf(direct, sql);
        }
    }

    /** Waits until the backend shows the statement running, and returns the process list's id of it. */
    private static long runningId(Connection looker, String source, String statement) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            try (Statement s = looker.createStatement();
                    ResultSet rs = s.executeQuery(
                            source.equals("SHOW PROCESSLIST")
                                    ? "SHOW FULL PROCESSLIST"
                                    : "SELECT ID, INFO FROM information_schema.PROCESSLIST")) {
                while (rs.next()) {
                    String info = rs.getString(source.equals("SHOW PROCESSLIST") ? "Info" : "INFO");
                    if (statement.equals(info)) {
                        return rs.getLong(source.equals("SHOW PROCESSLIST") ? "Id" : "ID");
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError(statement + " not in " + source);
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

    /** Each driver sends KILL QUERY with the id its greeting gave, from a connection of its own. */
    @ParameterizedTest
    @EnumSource(Driver.class)
    void statementCancelStopsTheStatementAndKeepsTheConnection(Driver driver) throws Exception {
        try (Connection c = driver.connect(user, "");
                Statement s = c.createStatement()) {
            CompletableFuture<Long> sleeping = CompletableFuture.supplyAsync(() -> {
                long start = System.nanoTime();
                try {
                    s.executeQuery("SELECT SLEEP(20)").close();
                } catch (SQLException e) {
                    // cancelled: 1317, or SLEEP returning 1 early
                }
                return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            });
            Thread.sleep(500);
            s.cancel();
            assertThat(sleeping.get(15, TimeUnit.SECONDS)).isLessThan(10_000);
            assertThat(selectOne(c)).as("the connection stays").isEqualTo(1);
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
    void gatewayIdsLieAboveTheBackendsThreadIds() throws Exception {
        try (Connection c = connect(user)) {
            assertThat(gatewayId(c)).isGreaterThan(1_000_000_000L).isLessThanOrEqualTo(Integer.MAX_VALUE);
            assertThat(connectionId(c)).isLessThan(1_000_000_000L);
        }
    }

    /** A client that picks its victim from the process list names the backend id: it is that session's. */
    @ParameterizedTest
    @ValueSource(strings = {"SHOW PROCESSLIST", "information_schema.PROCESSLIST"})
    void anIdFromTheProcessListKillsThatSessionsStatementThenTheSession(String source) throws Exception {
        try (Connection victim = connect(user);
                Connection killer = connect(user);
                Statement k = killer.createStatement()) {
            long backendId = connectionId(victim);
            CompletableFuture<Long> sleeping = sleepFor(victim, 20);
            assertThat(runningId(killer, source, "SELECT SLEEP(20)"))
                    .as("the process list shows the id CONNECTION_ID() gave")
                    .isEqualTo(backendId);

            k.execute("KILL QUERY " + backendId);
            assertThat(sleeping.get(15, TimeUnit.SECONDS)).isLessThan(10_000);
            assertThat(selectOne(victim)).as("KILL QUERY keeps the connection").isEqualTo(1);

            k.execute("KILL " + backendId);
            assertThatThrownBy(() -> selectOne(victim)).isInstanceOf(SQLException.class);
            assertThat(selectOne(killer)).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void killConnectionIdEndsTheSessionWithTheBackendsOwnError(Driver driver) throws Exception {
        String direct = directErrorOf("KILL CONNECTION_ID()");
        try (Connection c = driver.connect(user, "")) {
            assertThat(errorOf(c, "KILL CONNECTION_ID()")).isEqualTo(direct).isIn("1927/70100", "1317/70100");
            assertThat(c.isValid(2))
                    .as("the connection is gone, as it is direct")
                    .isFalse();
        }
        gateway.awaitNoBorrowedBackendConnection();
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void aSessionKillingItselfByEitherIdEndsLikeThat(Driver driver) throws Exception {
        String direct = directErrorOf("KILL CONNECTION_ID()");
        try (Connection byGatewayId = driver.connect(user, "");
                Connection byBackendId = driver.connect(user, "")) {
            assertThat(errorOf(byGatewayId, "KILL " + greetingId(byGatewayId))).isEqualTo(direct);
            assertThat(errorOf(byBackendId, "KILL CONNECTION " + connectionId(byBackendId)))
                    .isEqualTo(direct);
            assertThat(byGatewayId.isValid(2)).isFalse();
            assertThat(byBackendId.isValid(2)).isFalse();
        }
    }

    /** The greeting's id, as either driver keeps it. */
    private static long greetingId(Connection c) throws SQLException {
        return c.isWrapperFor(JdbcConnection.class)
                ? gatewayId(c)
                : c.unwrap(org.mariadb.jdbc.Connection.class).getThreadId();
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void killQueryConnectionIdInterruptsOnlyItselfAsDirect(Driver driver) throws Exception {
        String direct = directErrorOf("KILL QUERY CONNECTION_ID()");
        try (Connection c = driver.connect(user, "")) {
            assertThat(errorOf(c, "KILL QUERY CONNECTION_ID()"))
                    .isEqualTo(direct)
                    .isEqualTo("1317/70100");
            assertThat(selectOne(c)).as("the session goes on").isEqualTo(1);
        }
    }

    @Test
    void anotherAccountsSessionOrAnUnknownIdIsAnUnknownThread() throws Exception {
        try (Connection theirs = connect(other);
                Connection mine = connect(user);
                Statement s = mine.createStatement()) {
            for (long id : new long[] {gatewayId(theirs), connectionId(theirs), 999_999_999L}) {
                assertThatThrownBy(() -> s.execute("KILL " + id)).isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo(1094);
                    assertThat(e.getSQLState()).isEqualTo("HY000");
                    assertThat(e.getMessage()).isEqualTo("Unknown thread id: " + id);
                });
                assertThatThrownBy(() -> s.execute("KILL QUERY " + id))
                        .isInstanceOfSatisfying(
                                SQLException.class,
                                e -> assertThat(e.getErrorCode()).isEqualTo(1094));
            }
            assertThat(selectOne(theirs)).as("untouched").isEqualTo(1);
            assertThatThrownBy(() -> s.execute("KILL USER " + other))
                    .isInstanceOfSatisfying(
                            SQLException.class,
                            e -> assertThat(e.getErrorCode()).isEqualTo(1235));
            assertThat(selectOne(mine)).as("a refused KILL keeps the session").isEqualTo(1);
        }
    }

    /** The gateway puts the backend id of the victim's session in place of its gateway id before relaying. */
    @ParameterizedTest
    @EnumSource(Driver.class)
    void aKillByGatewayIdInsideAMultiStatementReachesThatSession(Driver driver) throws Exception {
        try (Connection victim = connect(user);
                Connection killer = driver.connect(user, "allowMultiQueries=true");
                Statement k = killer.createStatement()) {
            CompletableFuture<Long> sleeping = sleepFor(victim, 20);
            Thread.sleep(500);
            k.execute("SELECT 1; KILL QUERY " + gatewayId(victim) + "; SELECT 2");
            assertThat(sleeping.get(15, TimeUnit.SECONDS)).isLessThan(10_000);
            assertThat(selectOne(victim)).as("KILL QUERY keeps the connection").isEqualTo(1);

            k.execute("KILL " + gatewayId(victim) + "; SELECT 2");
            assertThatThrownBy(() -> selectOne(victim)).isInstanceOf(SQLException.class);
            assertThat(selectOne(killer)).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void aMultiStatementKillingItsOwnConnectionEndsTheSessionAsDirect(Driver driver) throws Exception {
        String sql = "SELECT 1; KILL CONNECTION_ID(); SELECT 2";
        String direct;
        try (Connection c = DriverManager.getConnection(
                gateway.backend.login().jdbcUrl("") + "?allowMultiQueries=true",
                gateway.backend.login().user(),
                gateway.backend.login().password())) {
            direct = errorOf(c, sql);
        }
        try (Connection c = driver.connect(user, "allowMultiQueries=true")) {
            assertThat(errorOf(c, sql)).isEqualTo(direct).isIn("1927/70100", "1317/70100");
            assertThat(c.isValid(2))
                    .as("the connection is gone, as it is direct")
                    .isFalse();
        }
        try (Connection c = driver.connect(user, "allowMultiQueries=true")) {
            assertThat(errorOf(c, "SELECT 1; KILL " + greetingId(c))).isEqualTo(direct);
            assertThat(c.isValid(2)).isFalse();
        }
    }

    /** The backend would say 1095 ("not owner") for the backend id: the gateway hides it as it does for a KILL alone. */
    @Test
    void anotherAccountsIdInsideAMultiStatementIsUnknownToo() throws Exception {
        try (Connection theirs = connect(other);
                Connection batches =
                        DriverManager.getConnection(gateway.url("", "allowMultiQueries=true"), user, "pw-" + user)) {
            for (long id : new long[] {gatewayId(theirs), connectionId(theirs)}) {
                assertThatThrownBy(() ->
                                batches.createStatement().execute("SET @before_kill = 1; KILL " + id + "; SELECT 2"))
                        .isInstanceOfSatisfying(SQLException.class, e -> {
                            assertThat(e.getErrorCode()).isEqualTo(1094);
                            assertThat(e.getMessage()).isEqualTo("Unknown thread id: " + id);
                        });
            }
            assertThat(FirstValue.asLong(batches, "SELECT @before_kill IS NULL"))
                    .as("refused whole: nothing of it ran")
                    .isEqualTo(1);
            assertThat(selectOne(theirs)).as("untouched").isEqualTo(1);
        }
    }
}
