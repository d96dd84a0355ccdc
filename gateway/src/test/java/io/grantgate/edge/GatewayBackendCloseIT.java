package io.grantgate.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grantgate.auth.Secret;
import io.grantgate.backend.BackendConnectOptions;
import io.grantgate.backend.BackendConnection;
import io.grantgate.backend.BackendCredentials;
import io.grantgate.backend.BackendEndpoint;
import io.grantgate.backend.TextRows;
import io.grantgate.testing.FirstValue;
import io.grantgate.testing.ServerLogin;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The backend closes an idle session's connection — a KILL of its backend thread from an admin
 * connection, or its own {@code wait_timeout} — and the client sees what it sees on a direct
 * connection to the backend, at once: the same bytes (MariaDB 11.4 sends none) and the same end of
 * the stream (a close after KILL, a reset after the timeout), within {@link #PROMPTLY}, not at its
 * next command. The session ends as {@code backend_lost} and the pool keeps no dead connection.
 * Relayed by the loops here; {@link GatewayThreadBackendCloseIT} runs the same on session threads.
 */
class GatewayBackendCloseIT {

    /** The thread path watches the backend after 250 ms of silence; the rest is slack for 2 shared cores. */
    private static final Duration PROMPTLY = Duration.ofSeconds(2);
    /** Longer than anything here should take: a client still open then is a failure, not a hang. */
    private static final Duration GIVE_UP = Duration.ofSeconds(8);

    private static GatewayFixture gateway;
    private static String user;
    private static String path;

    @BeforeAll
    static void start() throws Exception {
        startWith(Map.of());
    }

    /** @param settings the gateway's, on top of the fixture's (which relays plain sessions on a loop from the first command) */
    static void startWith(Map<String, String> settings) throws Exception {
        path = "thread".equals(settings.get("sessions.relay")) ? "session threads" : "relay loops";
        gateway = new GatewayFixture(Duration.ofMillis(200), Duration.ofSeconds(30), settings);
        user = "bc_" + gateway.prefix;
        // native, so that the raw client below logs in over plain TCP without RSA
        gateway.grantNative(user, "pw-" + user, "127.0.0.1", null, null);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    /** What a client saw of its connection's end: the bytes it got and how the stream ended. */
    record Seen(String bytes, String end, Duration after) {
        /** The same as {@code direct}, but for when. */
        void assertSameAs(Seen direct) {
            assertThat(bytes).as("bytes the client got").isEqualTo(direct.bytes());
            assertThat(end).as("how its stream ended").isEqualTo(direct.end());
        }
    }

    /** Reads what the server sends until its stream ends, however it ends; {@code since} in nanoTime. */
    private static Seen seen(BackendConnection client, long since) throws IOException {
        client.readTimeout(GIVE_UP);
        InputStream in = client.input();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        String end;
        try {
            int b;
            while ((b = in.read()) >= 0) {
                bytes.write(b);
            }
            end = "closed";
        } catch (SocketTimeoutException e) {
            end = "still open after " + GIVE_UP;
        } catch (SocketException e) {
            end = e.getMessage().contains("reset") ? "reset" : "failed: " + e.getMessage();
        }
        return new Seen(
                HexFormat.of().formatHex(bytes.toByteArray()), end, Duration.ofNanos(System.nanoTime() - since));
    }

    /** A raw client, logged in directly to the backend as its admin login. */
    private static BackendConnection direct() throws IOException {
        ServerLogin login = gateway.backend.login();
        return BackendConnection.open(
                BackendEndpoint.plain(login.host(), login.port()),
                new BackendCredentials(login.user(), new Secret(login.password())),
                BackendConnectOptions.defaults());
    }

    /** A raw client through the gateway: the same client code, so what it sees compares byte for byte. */
    private static BackendConnection throughGateway() throws IOException {
        return BackendConnection.open(
                BackendEndpoint.plain("127.0.0.1", gateway.runtime.port()),
                new BackendCredentials(user, new Secret("pw-" + user)),
                BackendConnectOptions.defaults());
    }

    private static void report(String what, Seen direct, Seen through) {
        System.out.printf(
                "GatewayBackendCloseIT (%s): %s of an idle session: direct %s after %d ms with bytes [%s];"
                        + " through the gateway %s after %d ms with bytes [%s]%n",
                path,
                what,
                direct.end(),
                direct.after().toMillis(),
                direct.bytes(),
                through.end(),
                through.after().toMillis(),
                through.bytes());
    }

    private static void kill(long backendThreadId) throws SQLException {
        try (Connection admin = gateway.backend.connect("");
                Statement s = admin.createStatement()) {
            s.execute("KILL " + backendThreadId);
        }
    }

    private static void assertEndedAsBackendLost(long gatewayConnectionId) throws Exception {
        assertThat(AuditLines.await(AuditLines.file(gateway), AuditLines.of("session_end", gatewayConnectionId), 1))
                .extracting(r -> r.path("ending").asText())
                .containsExactly(SessionEnding.BACKEND_LOST);
        // counted before the audit's session_end is handed over: an ending by an exception counts too
        assertThat(OpsMetrics.value(
                        gateway.runtime, "grantgate_sessions_ended_total{ending=\"backend_lost\",revoked=\"false\"}"))
                .as("sessions ended as backend_lost in the metrics")
                .isGreaterThanOrEqualTo(1);
    }

    /** No connection left borrowed, and a new session gets a live one (never the dead one back). */
    private static void assertPoolHealthy(long deadBackendId) throws Exception {
        gateway.awaitNoBorrowedBackendConnection();
        try (Connection c = DriverManager.getConnection(gateway.url("", ""), user, "pw-" + user)) {
            assertThat(FirstValue.asLong(c, "SELECT CONNECTION_ID()")).isNotEqualTo(deadBackendId);
        }
    }

    @Test
    void aKillOfTheBackendThreadClosesTheIdleClientAsDirect() throws Exception {
        Seen direct;
        try (BackendConnection client = direct()) {
            long since = System.nanoTime();
            kill(client.connectionId());
            direct = seen(client, since);
        }
        try (BackendConnection client = throughGateway()) {
            long backendId = Long.parseLong(TextRows.firstValue(client, "SELECT CONNECTION_ID()"));
            long since = System.nanoTime();
            kill(backendId);
            Seen through = seen(client, since);

            report("KILL", direct, through);
            through.assertSameAs(direct);
            assertThat(through.after()).as("the client's socket closed within").isLessThan(PROMPTLY);
            assertEndedAsBackendLost(client.connectionId());
            assertPoolHealthy(backendId);
        }
    }

    @Test
    void theBackendsIdleTimeoutClosesTheClientAsDirect() throws Exception {
        Seen direct;
        try (BackendConnection client = direct()) {
            client.query("SET SESSION wait_timeout = 1");
            direct = seen(client, System.nanoTime());
        }
        try (BackendConnection client = throughGateway()) {
            // the gateway relays the statement as it came: the backend session times out as a direct one would
            client.query("SET SESSION wait_timeout = 1");
            long backendId = Long.parseLong(TextRows.firstValue(client, "SELECT CONNECTION_ID()"));
            Seen through = seen(client, System.nanoTime());

            report("wait_timeout=1", direct, through);
            through.assertSameAs(direct);
            assertThat(through.after())
                    .as("the client's socket closed within")
                    .isLessThan(direct.after().plus(PROMPTLY));
            assertEndedAsBackendLost(client.connectionId());
            assertPoolHealthy(backendId);
        }
    }

    @ParameterizedTest(name = "sslMode={0}")
    @ValueSource(strings = {"DISABLED", "REQUIRED"})
    void aConnectorJSessionWhoseBackendWasKilledEndsBeforeItsNextStatement(String sslMode) throws Exception {
        String directState;
        try (Connection c = gateway.backend.connect("")) {
            kill(FirstValue.asLong(c, "SELECT CONNECTION_ID()"));
            Thread.sleep(200);
            directState = sqlStateOfNextStatement(c);
        }
        // a TLS client relays on its session's thread, with the relay loops on too
        String url = gateway.url("", "").replace("sslMode=DISABLED", "sslMode=" + sslMode);
        try (Connection c = DriverManager.getConnection(url, user, "pw-" + user)) {
            long gatewayId = c.unwrap(com.mysql.cj.jdbc.JdbcConnection.class).getId();
            long backendId = FirstValue.asLong(c, "SELECT CONNECTION_ID()");
            long since = System.nanoTime();
            kill(backendId);
            // while the client idles on: the session ends and gives its connection back on its own
            assertEndedAsBackendLost(gatewayId);
            long deadline = System.nanoTime() + PROMPTLY.toNanos();
            while (gateway.runtime.backendPool().active() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(gateway.runtime.backendPool().active())
                    .as("backend connections borrowed %s after the KILL", Duration.ofNanos(System.nanoTime() - since))
                    .isZero();
            assertThat(sqlStateOfNextStatement(c))
                    .as("what the next statement gets")
                    .isEqualTo(directState);
            assertPoolHealthy(backendId);
        }
    }

    private static String sqlStateOfNextStatement(Connection c) {
        try (Statement s = c.createStatement()) {
            s.executeQuery("SELECT 1").close();
            return "none: the statement ran";
        } catch (SQLException e) {
            return e.getClass().getSimpleName() + " " + e.getSQLState();
        }
    }

    @Test
    void sessionsIdlingAroundTheWatchDelayKeepWorking() throws Exception {
        try (Connection c = DriverManager.getConnection(gateway.url("", ""), user, "pw-" + user);
                Statement s = c.createStatement()) {
            long backendId = FirstValue.asLong(c, "SELECT CONNECTION_ID()");
            long pause = BackendWatch.IDLE_BEFORE_WATCH.toMillis();
            for (long wait : List.of(0L, pause - 20, pause, pause + 20, pause * 2, 5L, pause - 5, pause + 5)) {
                Thread.sleep(wait);
                assertThat(FirstValue.asLong(c, "SELECT CONNECTION_ID()"))
                        .as("after %d ms idle", wait)
                        .isEqualTo(backendId);
            }
            assertThatThrownBy(() -> s.execute("SELECT * FROM no_such_schema.t"))
                    .as("an error of the statement's own")
                    .isInstanceOf(SQLException.class);
            assertThat(FirstValue.asLong(c, "SELECT 7")).isEqualTo(7);
        }
        gateway.awaitNoBorrowedBackendConnection();
    }
}
