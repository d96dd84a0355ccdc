package io.grantgate.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.mysql.cj.jdbc.JdbcConnection;
import com.zaxxer.hikari.HikariDataSource;
import io.grantgate.auth.Secret;
import io.grantgate.catalog.CatalogDataSource;
import io.grantgate.ops.GatewayRuntime;
import io.grantgate.testing.FaultProxy;
import io.grantgate.testing.ServerLogin;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Several gateway instances on one catalog, as behind a load balancer, seen and steered through
 * the admin command (run in-process on the same catalog): {@code admin status} lists every
 * instance with the catalog version it has in force, drops one that stops cleanly and flags one
 * whose heartbeat stopped (its catalog cut off by a proxy); {@code admin sessions} lists the
 * sessions of both with their user, address and TLS, filtered; {@code admin sessions kill} ends a
 * session on the other instance within 2 s, and the catalog's audit has it.
 */
class GatewayInstancesIT {

    private static final Duration WAIT = Duration.ofSeconds(8);

    private static GatewayFixture first;
    private static GatewayRuntime second;
    private static String alice;
    private static String bob;

    @BeforeAll
    static void start() throws Exception {
        first = new GatewayFixture(Duration.ofSeconds(1), Duration.ofSeconds(30), Map.of("instance-id", "gw-1"));
        second = first.startAnother(Map.of("instance-id", "gw-2"), first.catalog);
        alice = "ia_" + first.prefix;
        bob = "ib_" + first.prefix;
        first.grant(alice, "pw-" + alice, "127.0.0.1", null, null);
        first.grant(bob, "pw-" + bob, "127.0.0.1", null, null);
        second.catalog().refresh();
    }

    @AfterAll
    static void stop() {
        if (second != null) {
            second.close();
        }
        first.close();
    }

    private static AdminRun admin(String... args) {
        return AdminRun.of(first.adminEnvironment(), args);
    }

    /** Runs the admin command until its output satisfies {@code done}, for up to {@link #WAIT}. */
    private static AdminRun adminUntil(Predicate<AdminRun> done, String... args) throws InterruptedException {
        return AdminRun.until(first.adminEnvironment(), WAIT, done, args);
    }

    private static Connection connect(GatewayRuntime gateway, String user, String options) throws SQLException {
        return DriverManager.getConnection(
                "jdbc:mysql://127.0.0.1:" + gateway.port() + "/?allowPublicKeyRetrieval=true&" + options,
                user,
                "pw-" + user);
    }

    private static long idOf(Connection c) throws SQLException {
        return c.unwrap(JdbcConnection.class).getId();
    }

    private static List<String> instanceIds(JsonNode status) {
        List<String> ids = new ArrayList<>();
        status.get("instances").forEach(i -> ids.add(i.get("instanceId").asText()));
        return ids;
    }

    private static JsonNode instance(JsonNode status, String id) {
        for (JsonNode i : status.get("instances")) {
            if (i.get("instanceId").asText().equals(id)) {
                return i;
            }
        }
        throw new AssertionError("no instance " + id + " in " + status);
    }

    /** Every gateway counts connection ids from the same start: a session is its instance and its id. */
    private static JsonNode session(JsonNode sessions, String instance, long id) {
        for (JsonNode s : sessions) {
            if (s.get("connectionId").asLong() == id
                    && s.get("instanceId").asText().equals(instance)) {
                return s;
            }
        }
        throw new AssertionError("no session " + id + " on " + instance + " in " + sessions);
    }

    private static boolean lists(AdminRun sessions, String instance, long id) {
        for (JsonNode s : sessions.json()) {
            if (s.get("connectionId").asLong() == id
                    && s.get("instanceId").asText().equals(instance)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void statusListsBothInstancesWithTheCatalogVersionTheyHaveInForce() throws Exception {
        AdminRun status = adminUntil(
                run -> instanceIds(run.json()).containsAll(List.of("gw-1", "gw-2"))
                        && instance(run.json(), "gw-2").get("lag").asLong() == 0
                        && instance(run.json(), "gw-1").get("lag").asLong() == 0,
                "status",
                "-o",
                "json");
        assertThat(status.exitCode()).isZero();
        long version = status.json().get("catalogVersion").asLong();
        for (String id : List.of("gw-1", "gw-2")) {
            JsonNode gateway = instance(status.json(), id);
            assertThat(gateway.get("catalogVersion").asLong()).isEqualTo(version);
            assertThat(gateway.get("stale").asBoolean()).isFalse();
            assertThat(gateway.get("heartbeatAgeMillis").asLong()).isLessThan(3_000);
        }
        assertThat(instance(status.json(), "gw-2").get("address").asText()).isEqualTo("127.0.0.1:" + second.port());
        assertThat(admin("status").out()).containsPattern("gw-2 +127\\.0\\.0\\.1:" + second.port() + " .* live");
    }

    @Test
    void sessionsOfBothInstancesAreListedWithUserAddressAndTlsAndFiltered() throws Exception {
        try (Connection a = connect(first.runtime, alice, "sslMode=DISABLED");
                Connection b = connect(second, bob, "sslMode=REQUIRED")) {
            long aliceId = idOf(a);
            long bobId = idOf(b);
            AdminRun all = adminUntil(
                    run -> lists(run, "gw-1", aliceId) && lists(run, "gw-2", bobId), "sessions", "-o", "json");
            JsonNode ofAlice = session(all.json(), "gw-1", aliceId);
            assertThat(ofAlice.get("instanceId").asText()).isEqualTo("gw-1");
            assertThat(ofAlice.get("user").asText()).isEqualTo(alice);
            assertThat(ofAlice.get("clientAddress").asText()).isEqualTo("127.0.0.1");
            assertThat(ofAlice.get("tls").isNull()).isTrue();
            assertThat(ofAlice.get("state").asText()).isEqualTo("idle");
            JsonNode ofBob = session(all.json(), "gw-2", bobId);
            assertThat(ofBob.get("user").asText()).isEqualTo(bob);
            assertThat(ofBob.get("tls").asText()).startsWith("TLSv1.");

            JsonNode bobs = admin("sessions", "--user", bob, "-o", "json").json();
            assertThat(bobs).hasSize(1);
            assertThat(bobs.get(0).get("connectionId").asLong()).isEqualTo(bobId);
            JsonNode onFirst =
                    admin("sessions", "--instance", "gw-1", "-o", "json").json();
            assertThat(onFirst).hasSize(1);
            assertThat(onFirst.get(0).get("connectionId").asLong()).isEqualTo(aliceId);
            assertThat(admin("sessions", "--user", alice, "--instance", "gw-2", "-o", "json")
                            .json())
                    .isEmpty();
            assertThat(admin("sessions").out())
                    .containsPattern(bobId + " +gw-2 +" + bob + " +127\\.0\\.0\\.1:\\d+ +TLSv1");
        }
    }

    @Test
    void killEndsASessionOnTheOtherInstanceWithinTwoSecondsAndIsAudited() throws Exception {
        try (Connection b = connect(second, bob, "sslMode=DISABLED");
                Connection a = connect(first.runtime, alice, "sslMode=DISABLED")) {
            long bobId = idOf(b);
            adminUntil(run -> lists(run, "gw-2", bobId), "sessions", "-o", "json");
            oldRequest(901, 8);
            oldRequest(902, 1);
            long start = System.nanoTime();
            AdminRun kill = admin("sessions", "kill", Long.toString(bobId), "--instance", "gw-2");
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(kill.exitCode()).as(kill.out() + kill.err()).isZero();
            assertThat(kill.out()).contains("session " + bobId + " of '" + bob + "' on gw-2 ended");
            long reaction = reactionMillis(bobId);
            System.out.printf(
                    "GatewayInstancesIT: kill of a session on the other instance: %d ms from the request's commit to"
                            + " the session ended, %d ms for the whole admin command%n",
                    reaction, took);
            assertThat(reaction).as("from the request to the session ended").isLessThan(2_000);
            assertThat(took)
                    .as("the whole admin command, its pools opened and its wait")
                    .isLessThan(10_000);
            try (Statement s = b.createStatement()) {
                assertThatThrownBy(() -> s.executeQuery("SELECT 1")).isInstanceOf(SQLException.class);
            }
            try (Statement s = a.createStatement()) {
                assertThat(s.executeQuery("SELECT 1").next())
                        .as("the other session goes on")
                        .isTrue();
            }
            assertAudited(bobId);
            assertThat(oldRequests())
                    .as("requests carried out more than a week ago are deleted by the next kill")
                    .containsExactly(902L);
            AdminRun again = admin("sessions", "kill", Long.toString(bobId), "--instance", "gw-2");
            assertThat(again.exitCode()).isEqualTo(1);
            assertThat(again.err()).contains("no session " + bobId + " on instance gw-2");
        }
        AdminRun unknown = admin("sessions", "kill", "42");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("no session 42");
    }

    /** A kill request of a gone instance, carried out {@code daysAgo}. */
    private static void oldRequest(long connectionId, int daysAgo) throws SQLException {
        try (Connection c = first.catalog.getConnection();
                PreparedStatement insert = c.prepareStatement("INSERT INTO session_kill"
                        + " (instance_id, connection_id, requested_at, requested_by, done_at, outcome)"
                        + " VALUES ('gw-gone', ?, CURRENT_TIMESTAMP(3) - INTERVAL ? DAY, 'test',"
                        + " CURRENT_TIMESTAMP(3) - INTERVAL ? DAY, 'killed')")) {
            insert.setLong(1, connectionId);
            insert.setInt(2, daysAgo);
            insert.setInt(3, daysAgo);
            insert.executeUpdate();
        }
    }

    private static List<Long> oldRequests() throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Connection c = first.catalog.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT connection_id FROM session_kill WHERE instance_id = 'gw-gone' ORDER BY connection_id")) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }

    /** How long the gateway took to end the session after the kill request was written, by the catalog's clock. */
    private static long reactionMillis(long id) throws SQLException {
        try (Connection c = first.catalog.getConnection();
                PreparedStatement select = c.prepareStatement(
                        "SELECT TIMESTAMPDIFF(MICROSECOND, requested_at, done_at) DIV 1000 FROM session_kill"
                                + " WHERE instance_id = 'gw-2' AND connection_id = ? AND outcome = 'killed'")) {
            select.setLong(1, id);
            return count(select);
        }
    }

    /** The admin change and the gateway's session_closed (written to the catalog by its audit writer). */
    private static void assertAudited(long id) throws Exception {
        try (Connection c = first.catalog.getConnection();
                PreparedStatement admin = c.prepareStatement(
                        "SELECT COUNT(*) FROM audit_event WHERE event_type = 'admin_change' AND reason = 'kill'"
                                + " AND user_name = ? AND detail LIKE ?");
                PreparedStatement closed = c.prepareStatement("SELECT COUNT(*) FROM audit_event"
                        + " WHERE event_type = 'session_closed' AND reason = 'killed' AND instance_id = 'gw-2'"
                        + " AND connection_id = ?")) {
            admin.setString(1, bob);
            admin.setString(2, "%session " + id + " %gw-2%");
            assertThat(count(admin)).as("admin_change kill").isEqualTo(1);
            closed.setLong(1, id);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (count(closed) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(count(closed)).as("session_closed killed on gw-2").isEqualTo(1);
        }
    }

    private static long count(PreparedStatement select) throws SQLException {
        try (ResultSet rs = select.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aCleanStopLeavesStatusAndAGatewayWithoutHeartbeatIsFlaggedStale() throws Exception {
        GatewayRuntime fourth = first.startAnother(Map.of("instance-id", "gw-4"), first.catalog);
        adminUntil(run -> instanceIds(run.json()).contains("gw-4"), "status", "-o", "json");
        fourth.close();
        assertThat(instanceIds(admin("status", "-o", "json").json())).doesNotContain("gw-4");

        ServerLogin login = first.backend.login();
        try (FaultProxy link = new FaultProxy(login.host(), login.port());
                HikariDataSource cutOff = CatalogDataSource.open(
                        "jdbc:mysql://127.0.0.1:" + link.port() + "/" + first.schema,
                        login.user(),
                        new Secret(login.password()),
                        "cut-off-catalog")) {
            GatewayRuntime third = first.startAnother(Map.of("instance-id", "gw-3"), cutOff);
            try {
                adminUntil(
                        run -> instanceIds(run.json()).contains("gw-3")
                                && !instance(run.json(), "gw-3").get("stale").asBoolean(),
                        "status",
                        "-o",
                        "json");
                link.cut();
                AdminRun stale = adminUntil(
                        run -> instance(run.json(), "gw-3").get("stale").asBoolean(), "status", "-o", "json");
                assertThat(stale.exitCode()).as("gw-1 is live").isZero();
                assertThat(instance(stale.json(), "gw-1").get("stale").asBoolean())
                        .isFalse();
                assertThat(admin("status").out())
                        .containsPattern("gw-3 .* STALE")
                        .contains("'admin status --prune'");
                AdminRun pruned = admin("status", "--prune", "-o", "json");
                assertThat(pruned.json().get("pruned")).hasSize(1);
                assertThat(pruned.json().get("pruned").get(0).asText()).isEqualTo("gw-3");
                assertThat(instanceIds(admin("status", "-o", "json").json())).doesNotContain("gw-3");
                link.resume();
            } finally {
                third.close();
            }
        }
    }
}
