package io.grantgate.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.grantgate.ops.GatewayRuntime;
import io.grantgate.provision.Expiry;
import io.grantgate.testing.FirstValue;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Time-limited access end to end, with the admin command run in-process on the fixture's catalog:
 * a host pattern or grant given {@code --for} a few seconds ends live sessions that relied on it at
 * its end (the gateways' catalog poll is a minute here and the
 * tests refresh by hand, so a close within a few seconds comes from the expiry itself, not from a
 * poll; the bound is loose because a loaded CI machine once took 2.2 s), two gateways each end their own, two concurrent {@code admin expire}
 * revoke the backend privilege once, {@code --extend} keeps a session past the first end, and
 * {@code show-grants}, {@code user show} and {@code user list} say what ends when.
 */
class GatewayExpiryIT {

    private static final Duration POLL = Duration.ofMinutes(1);
    private static final Duration CLOSE_WITHIN = Duration.ofSeconds(5);
    private static final Duration WAIT = Duration.ofSeconds(12);

    private static GatewayFixture gateway;
    private static String database;

    @BeforeAll
    static void start() throws Exception {
        gateway = new GatewayFixture(POLL);
        database = gateway.backend.newSchema("exp");
        try (Connection c = gateway.backend.connect(database);
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id INT PRIMARY KEY)");
            s.execute("INSERT INTO t VALUES (1), (2)");
        }
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static AdminRun admin(String... args) {
        return AdminRun.of(gateway.adminEnvironment(), args);
    }

    private static AdminRun adminOk(String... args) {
        AdminRun run = admin(args);
        assertThat(run.exitCode())
                .as("admin %s: %s%s", String.join(" ", args), run.out(), run.err())
                .isZero();
        return run;
    }

    private static Connection connect(GatewayRuntime runtime, String user, String source) throws SQLException {
        return DriverManager.getConnection(
                "jdbc:mysql://127.0.0.1:" + runtime.port() + "/?sslMode=DISABLED&allowPublicKeyRetrieval=true"
                        + "&localSocketAddress=" + source,
                user,
                "pw-" + user);
    }

    /** When the catalog says the account's host pattern or grant ends. */
    private static Instant end(String user, String table, String condition) throws SQLException {
        try (Connection c = gateway.catalog.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT DATE_FORMAT(x.expires_at, '%Y-%m-%dT%H:%i:%s.%fZ')"
                        + " FROM " + table + " x JOIN account a ON a.id = x.account_id WHERE a.user_name = ? AND "
                        + condition)) {
            s.setString(1, user);
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).as("%s of %s has an end", table, user).isTrue();
                return Instant.parse(rs.getString(1));
            }
        }
    }

    /** Runs {@code SELECT 1} until it fails; returns when it failed, or fails the test after {@link #WAIT}. */
    private static Instant failsAt(Connection c, String sql) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                FirstValue.of(c, sql);
                Thread.sleep(20);
            } catch (SQLException e) {
                return Instant.now();
            }
        }
        throw new AssertionError("the session was not closed within " + WAIT);
    }

    private static long count(String sql, Object... parameters) throws SQLException {
        try (Connection c = gateway.catalog.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Waits for the gateway's audit writer to put {@code n} rows matching {@code sql} into the catalog. */
    private static void awaitCount(long n, String sql, Object... parameters) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (count(sql, parameters) < n && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(count(sql, parameters)).as(sql).isEqualTo(n);
    }

    @Test
    void aSessionOnAHostPatternGrantedForThreeSecondsIsClosedAtItsEnd() throws Exception {
        String user = "eh_" + gateway.prefix;
        gateway.grant(user, "pw-" + user, "127.0.0.2", null, null);
        adminOk("grant", user, "--host", "127.0.0.1", "--for", "3s");
        gateway.runtime.catalog().refresh();
        Instant end = end(user, "account_host", "x.host_pattern = '127.0.0.1'");

        try (Connection viaExpiring = connect(gateway.runtime, user, "127.0.0.1");
                Connection viaPermanent = connect(gateway.runtime, user, "127.0.0.2")) {
            assertThat(FirstValue.asLong(viaExpiring, "SELECT 1")).isEqualTo(1);
            Instant closed = failsAt(viaExpiring, "SELECT 1");
            Duration late = Duration.between(end, closed);
            System.out.printf("GatewayExpiryIT: host pattern session closed %d ms after its end%n", late.toMillis());
            assertThat(late).as("closed at the end, not before").isPositive();
            assertThat(late).as("closed within %s of the end", CLOSE_WITHIN).isLessThan(CLOSE_WITHIN);
            assertThatThrownBy(() -> FirstValue.of(viaExpiring, "SELECT 1"))
                    .as("its next query fails as after a revocation")
                    .isInstanceOf(SQLException.class);
            assertThat(FirstValue.asLong(viaPermanent, "SELECT 1"))
                    .as("the session from the permanent host pattern goes on")
                    .isEqualTo(1);
        }
        assertThatThrownBy(() -> connect(gateway.runtime, user, "127.0.0.1").close())
                .as("no login from the expired host pattern")
                .isInstanceOfSatisfying(
                        SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1045));
        awaitCount(
                1,
                "SELECT COUNT(*) FROM audit_event WHERE event_type = 'session_closed' AND reason = 'expired'"
                        + " AND user_name = ?",
                user);

        AdminRun sweep = adminOk("expire");
        assertThat(sweep.out()).contains("host pattern '127.0.0.1' expired at");
        assertThat(count(
                        "SELECT COUNT(*) FROM account_host h JOIN account a ON a.id = h.account_id"
                                + " WHERE a.user_name = ?",
                        user))
                .as("only the permanent host pattern is left")
                .isEqualTo(1);
        assertThat(adminOk("expire").out()).isEqualTo("nothing has expired\n");
    }

    @Test
    void anExpiredGrantEndsSessionsOnTwoGatewaysAndTwoSweepersRevokeItOnce() throws Exception {
        String user = "eg_" + gateway.prefix;
        gateway.grant(user, "pw-" + user, "127.0.0.1", null, null);
        GatewayRuntime second = gateway.startAnother(Map.of("instance-id", "gw-exp-2"), gateway.catalog);
        try {
            adminOk("grant", user, "--privileges", "SELECT", "--on", database + ".*", "--for", "3s");
            gateway.runtime.catalog().refresh();
            second.catalog().refresh();
            Instant end = end(user, "account_grant", "x.privilege = 'SELECT'");
            String backendUser = backendUser(user);
            assertThat(backendGrants(backendUser)).anyMatch(g -> g.startsWith("GRANT SELECT ON "));

            String query = "SELECT COUNT(*) FROM `" + database + "`.t";
            try (Connection one = connect(gateway.runtime, user, "127.0.0.1");
                    Connection two = connect(second, user, "127.0.0.1")) {
                assertThat(FirstValue.asLong(one, query)).isEqualTo(2);
                assertThat(FirstValue.asLong(two, query)).isEqualTo(2);
                Instant closedOne = failsAt(one, query);
                Instant closedTwo = failsAt(two, query);
                System.out.printf(
                        "GatewayExpiryIT: grant sessions closed %d ms (gateway 1) and %d ms (gateway 2) after the end%n",
                        Duration.between(end, closedOne).toMillis(),
                        Duration.between(end, closedTwo).toMillis());
                assertThat(Duration.between(end, closedOne)).isLessThan(CLOSE_WITHIN);
                assertThat(Duration.between(end, closedTwo)).isLessThan(CLOSE_WITHIN);
            }
            assertThatThrownBy(() -> connect(gateway.runtime, user, "127.0.0.1").close())
                    .as("while the backend account still holds the expired grant, no login")
                    .isInstanceOfSatisfying(
                            SQLException.class,
                            e -> assertThat(e.getErrorCode()).isEqualTo(1045));

            List<AdminRun> sweeps =
                    concurrently(() -> admin("expire", "-o", "json"), () -> admin("expire", "-o", "json"));
            int revoking = 0;
            for (AdminRun sweep : sweeps) {
                assertThat(sweep.exitCode()).as(sweep.out() + sweep.err()).isZero();
                revoking += sweep.json().get("changes").size();
            }
            assertThat(revoking)
                    .as("one of the two sweepers revoked, the other found nothing")
                    .isEqualTo(1);
            assertThat(count(
                            "SELECT COUNT(*) FROM audit_event WHERE event_type = 'admin_change' AND reason = 'expire'"
                                    + " AND user_name = ?",
                            user))
                    .as("one admin_change expire")
                    .isEqualTo(1);
            assertThat(backendGrants(backendUser)).noneMatch(g -> g.contains("SELECT"));
            assertThat(count(
                            "SELECT COUNT(*) FROM account_grant g JOIN account a ON a.id = g.account_id"
                                    + " WHERE a.user_name = ? AND g.privilege = 'SELECT'",
                            user))
                    .isZero();

            gateway.runtime.catalog().refresh();
            try (Connection again = connect(gateway.runtime, user, "127.0.0.1")) {
                assertThat(FirstValue.asLong(again, "SELECT 1"))
                        .as("once swept, the account logs in again")
                        .isEqualTo(1);
                assertThatThrownBy(() -> FirstValue.of(again, query))
                        .as("without the expired privilege")
                        .isInstanceOfSatisfying(
                                SQLException.class,
                                e -> assertThat(e.getErrorCode()).isEqualTo(1142));
            }
        } finally {
            second.close();
        }
    }

    @Test
    void extendKeepsASessionPastTheFirstEndAndTheCommandsShowWhatEndsWhen() throws Exception {
        String user = "ex_" + gateway.prefix;
        gateway.grant(user, "pw-" + user, "127.0.0.2", null, null);
        // long enough for the extension to come first even when an in-process admin run takes seconds
        adminOk("grant", user, "--host", "127.0.0.1", "--for", "10s");
        gateway.runtime.catalog().refresh();
        Instant first = end(user, "account_host", "x.host_pattern = '127.0.0.1'");

        try (Connection session = connect(gateway.runtime, user, "127.0.0.1")) {
            AdminRun extend = adminOk("grant", user, "--host", "127.0.0.1", "--extend", "1h");
            assertThat(extend.out()).contains("host pattern '127.0.0.1' until");
            gateway.runtime.catalog().refresh(); // as the next poll would
            Instant second = end(user, "account_host", "x.host_pattern = '127.0.0.1'");
            assertThat(Duration.between(first, second)).isEqualTo(Duration.ofHours(1));

            Thread.sleep(Math.max(0, Duration.between(Instant.now(), first).toMillis()) + 1_500);
            assertThat(FirstValue.asLong(session, "SELECT 1"))
                    .as("alive 1.5 s past the first end")
                    .isEqualTo(1);

            String expected = "-- host pattern expires " + Expiry.text(second);
            JsonNode showGrants = adminOk("show-grants", user, "-o", "json").json();
            assertThat(showGrants.toString()).contains(expected);
            assertThat(adminOk("show-grants", user).out()).contains("'@'127.0.0.1' " + expected);
            JsonNode show = adminOk("user", "show", user, "-o", "json").json();
            assertThat(show.get("expiries")).hasSize(1);
            assertThat(show.get("expiries").get(0).get("kind").asText()).isEqualTo("host");
            assertThat(show.get("expiries").get(0).get("entry").asText()).isEqualTo("127.0.0.1");
            assertThat(Instant.parse(
                            show.get("expiries").get(0).get("expiresAt").asText()))
                    .isEqualTo(second);
            assertThat(adminOk("user", "show", user).out()).contains("host pattern '127.0.0.1' until ");
            assertThat(adminOk("user", "list").out()).contains("NEXT EXPIRY");
        }
    }

    /** Runs both at the same moment, as two admins would. */
    @SafeVarargs
    private static List<AdminRun> concurrently(Callable<AdminRun>... runs) throws Exception {
        CyclicBarrier start = new CyclicBarrier(runs.length);
        ExecutorService pool = Executors.newFixedThreadPool(runs.length);
        try {
            List<Future<AdminRun>> futures = new ArrayList<>();
            for (Callable<AdminRun> run : runs) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return run.call();
                }));
            }
            List<AdminRun> done = new ArrayList<>();
            for (Future<AdminRun> f : futures) {
                done.add(f.get());
            }
            return done;
        } finally {
            pool.shutdownNow();
        }
    }

    private static String backendUser(String user) throws SQLException {
        try (Connection c = gateway.catalog.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT b.backend_user FROM backend_account b"
                        + " JOIN account a ON a.id = b.account_id WHERE a.user_name = ?")) {
            s.setString(1, user);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static List<String> backendGrants(String backendUser) throws SQLException {
        List<String> grants = new ArrayList<>();
        try (Connection c = gateway.backend.connect("");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW GRANTS FOR '" + backendUser + "'@'%'")) {
            while (rs.next()) {
                grants.add(rs.getString(1));
            }
        }
        return grants;
    }
}
