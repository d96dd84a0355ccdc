package io.grantgate.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grantgate.auth.Secret;
import io.grantgate.backend.BackendConnectOptions;
import io.grantgate.backend.BackendConnection;
import io.grantgate.backend.BackendCredentials;
import io.grantgate.backend.BackendEndpoint;
import io.grantgate.testing.FirstValue;
import io.grantgate.testing.ServerLogin;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A pooled backend connection passes from one session to the next with nothing of the first left:
 * whether the gateway resets it with a new login or with COM_RESET_CONNECTION (the cheaper reset,
 * when the session cannot have changed the default schema), and whatever schema each session named.
 */
class GatewaySessionResetIT {

    private static GatewayFixture gateway;
    private static String user;
    private static String schema;

    @BeforeAll
    static void start() throws Exception {
        gateway = new GatewayFixture(Duration.ofSeconds(1));
        user = "reset_" + gateway.prefix;
        schema = gateway.backend.newSchema("reset");
        gateway.grant(user, "pw-" + user, "%", "SELECT,CREATE TEMPORARY TABLES", schema + ".*");
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(gateway.url(database, ""), user, "pw-" + user);
    }

    private static Object value(Connection c, String sql) throws SQLException {
        return FirstValue.of(c, sql);
    }

    private static long backendId(Connection c) throws SQLException {
        return FirstValue.asLong(c, "SELECT CONNECTION_ID()");
    }

    @Test
    void theSchemaOfOneSessionIsNotFoundByTheNext() throws Exception {
        gateway.awaitNoBorrowedBackendConnection();
        long id;
        try (Connection c = connect(schema)) {
            id = backendId(c);
            assertThat(value(c, "SELECT DATABASE()")).isEqualTo(schema);
        }
        gateway.awaitNoBorrowedBackendConnection();
        try (Connection c = connect("")) {
            assertThat(backendId(c)).as("the same backend connection").isEqualTo(id);
            assertThat(value(c, "SELECT DATABASE()"))
                    .as("a session that names no schema finds none")
                    .isNull();
        }
        gateway.awaitNoBorrowedBackendConnection();
        try (Connection c = connect(schema)) {
            assertThat(backendId(c)).isEqualTo(id);
            assertThat(value(c, "SELECT DATABASE()")).isEqualTo(schema);
        }
    }

    /** Locks and transactions a session leaves are not reset but closed with it: {@link GatewaySessionEndLocksIT}. */
    @Test
    void theCheapResetStillClearsVariablesAndTemporaryTables() throws Exception {
        gateway.awaitNoBorrowedBackendConnection();
        var before = gateway.runtime.backendResets();
        long id = -1;
        int sessions = 5;
        for (int i = 0; i < sessions; i++) {
            try (Connection c = connect(schema);
                    Statement s = c.createStatement()) {
                if (id < 0) {
                    id = backendId(c);
                } else {
                    assertThat(backendId(c)).as("the same backend connection").isEqualTo(id);
                    assertThat(value(c, "SELECT @leftover")).isNull();
                    assertThat(value(c, "SELECT @@time_zone")).isEqualTo("SYSTEM");
                    assertThatThrownBy(() -> s.executeQuery("SELECT * FROM leftover"))
                            .as("the temporary table is gone")
                            .isInstanceOfSatisfying(
                                    SQLException.class,
                                    e -> assertThat(e.getErrorCode()).isEqualTo(1146));
                    assertThat(value(c, "SELECT DATABASE()")).isEqualTo(schema);
                }
                s.execute("SET @leftover = 42, time_zone = '+05:00'");
                s.execute("CREATE TEMPORARY TABLE leftover (i INT)");
                s.execute("INSERT INTO leftover VALUES (1)");
            }
            gateway.awaitNoBorrowedBackendConnection();
        }
        var after = gateway.runtime.backendResets();
        // a connection is reset when the next session borrows it: the first session's borrow settled
        // what an earlier test left owing (none if the connection was new), the last one's is still owed
        assertThat(after.relogins() + after.resets() - before.relogins() - before.resets())
                .as("every session found it reset")
                .isBetween(sessions - 1L, (long) sessions);
        if (gateway.backend.isMariaDb()) {
            // the connection logs in again once a second; sessions this quick mostly do not need to
            assertThat(after.resets() - before.resets())
                    .as("resets that kept the schema and the login")
                    .isPositive();
        }
    }

    @Test
    void aUseGetsAFullReset() throws Exception {
        gateway.awaitNoBorrowedBackendConnection();
        var before = gateway.runtime.backendResets();
        long id;
        try (Connection c = connect("");
                Statement s = c.createStatement()) {
            id = backendId(c);
            s.execute("USE `" + schema + "`");
        }
        gateway.awaitNoBorrowedBackendConnection();
        try (Connection c = connect("")) {
            assertThat(backendId(c)).isEqualTo(id);
            assertThat(value(c, "SELECT DATABASE()")).isNull();
        }
        assertThat(gateway.runtime.backendResets().relogins())
                .as("the first session's end logged in again")
                .isGreaterThan(before.relogins());
    }

    /**
     * SQL the gateway never sees may switch the schema, or take a named lock: the connection is closed
     * with the session (see {@link GatewaySessionEndLocksIT}), so nothing of it reaches the next one.
     */
    @Test
    void dynamicSqlThatMayHaveSwitchedTheSchemaLeavesNoSchemaBehind() throws Exception {
        gateway.awaitNoBorrowedBackendConnection();
        long id;
        try (Connection c = connect("");
                Statement s = c.createStatement()) {
            id = backendId(c);
            // the statement text never shows the word USE: only EXECUTE gives it away
            s.execute("SET @q = CONCAT('US', 'E `" + schema + "`')");
            try {
                s.execute("PREPARE switch_schema FROM @q");
                s.execute("EXECUTE switch_schema");
                assertThat(value(c, "SELECT DATABASE()")).isEqualTo(schema);
            } catch (SQLException e) {
                // MySQL cannot prepare USE (1295); MariaDB can, which is the case this test is for
                assertThat(gateway.backend.isMariaDb())
                        .as("MariaDB prepares USE: " + e.getMessage())
                        .isFalse();
                assertThat(e.getErrorCode()).isEqualTo(1295);
            }
        }
        gateway.awaitNoBorrowedBackendConnection();
        try (Connection c = connect("")) {
            assertThat(backendId(c)).as("a new backend connection").isNotEqualTo(id);
            assertThat(value(c, "SELECT DATABASE()")).isNull();
        }
    }

    /**
     * What the next test relies on, on the server itself: a COM_RESET_CONNECTION (MariaDB) and a
     * COM_CHANGE_USER give the session the global variables as they are now, not as they were when
     * the connection logged in. Sent by the gateway's own backend connection, directly to the server.
     */
    @Test
    void onTheServerAResetCopiesTheGlobalsAsTheyAreNow() throws Exception {
        ServerLogin root = gateway.backend.login();
        try (Connection admin = DriverManager.getConnection(root.jdbcUrl(""), root.user(), root.password());
                Statement s = admin.createStatement();
                BackendConnection direct = BackendConnection.open(
                        BackendEndpoint.plain(root.host(), root.port()),
                        new BackendCredentials(root.user(), new Secret(root.password())),
                        BackendConnectOptions.defaults())) {
            long original = FirstValue.asLong(admin, "SELECT @@global.div_precision_increment");
            try {
                s.execute("SET GLOBAL div_precision_increment = " + (original + 3));
                assertThat(sessionValue(direct))
                        .as("before a reset: the globals of the login")
                        .isEqualTo(original);
                boolean withoutLogin = direct.resetKeepingSchema();
                assertThat(withoutLogin).as("COM_RESET_CONNECTION").isEqualTo(gateway.backend.isMariaDb());
                assertThat(sessionValue(direct))
                        .as("after the reset: the globals of now")
                        .isEqualTo(original + 3);
                s.execute("SET GLOBAL div_precision_increment = " + (original + 4));
                direct.resetConnection();
                assertThat(sessionValue(direct)).as("after a new login").isEqualTo(original + 4);
            } finally {
                s.execute("SET GLOBAL div_precision_increment = " + original);
            }
        }
    }

    private static long sessionValue(BackendConnection c) throws Exception {
        return Long.parseLong(
                c.queryRows("SELECT @@session.div_precision_increment").get(0).get(0));
    }

    /**
     * A new session sees a SET GLOBAL made before it connected, as on a direct connection, also on a
     * pooled backend connection whose previous session ended before the SET GLOBAL (issue 12): the
     * connection is reset when the next session borrows it, not when the previous one ends.
     */
    @Test
    void aNewSessionSeesASetGlobalMadeBeforeItConnected() throws Exception {
        ServerLogin root = gateway.backend.login();
        try (Connection admin = DriverManager.getConnection(root.jdbcUrl(""), root.user(), root.password());
                Statement s = admin.createStatement()) {
            long original = FirstValue.asLong(admin, "SELECT @@global.div_precision_increment");
            try {
                for (int round = 1; round <= 3; round++) {
                    gateway.awaitNoBorrowedBackendConnection();
                    long id;
                    try (Connection c = connect(schema)) {
                        id = backendId(c); // the pool warm: this session's connection goes back to it
                    }
                    gateway.awaitNoBorrowedBackendConnection();
                    long wanted = original + round;
                    s.execute("SET GLOBAL div_precision_increment = " + wanted);
                    try (Connection c = connect(schema)) {
                        assertThat(backendId(c)).as("the pooled connection").isEqualTo(id);
                        assertThat(FirstValue.asLong(c, "SELECT @@session.div_precision_increment"))
                                .as("round %d", round)
                                .isEqualTo(wanted);
                    }
                }
            } finally {
                s.execute("SET GLOBAL div_precision_increment = " + original);
            }
        }
    }
}
