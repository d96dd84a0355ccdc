package io.grantgate.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.grantgate.ops.GatewayRuntime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code admin sessions} shows how each session holds its backend connection, as the gateways write
 * it on their heartbeat: on a multiplexing gateway (gw-mux) a MariaDB Connector/J session that made
 * a temporary table is {@code pinned (session state)}, one that runs only SELECTs {@code shared}, one
 * in a transaction pinned until its COMMIT, and a Connector/J session without session tracking
 * {@code own}; on a gateway with multiplexing off (gw-own) every session is {@code own}.
 */
class GatewaySessionPinIT {

    private static final Duration WAIT = Duration.ofSeconds(8);

    private static GatewayFixture multiplexing;
    private static GatewayRuntime off;
    private static String user;
    private static String schema;

    @BeforeAll
    static void start() throws Exception {
        multiplexing = new GatewayFixture(
                Duration.ofSeconds(1),
                Duration.ofSeconds(30),
                Map.of(
                        "instance-id", "gw-mux",
                        "sessions.multiplexing", "transaction",
                        "backend.max-connections", "4"));
        off = multiplexing.startAnother(Map.of("instance-id", "gw-own"), multiplexing.catalog);
        user = "pin_" + multiplexing.prefix;
        schema = multiplexing.backend.newSchema("pin");
        multiplexing.grant(user, "pw-" + user, "127.0.0.1", "SELECT,CREATE TEMPORARY TABLES", schema + ".*");
        off.catalog().refresh();
    }

    @AfterAll
    static void stop() {
        if (off != null) {
            off.close();
        }
        if (multiplexing != null) {
            multiplexing.close();
        }
    }

    /** MariaDB Connector/J, which negotiates CLIENT_SESSION_TRACK: multiplexed where the gateway multiplexes. */
    private static Connection mariadb(int port) throws SQLException {
        return DriverManager.getConnection(
                "jdbc:mariadb://127.0.0.1:" + port + "/" + schema + "?allowPublicKeyRetrieval=true",
                user,
                "pw-" + user);
    }

    /** Connector/J without {@code trackSessionState}: no CLIENT_SESSION_TRACK, so it holds its connection. */
    private static Connection connectorJ(int port) throws SQLException {
        return DriverManager.getConnection(
                "jdbc:mysql://127.0.0.1:" + port + "/" + schema + "?allowPublicKeyRetrieval=true&sslMode=DISABLED",
                user,
                "pw-" + user);
    }

    private static long idOf(Connection c) throws SQLException {
        return c.isWrapperFor(org.mariadb.jdbc.Connection.class)
                ? c.unwrap(org.mariadb.jdbc.Connection.class).getThreadId()
                : c.unwrap(com.mysql.cj.jdbc.JdbcConnection.class).getId();
    }

    private static void select(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT 1")) {
            assertThat(rs.next()).isTrue();
        }
    }

    private static Optional<JsonNode> session(AdminRun sessions, String instance, long id) {
        for (JsonNode s : sessions.json()) {
            if (s.get("connectionId").asLong() == id
                    && s.get("instanceId").asText().equals(instance)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** Whether the session is listed with this backend word ({@code own}, {@code shared}, {@code pinned}) and pin reason. */
    private static boolean shows(AdminRun sessions, String instance, long id, String backend, String pinReason) {
        return session(sessions, instance, id)
                .filter(s -> s.get("backend").asText().equals(backend))
                .filter(s -> pinReason == null
                        ? s.get("pinReason").isNull()
                        : s.get("pinReason").asText().equals(pinReason))
                .isPresent();
    }

    private static AdminRun sessionsUntil(Predicate<AdminRun> done) throws InterruptedException {
        return AdminRun.until(multiplexing.adminEnvironment(), WAIT, done, "sessions", "-o", "json");
    }

    @Test
    void aTemporaryTablePinsASessionOnlySelectsShareAndWithoutMultiplexingASessionHoldsItsOwn() throws Exception {
        int muxPort = multiplexing.runtime.port();
        try (Connection pinned = mariadb(muxPort);
                Connection shared = mariadb(muxPort);
                Connection untracked = connectorJ(muxPort);
                Connection offGateway = mariadb(off.port())) {
            try (Statement s = pinned.createStatement()) {
                s.execute("CREATE TEMPORARY TABLE scratch (id INT)");
            }
            for (Connection c : new Connection[] {pinned, shared, untracked, offGateway}) {
                select(c);
            }
            select(shared);
            long pinnedId = idOf(pinned);
            long sharedId = idOf(shared);
            long untrackedId = idOf(untracked);
            long offId = idOf(offGateway);

            AdminRun json = sessionsUntil(run -> shows(run, "gw-mux", pinnedId, "pinned", "session_state")
                    && shows(run, "gw-mux", sharedId, "shared", null)
                    && shows(run, "gw-mux", untrackedId, "own", null)
                    && shows(run, "gw-own", offId, "own", null));
            assertThat(json.exitCode()).isZero();

            String table =
                    AdminRun.of(multiplexing.adminEnvironment(), "sessions").out();
            assertThat(table)
                    .containsPattern("STATE +BACKEND +IN")
                    .containsPattern(pinnedId + " +gw-mux +" + user + " .* idle +pinned \\(session state\\) +\\d")
                    .containsPattern(sharedId + " +gw-mux +" + user + " .* idle +shared +\\d")
                    .containsPattern(untrackedId + " +gw-mux +" + user + " .* idle +own +\\d")
                    .containsPattern(offId + " +gw-own +" + user + " .* idle +own +\\d");
            assertThat(AdminRun.of(multiplexing.adminEnvironment(), "sessions", "--help")
                            .out())
                    .contains("BACKEND is how the session holds its backend connection");
        }
    }

    @Test
    void aTransactionPinsTheSessionsRowAndItsCommitUnpinsIt() throws Exception {
        try (Connection c = mariadb(multiplexing.runtime.port());
                Statement s = c.createStatement()) {
            long id = idOf(c);
            select(c);
            sessionsUntil(run -> shows(run, "gw-mux", id, "shared", null));

            s.execute("START TRANSACTION");
            select(c);
            sessionsUntil(run -> shows(run, "gw-mux", id, "pinned", "transaction"));

            s.execute("COMMIT");
            sessionsUntil(run -> shows(run, "gw-mux", id, "shared", null));
        }
    }
}
