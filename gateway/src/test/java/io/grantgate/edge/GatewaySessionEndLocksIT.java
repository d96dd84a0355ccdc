package io.grantgate.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantgate.testing.FirstValue;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A session that ends holding locks (an open transaction's row locks, table locks, a named lock)
 * leaves none behind, as a direct connection's end leaves none: the server drops them when its client
 * goes. Through the gateway the session's backend connection outlives it in the pool, owing a reset
 * that the next borrower sends, so a lock left on it would block every other session until then. Each
 * case runs direct and through the gateway; the session that waits for the lock holds its own backend
 * connection from before, so the lock cannot be released by a reset of the connection it borrows.
 */
class GatewaySessionEndLocksIT {

    private static final int WAIT_SECONDS = 3;

    private static GatewayFixture gateway;
    private static String user;
    private static String schema;

    @BeforeAll
    static void start() throws Exception {
        gateway = new GatewayFixture(Duration.ofSeconds(1));
        user = "locks_" + gateway.prefix;
        schema = gateway.backend.newSchema("locks");
        gateway.grant(user, "pw-" + user, "%", "SELECT,UPDATE,LOCK TABLES", schema + ".*");
        try (Connection c = gateway.backend.connect(schema);
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id INT PRIMARY KEY, v INT) ENGINE=InnoDB");
            s.execute("INSERT INTO t VALUES (1, 0)");
        }
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private static Connection connect(boolean direct) throws SQLException {
        return direct
                ? gateway.backend.connect(schema)
                : DriverManager.getConnection(gateway.url(schema, ""), user, "pw-" + user);
    }

    @ParameterizedTest(name = "direct: {0}")
    @ValueSource(booleans = {true, false})
    void anOpenTransactionEndsWithAClientThatVanished(boolean direct) throws Exception {
        try (Connection waiter = connect(direct)) {
            long before = FirstValue.asLong(waiter, "SELECT v FROM t WHERE id = 1");
            Connection holder = connect(direct);
            holder.setAutoCommit(false);
            try (Statement s = holder.createStatement()) {
                s.executeUpdate("UPDATE t SET v = v + 1 WHERE id = 1");
            }
            // the socket closed with no ROLLBACK and no COM_QUIT, as when a client process dies
            holder.abort(Runnable::run);

            try (Statement s = waiter.createStatement()) {
                s.execute("SET SESSION innodb_lock_wait_timeout = " + WAIT_SECONDS);
                assertThat(s.executeUpdate("UPDATE t SET v = v + 10 WHERE id = 1"))
                        .as("the row lock went with its session")
                        .isEqualTo(1);
            }
            assertThat(FirstValue.asLong(waiter, "SELECT v FROM t WHERE id = 1"))
                    .as("the vanished session's update was rolled back")
                    .isEqualTo(before + 10);
        }
    }

    @ParameterizedTest(name = "direct: {0}")
    @ValueSource(booleans = {true, false})
    void aNamedLockEndsWithItsSession(boolean direct) throws Exception {
        String name = "gg_lock_" + gateway.prefix + direct;
        try (Connection waiter = connect(direct)) {
            FirstValue.of(waiter, "SELECT 1");
            try (Connection holder = connect(direct)) {
                assertThat(FirstValue.asLong(holder, "SELECT GET_LOCK('" + name + "', 0)"))
                        .isEqualTo(1);
            }
            assertThat(FirstValue.asLong(waiter, "SELECT GET_LOCK('" + name + "', " + WAIT_SECONDS + ")"))
                    .as("the named lock went with its session")
                    .isEqualTo(1);
            FirstValue.of(waiter, "SELECT RELEASE_LOCK('" + name + "')");
        }
    }

    @ParameterizedTest(name = "direct: {0}")
    @ValueSource(booleans = {true, false})
    void tableLocksEndWithTheirSession(boolean direct) throws Exception {
        try (Connection waiter = connect(direct)) {
            FirstValue.of(waiter, "SELECT 1");
            try (Connection holder = connect(direct);
                    Statement s = holder.createStatement()) {
                s.execute("LOCK TABLES t WRITE");
            }
            try (Statement s = waiter.createStatement()) {
                s.execute("SET SESSION lock_wait_timeout = " + WAIT_SECONDS);
            }
            assertThat(FirstValue.asLong(waiter, "SELECT COUNT(*) FROM t"))
                    .as("the table lock went with its session")
                    .isEqualTo(1);
        }
    }
}
