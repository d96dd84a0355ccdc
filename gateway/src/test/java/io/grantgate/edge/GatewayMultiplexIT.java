package io.grantgate.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grantgate.command.PinReason;
import io.grantgate.testing.FirstValue;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code sessions.multiplexing=transaction} on a pool of two backend connections: sessions without
 * state share one connection, interleaving their statements; a session that leaves state on its
 * connection (each pinning reason) keeps it, keeps its state, and no other session sees it; a
 * session ended mid-statement or between statements leaks no connection. Clients are MariaDB
 * Connector/J (which negotiates CLIENT_SESSION_TRACK) and Connector/J with {@code trackSessionState}.
 * The fixture moves sessions to relay loops at once: a multiplexed session moves while pinned, and
 * comes back to its thread when a response unpins it; {@link GatewayThreadMultiplexIT} runs the same
 * with {@code sessions.relay=thread}.
 */
class GatewayMultiplexIT {

    private static GatewayFixture gateway;
    /** The same with one backend connection: sharing it is the only way two sessions can run. */
    private static GatewayFixture single;

    private static String user;
    /** Another account: the two gateways derive different backend passwords. */
    private static String singleUser;

    private static String schema;
    /** Whether the gateways relay on loops ({@code sessions.relay} not {@code thread}). */
    private static boolean onLoops;

    @BeforeAll
    static void start() throws Exception {
        startWith(Map.of());
    }

    /** @param settings the gateways', on top of the fixture's (which relays sessions on a loop from the first command) */
    static void startWith(Map<String, String> settings) throws Exception {
        onLoops = !"thread".equals(settings.get("sessions.relay"));
        gateway = new GatewayFixture(
                Duration.ofSeconds(1),
                Duration.ofSeconds(30),
                with(settings, "sessions.multiplexing", "transaction", "backend.max-connections", "2"));
        user = "mux_" + gateway.prefix;
        schema = gateway.backend.newSchema("mux");
        gateway.grant(
                user,
                "pw-" + user,
                "%",
                "SELECT,INSERT,CREATE,DROP,CREATE TEMPORARY TABLES,LOCK TABLES",
                schema + ".*");
        try (Connection c = mariadb();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE ids (id INT AUTO_INCREMENT PRIMARY KEY, v INT)");
            s.execute("CREATE TABLE tx (id INT PRIMARY KEY, who VARCHAR(8))");
        }
        single = new GatewayFixture(
                Duration.ofSeconds(1),
                Duration.ofSeconds(30),
                with(settings, "sessions.multiplexing", "transaction", "backend.max-connections", "1"));
        singleUser = "mux1_" + single.prefix;
        single.grant(singleUser, "pw-" + singleUser, "%", "SELECT,INSERT,CREATE", schema + ".*");
    }

    private static Map<String, String> with(Map<String, String> settings, String... more) {
        Map<String, String> all = new java.util.HashMap<>(settings);
        for (int i = 0; i < more.length; i += 2) {
            all.put(more[i], more[i + 1]);
        }
        return all;
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (single != null) {
            single.close();
        }
    }

    static Connection mariadb() throws SQLException {
        return mariadb(gateway);
    }

    static Connection mariadb(GatewayFixture to) throws SQLException {
        String login = to == gateway ? user : singleUser;
        return DriverManager.getConnection(
                "jdbc:mariadb://127.0.0.1:" + to.runtime.port() + "/" + schema + "?allowPublicKeyRetrieval=true",
                login,
                "pw-" + login);
    }

    static Connection connectorJ() throws SQLException {
        return connectorJ(gateway);
    }

    static Connection connectorJ(GatewayFixture to) throws SQLException {
        String login = to == gateway ? user : singleUser;
        return DriverManager.getConnection(to.url(schema, "trackSessionState=true"), login, "pw-" + login);
    }

    private static long pins() {
        MultiplexStats stats = gateway.runtime.multiplexStats();
        return Arrays.stream(PinReason.values()).mapToLong(stats::pins).sum();
    }

    private static long pins(PinReason reason) {
        return gateway.runtime.multiplexStats().pins(reason);
    }

    /** Multiplexed sessions are counted out as their threads finish, just after their clients have gone. */
    private static void awaitMultiplexedSessions(GatewayFixture on, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (on.runtime.multiplexStats().sessions() != expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(on.runtime.multiplexStats().sessions()).isEqualTo(expected);
    }

    /** The pin is counted as the session's thread finishes the response, just after the client has it. */
    private static void awaitPins(PinReason reason, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (pins(reason) < expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(pins(reason)).as("pinned by " + reason).isEqualTo(expected);
    }

    /**
     * The backend thread that runs this very statement, found without CONNECTION_ID() (which pins):
     * a statement sees itself in the process list.
     */
    private static long backendThread(Connection c) throws SQLException {
        // a token of its own: the previous probe's thread may still show its statement for a moment
        return FirstValue.asLong(
                c,
                "SELECT ID FROM information_schema.PROCESSLIST WHERE INFO LIKE '%mux-probe-" + System.nanoTime()
                        + "%' AND COMMAND <> 'Sleep'");
    }

    /** A row id no other test uses. */
    private static int nextId() {
        return ID.incrementAndGet();
    }

    private static final java.util.concurrent.atomic.AtomicInteger ID = new java.util.concurrent.atomic.AtomicInteger();

    private static void run(Connection c, String... statements) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    @Test
    void aTransactionGivesItsConnectionBackOnceCommitted() throws Exception {
        single.awaitNoBorrowedBackendConnection();
        MultiplexStats stats = single.runtime.multiplexStats();
        long unpinsBefore = stats.unpins();
        int committed = nextId();
        int rolledBack = nextId();
        try (Connection a = mariadb(single);
                Connection b = mariadb(single)) {
            long moves = single.runtime.relayStats().moves();
            run(a, "BEGIN");
            long thread = backendThread(a);
            run(a, "INSERT INTO tx VALUES (" + committed + ", 'a')", "COMMIT");
            if (onLoops) {
                assertThat(single.runtime.relayStats().moves())
                        .as("pinned by its transaction, a moved to a loop")
                        .isGreaterThan(moves);
            }
            // on a pool of one, b runs only if a gave the connection back
            assertThat(backendThread(b))
                    .as("b on the connection a's transaction ran on")
                    .isEqualTo(thread);
            assertThat(FirstValue.asLong(b, "SELECT @@in_transaction")).isZero();
            assertThat(FirstValue.asLong(b, "SELECT COUNT(*) FROM tx WHERE id = " + committed))
                    .isEqualTo(1L);

            run(a, "START TRANSACTION", "INSERT INTO tx VALUES (" + rolledBack + ", 'a')", "ROLLBACK");
            run(b, "INSERT INTO tx VALUES (" + nextId() + ", 'b')");
            assertThat(FirstValue.asLong(a, "SELECT COUNT(*) FROM tx WHERE id = " + rolledBack))
                    .isZero();
            assertThat(FirstValue.asLong(a, "SELECT @@in_transaction")).isZero();

            // BEGIN; …; COMMIT in one multi-statement, and a DDL statement's implicit commit
            run(a, "BEGIN; INSERT INTO tx VALUES (" + nextId() + ", 'a'); COMMIT");
            assertThat(FirstValue.asLong(b, "SELECT @@in_transaction")).isZero();
            run(a, "BEGIN", "INSERT INTO tx VALUES (" + nextId() + ", 'a')", "CREATE TABLE IF NOT EXISTS tx (id INT)");
            assertThat(FirstValue.asLong(b, "SELECT @@in_transaction")).isZero();
            assertThat(stats.unpins() - unpinsBefore).isGreaterThanOrEqualTo(4);
        }
        single.awaitNoBorrowedBackendConnection();
    }

    @Test
    void aJdbcTransactionWithAutocommitOffGivesItsConnectionBackWhenAutocommitIsOnAgain() throws Exception {
        single.awaitNoBorrowedBackendConnection();
        for (boolean connectorJ : new boolean[] {false, true}) {
            try (Connection a = connectorJ ? connectorJ(single) : mariadb(single);
                    Connection b = connectorJ ? connectorJ(single) : mariadb(single)) {
                a.setAutoCommit(false);
                long thread = backendThread(a);
                run(a, "INSERT INTO tx VALUES (" + nextId() + ", 'a')");
                a.commit();
                assertThat(backendThread(a)).as("autocommit still off: pinned").isEqualTo(thread);
                a.setAutoCommit(true);
                assertThat(backendThread(b)).isEqualTo(thread);
                assertThat(FirstValue.asLong(b, "SELECT @@autocommit")).isEqualTo(1L);
                assertThat(FirstValue.asLong(b, "SELECT @@in_transaction")).isZero();
            }
            single.awaitNoBorrowedBackendConnection();
        }
    }

    @Test
    void aSessionThatChangedStateInsideItsTransactionStaysPinned() throws Exception {
        gateway.awaitNoBorrowedBackendConnection();
        long unpinsBefore = gateway.runtime.multiplexStats().unpins();
        for (String change : new String[] {
            "SET SESSION wait_timeout = 1234",
            "SET @inside = 1",
            "CREATE TEMPORARY TABLE tmp_inside (x INT)",
            "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE"
        }) {
            try (Connection a = mariadb();
                    Connection b = mariadb();
                    Connection c = mariadb()) {
                if (change.startsWith("SET TRANSACTION")) {
                    // the next transaction's characteristics: pinned until a transaction used them up
                    run(a, change);
                } else {
                    run(a, "BEGIN", change, "COMMIT");
                }
                long aThread = backendThread(a);
                for (int i = 0; i < 3; i++) {
                    for (Connection other : new Connection[] {b, c}) {
                        assertThat(backendThread(other)).as(change).isNotEqualTo(aThread);
                    }
                    assertThat(backendThread(a)).as(change).isEqualTo(aThread);
                }
            }
            gateway.awaitNoBorrowedBackendConnection();
        }
        assertThat(gateway.runtime.multiplexStats().unpins()).isEqualTo(unpinsBefore);
    }

    @Test
    void sessionsWithoutStateShareOneBackendConnection() throws Exception {
        single.awaitNoBorrowedBackendConnection();
        // one driver: another's wire format (capabilities) is another pool key, with connections of its own
        MultiplexStats stats = single.runtime.multiplexStats();
        long pinsBefore =
                Arrays.stream(PinReason.values()).mapToLong(stats::pins).sum();
        long borrowsBefore = stats.borrows();
        try (Connection a = mariadb(single);
                Connection b = mariadb(single);
                Connection c = mariadb(single)) {
            long thread = backendThread(a);
            for (int i = 0; i < 10; i++) {
                for (Connection session : new Connection[] {a, b, c}) {
                    assertThat(backendThread(session))
                            .as("every statement on the one shared connection")
                            .isEqualTo(thread);
                    assertThat(FirstValue.asLong(session, "SELECT COUNT(*) FROM information_schema.SCHEMATA"))
                            .isPositive();
                }
            }
            assertThat(Arrays.stream(PinReason.values()).mapToLong(stats::pins).sum())
                    .as("the drivers' SETs after connecting are replayed, not pinned")
                    .isEqualTo(pinsBefore);
            assertThat(stats.borrows() - borrowsBefore).isGreaterThanOrEqualTo(60);
            assertThat(stats.sessions()).isEqualTo(3);
        }
        single.awaitNoBorrowedBackendConnection();
        awaitMultiplexedSessions(single, 0);
    }

    @Test
    void aCommandFindingThePoolExhaustedGetsAnErrorAndTheSessionGoesOn() throws Exception {
        single.awaitNoBorrowedBackendConnection();
        try (Connection a = mariadb(single);
                Connection b = mariadb(single)) {
            FirstValue.of(a, "SELECT @x := 1");
            assertThatThrownBy(() -> FirstValue.of(b, "SELECT 3"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("Too many connections");
            a.close();
            assertThat(FirstValue.asLong(b, "SELECT 3")).isEqualTo(3L);
            assertThat(FirstValue.asString(b, "SELECT @x"))
                    .as("a's variable went with a's reset")
                    .isNull();
        }
        single.awaitNoBorrowedBackendConnection();
    }

    /**
     * Session {@code a} leaves state on its connection with {@code set}; {@code b} and {@code c}, which
     * share the other connection, must not see it through {@code seen} (it must give {@code unseen}),
     * and {@code a} must still see it ({@code kept}) after they ran.
     */
    private void pinnedStateStaysWithItsSession(PinReason reason, String set, String seen, String unseen, String kept)
            throws Exception {
        gateway.awaitNoBorrowedBackendConnection();
        long before = pins(reason);
        try (Connection a = mariadb();
                Connection b = mariadb();
                Connection c = mariadb()) {
            try (Statement s = a.createStatement()) {
                s.execute(set);
            }
            awaitPins(reason, before + 1);
            long aThread = backendThread(a);
            for (int i = 0; i < 3; i++) {
                for (Connection other : new Connection[] {b, c}) {
                    assertThat(backendThread(other)).isNotEqualTo(aThread);
                    assertThat(FirstValue.asString(other, seen)).as(seen).isEqualTo(unseen);
                }
                assertThat(FirstValue.asString(a, seen))
                        .as("the pinned session keeps its state")
                        .isEqualTo(kept);
                assertThat(backendThread(a)).isEqualTo(aThread);
            }
        }
        gateway.awaitNoBorrowedBackendConnection();
    }

    @Test
    void aUserVariableSetBySetIsNotSeenByOthers() throws Exception {
        pinnedStateStaysWithItsSession(PinReason.USER_VARIABLE, "SET @mine = 'a'", "SELECT @mine", null, "a");
    }

    @Test
    void aUserVariableAssignedInASelectIsNotSeenByOthers() throws Exception {
        // MariaDB's tracker does not report this one: the gateway's own scan pins it
        pinnedStateStaysWithItsSession(PinReason.USER_VARIABLE, "SELECT @assigned := 7", "SELECT @assigned", null, "7");
    }

    @Test
    void aTemporaryTableIsNotSeenByOthers() throws Exception {
        pinnedStateStaysWithItsSession(
                PinReason.SESSION_STATE,
                "CREATE TEMPORARY TABLE tmp_mux (x INT)",
                "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_NAME = 'tmp_mux'"
                        + " AND TABLE_TYPE = 'TEMPORARY'",
                "0",
                "1");
    }

    @Test
    void anOpenTransactionIsNotSeenByOthers() throws Exception {
        pinnedStateStaysWithItsSession(PinReason.TRANSACTION, "BEGIN", "SELECT @@in_transaction", "0", "1");
    }

    @Test
    void anSqlPreparedStatementIsNotSeenByOthers() throws Exception {
        pinnedStateStaysWithItsSession(
                PinReason.SESSION_STATE,
                "PREPARE mux_s FROM 'SELECT 1'",
                "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE 0",
                "0",
                "0");
        // and by name: another session cannot run it
        gateway.awaitNoBorrowedBackendConnection();
        try (Connection a = mariadb();
                Connection b = mariadb()) {
            try (Statement s = a.createStatement()) {
                s.execute("PREPARE mux_t FROM 'SELECT 42'");
            }
            assertThatThrownBy(() -> FirstValue.of(b, "EXECUTE mux_t"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("mux_t");
            assertThat(FirstValue.asLong(a, "EXECUTE mux_t")).isEqualTo(42L);
        }
    }

    @Test
    void aNamedLockIsNotSeenByOthers() throws Exception {
        // whether the thread running the statement holds the lock (CONNECTION_ID() would pin); another
        // thread that just ran the same statement may still show it, hence IN
        pinnedStateStaysWithItsSession(
                PinReason.LOCK,
                "SELECT GET_LOCK('mux_lock', 0)",
                "SELECT IS_USED_LOCK('mux_lock') IN (SELECT ID FROM information_schema.PROCESSLIST"
                        + " WHERE INFO LIKE '%mux-held-marker%' AND COMMAND <> 'Sleep')",
                "0",
                "1");
    }

    @Test
    void lastInsertIdIsNotSeenByOthers() throws Exception {
        gateway.awaitNoBorrowedBackendConnection();
        long before = pins(PinReason.LAST_RESULT);
        try (Connection a = mariadb();
                Connection b = mariadb();
                Connection c = mariadb()) {
            long id;
            try (Statement s = a.createStatement()) {
                s.executeUpdate("INSERT INTO ids (v) VALUES (1)", Statement.RETURN_GENERATED_KEYS);
                try (ResultSet keys = s.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            awaitPins(PinReason.LAST_RESULT, before + 1);
            assertThat(FirstValue.asLong(b, "SELECT COUNT(*) FROM ids WHERE v = 1"))
                    .isPositive();
            // reading it pins c too (the scan does not tell LAST_INSERT_ID() from LAST_INSERT_ID(5))
            assertThat(FirstValue.asLong(c, "SELECT LAST_INSERT_ID()")).isZero();
            assertThat(FirstValue.asLong(a, "SELECT LAST_INSERT_ID()")).isEqualTo(id);
        }
    }

    @Test
    void aChangedSessionVariableFollowsItsSessionAndNoOther() throws Exception {
        // a SET of a session variable is replayed on each connection the session borrows, not pinned
        gateway.awaitNoBorrowedBackendConnection();
        long pinsBefore = pins();
        try (Connection a = mariadb();
                Connection b = mariadb()) {
            long defaultTimeout = FirstValue.asLong(b, "SELECT @@wait_timeout");
            try (Statement s = a.createStatement()) {
                s.execute("SET SESSION wait_timeout = 1234");
            }
            for (int i = 0; i < 3; i++) {
                assertThat(FirstValue.asLong(b, "SELECT @@wait_timeout")).isEqualTo(defaultTimeout);
                assertThat(FirstValue.asLong(a, "SELECT @@wait_timeout")).isEqualTo(1234L);
            }
            assertThat(pins()).isEqualTo(pinsBefore);
        }
    }

    @Test
    void foundRowsOfAnotherSessionAreNotSeen() throws Exception {
        single.awaitNoBorrowedBackendConnection();
        try (Connection a = mariadb(single);
                Connection b = mariadb(single)) {
            FirstValue.of(a, "SELECT 1 UNION SELECT 2 UNION SELECT 3 ORDER BY 1 DESC");
            assertThat(FirstValue.asLong(b, "SELECT FOUND_ROWS()"))
                    .as("read on the connection a used last, as on a fresh one")
                    .isZero();
            assertThat(FirstValue.asLong(a, "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE 0"))
                    .isZero();
            assertThat(FirstValue.asLong(a, "SELECT ROW_COUNT()")).isEqualTo(-1L);
        }
    }

    @Test
    void serverSidePreparedStatementsPinTheirSession() throws Exception {
        gateway.awaitNoBorrowedBackendConnection();
        long before = pins(PinReason.PREPARED_STATEMENT);
        try (Connection a = DriverManager.getConnection(
                        gateway.url(schema, "trackSessionState=true&useServerPrepStmts=true"), user, "pw-" + user);
                Connection b = mariadb()) {
            try (PreparedStatement p = a.prepareStatement("SELECT ? + 1")) {
                for (int i = 0; i < 3; i++) {
                    p.setInt(1, i);
                    try (ResultSet r = p.executeQuery()) {
                        r.next();
                        assertThat(r.getInt(1)).isEqualTo(i + 1);
                    }
                    assertThat(FirstValue.asLong(b, "SELECT 5")).isEqualTo(5L);
                }
            }
            awaitPins(PinReason.PREPARED_STATEMENT, before + 1);
        }
    }

    @Test
    void aSessionKilledMidStatementLeaksNoConnection() throws Exception {
        killedMidStatement(false);
    }

    @Test
    void aSessionKilledWhileItWaitsForAConnectionNeverRunsItsCommand() throws Exception {
        // the one connection of `single` held by a transaction; the victim's command waits for it, the
        // victim is killed meanwhile, then the connection comes back: the command must not start then
        single.awaitNoBorrowedBackendConnection();
        try (Connection holder = mariadb(single);
                Connection victim = mariadb(single)) {
            // the greeting's id (CONNECTION_ID() would pin the victim to its connection)
            long victimId = victim.unwrap(org.mariadb.jdbc.Connection.class).getThreadId();
            run(holder, "BEGIN", "SELECT 1");
            CompletableFuture<Object> waiting = CompletableFuture.supplyAsync(() -> {
                try {
                    return FirstValue.of(victim, "SELECT SLEEP(20)");
                } catch (SQLException e) {
                    return e;
                }
            });
            Thread.sleep(500); // the victim's thread is in the pool's wait (up to 5 s) by now
            run(holder, "KILL " + victimId);
            run(holder, "ROLLBACK");
            assertThat(waiting.get(10, java.util.concurrent.TimeUnit.SECONDS)).isInstanceOf(SQLException.class);
            // had the SLEEP started, it would hold the connection for 20 s
            single.awaitNoBorrowedBackendConnection();
            assertThat(FirstValue.asLong(holder, "SELECT 7")).isEqualTo(7L);
        }
        single.awaitNoBorrowedBackendConnection();
    }

    @Test
    void aPinnedSessionKilledMidStatementLeaksNoConnection() throws Exception {
        // pinned by its transaction, the session moves to a loop (unless relay=thread) and is killed there
        long moves = gateway.runtime.relayStats().moves();
        killedMidStatement(true);
        if (onLoops) {
            assertThat(gateway.runtime.relayStats().moves()).isGreaterThan(moves);
        }
    }

    private void killedMidStatement(boolean inTransaction) throws Exception {
        gateway.awaitNoBorrowedBackendConnection();
        long destroyed = gateway.runtime.backendPool().destroyed();
        try (Connection victim = connectorJ();
                Connection killer = mariadb()) {
            if (inTransaction) {
                run(victim, "BEGIN");
            }
            long victimId =
                    victim.unwrap(com.mysql.cj.jdbc.JdbcConnection.class).getId();
            CompletableFuture<Object> sleeping = CompletableFuture.supplyAsync(() -> {
                try {
                    return FirstValue.of(victim, "SELECT SLEEP(20)");
                } catch (SQLException e) {
                    return e;
                }
            });
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (gateway.runtime.backendPool().active() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            try (Statement s = killer.createStatement()) {
                s.execute("KILL " + victimId);
            }
            assertThat(sleeping.get(10, java.util.concurrent.TimeUnit.SECONDS)).isInstanceOf(SQLException.class);
            assertThat(FirstValue.asLong(killer, "SELECT 1")).isEqualTo(1L);
        }
        gateway.awaitNoBorrowedBackendConnection();
        assertThat(gateway.runtime.backendPool().destroyed())
                .as("the killed session's connection was discarded, never parked for another session")
                .isGreaterThan(destroyed);
        awaitMultiplexedSessions(gateway, 0);
    }

    @Test
    void aClientWithoutSessionTrackingHoldsItsConnection() throws Exception {
        gateway.awaitNoBorrowedBackendConnection();
        long pinsBefore = pins();
        try (Connection tracking = connectorJ()) {
            assertThat(FirstValue.asLong(tracking, "SELECT 2")).isEqualTo(2L);
            assertThat(gateway.runtime.multiplexStats().sessions()).isEqualTo(1);
        }
        assertThat(pins())
                .as("Connector/J's SETs after connecting are replayed, not pinned")
                .isEqualTo(pinsBefore);
        gateway.awaitNoBorrowedBackendConnection();
        awaitMultiplexedSessions(gateway, 0);
        try (Connection plain = DriverManager.getConnection(gateway.url(schema, ""), user, "pw-" + user)) {
            FirstValue.of(plain, "SELECT 1");
            assertThat(gateway.runtime.multiplexStats().sessions()).isZero();
            assertThat(gateway.runtime.backendPool().active()).isEqualTo(1);
        }
        gateway.awaitNoBorrowedBackendConnection();
    }
}
