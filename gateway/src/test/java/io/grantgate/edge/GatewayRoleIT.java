package io.grantgate.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantgate.testing.FirstValue;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Roles seen by live sessions: granting a role or a role's privilege ends nothing; taking a role
 * from two members closes the session of the one that had its privilege only from the role, and
 * leaves the session of the one that also holds it itself running (and still able to use it). The
 * admin command runs in-process on the gateway's catalog, as in {@link GatewayExpiryIT}.
 */
class GatewayRoleIT {

    private static GatewayFixture gateway;
    private static String database;
    private static Map<String, String> env;

    @BeforeAll
    static void start() throws Exception {
        gateway = new GatewayFixture(Duration.ofMillis(250));
        env = gateway.adminEnvironment();
        database = "role_" + gateway.prefix;
        try (Connection c = gateway.backend.connect("");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE `" + database + "`");
            s.execute("CREATE TABLE `" + database + "`.t (v INT)");
            s.execute("INSERT INTO `" + database + "`.t VALUES (7)");
        }
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static void admin(String... args) {
        AdminRun run = AdminRun.of(env, args);
        assertThat(run.exitCode())
                .as("admin %s: %s%s", String.join(" ", args), run.out(), run.err())
                .isZero();
    }

    private static Connection connect(String user) throws SQLException {
        return connect(user, database);
    }

    private static Connection connect(String user, String schema) throws SQLException {
        return DriverManager.getConnection(gateway.url(schema, ""), user, "pw-" + user);
    }

    @Test
    void revokingARoleClosesOnlyTheSessionsThatLostAPrivilege() throws Exception {
        String role = "readers_" + gateway.prefix;
        String onlyRole = "member_" + gateway.prefix;
        String alsoOwn = "owner_" + gateway.prefix;
        gateway.grant(onlyRole, "pw-" + onlyRole, "%", null, null);
        gateway.grant(alsoOwn, "pw-" + alsoOwn, "%", "SELECT", database + ".*");
        admin("role", "create", role);
        admin("role", "grant", role, "--privileges", "SELECT", "--on", database + ".*");
        admin("grant", onlyRole, "--role", role);
        admin("grant", alsoOwn, "--role", role);
        gateway.runtime.catalog().refresh();

        try (Connection member = connect(onlyRole);
                Connection owner = connect(alsoOwn)) {
            assertThat(seven(member)).isEqualTo(7);
            assertThat(seven(owner)).isEqualTo(7);

            admin("role", "grant", role, "--privileges", "INSERT", "--on", database + ".*");
            gateway.runtime.catalog().refresh();
            assertThat(seven(member))
                    .as("a role that gains a privilege ends no session")
                    .isEqualTo(7);
            assertThat(seven(owner)).isEqualTo(7);

            long revokedAt = System.nanoTime();
            admin("revoke", onlyRole, "--role", role);
            admin("revoke", alsoOwn, "--role", role);
            long deadline = revokedAt + Duration.ofSeconds(10).toNanos();
            boolean closed = false;
            while (!closed && System.nanoTime() < deadline) {
                try {
                    seven(member);
                    Thread.sleep(50);
                } catch (SQLException e) {
                    closed = true;
                }
            }
            assertThat(closed)
                    .as("the session that had SELECT only from the role is closed")
                    .isTrue();
            gateway.runtime.catalog().refresh();
            assertThat(seven(owner))
                    .as("the session that holds SELECT itself goes on, and may still use it")
                    .isEqualTo(7);
        }
        try (Connection again = connect(onlyRole, "");
                Statement s = again.createStatement()) {
            assertThat(s.execute("SELECT 1")).isTrue();
            assertThat(denied(s)).as("its backend account lost SELECT").isEqualTo(1142);
        }
    }

    private static long seven(Connection c) throws SQLException {
        return FirstValue.asLong(c, "SELECT v FROM t");
    }

    private static int denied(Statement s) {
        try {
            s.executeQuery("SELECT v FROM `" + database + "`.t").close();
            return 0;
        } catch (SQLException e) {
            return e.getErrorCode();
        }
    }
}
