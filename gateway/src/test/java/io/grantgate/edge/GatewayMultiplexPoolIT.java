package io.grantgate.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantgate.backend.BackendPoolStats;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pool of a multiplexing gateway keeps the connections its sessions park between statements,
 * however many are idle at once: a burst of statements from more sessions than the few idle
 * connections a pool keeps without multiplexing must not close the surplus on return, or every later
 * burst logs new backend connections in (which, with thousands of paced sessions, is what they then
 * spend their time on).
 */
class GatewayMultiplexPoolIT {

    private static final int SESSIONS = 12;
    private static final int BURSTS = 3;

    private static GatewayFixture gateway;
    private static String user;
    private static String schema;

    @BeforeAll
    static void start() throws Exception {
        gateway = new GatewayFixture(
                Duration.ofSeconds(1),
                Duration.ofSeconds(30),
                Map.of("sessions.multiplexing", "transaction", "backend.max-connections", "20"));
        user = "muxpool_" + gateway.prefix;
        schema = gateway.backend.newSchema("muxpool");
        gateway.grant(user, "pw-" + user, "%", "SELECT", schema + ".*");
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void connectionsParkedInABurstStayPooledForTheNextBurst() throws Exception {
        List<Connection> sessions = new ArrayList<>();
        try {
            for (int i = 0; i < SESSIONS; i++) {
                sessions.add(DriverManager.getConnection(
                        "jdbc:mariadb://127.0.0.1:" + gateway.runtime.port() + "/" + schema
                                + "?allowPublicKeyRetrieval=true",
                        user,
                        "pw-" + user));
            }
            burst(sessions);
            // each session parks its connection just after its client has the response
            gateway.awaitNoBorrowedBackendConnection();
            BackendPoolStats afterFirst = gateway.runtime.backendPool();
            assertThat(afterFirst.idle())
                    .as("every connection of the burst parked, none borrowed")
                    .isEqualTo(afterFirst.active() + afterFirst.idle())
                    .isGreaterThanOrEqualTo(SESSIONS);
            for (int i = 1; i < BURSTS; i++) {
                burst(sessions);
            }
            gateway.awaitNoBorrowedBackendConnection();
            BackendPoolStats after = gateway.runtime.backendPool();
            assertThat(after.destroyed()).as("connections closed on return").isEqualTo(afterFirst.destroyed());
            assertThat(after.created())
                    .as("connections logged in for the later bursts")
                    .isEqualTo(afterFirst.created());
            assertThat(OpsMetrics.value(gateway.runtime, "grantgate_backend_connections_open"))
                    .as("the open gauge: the parked connections, within backend.max-connections")
                    .isEqualTo(after.idle())
                    .isLessThanOrEqualTo(20);
            assertThat(gateway.runtime.multiplexStats().returns())
                    .as("the sessions gave their connections back between statements")
                    .isGreaterThanOrEqualTo((long) SESSIONS * BURSTS);
        } finally {
            for (Connection c : sessions) {
                c.close();
            }
        }
    }

    /** Every session runs a statement long enough that all of them hold a connection at once, each on its own thread. */
    private static void burst(List<Connection> sessions) {
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (Connection c : sessions) {
            CompletableFuture<Void> one = new CompletableFuture<>();
            Thread.ofPlatform().start(() -> {
                try {
                    sleepOnTheBackend(c);
                    one.complete(null);
                } catch (RuntimeException e) {
                    one.completeExceptionally(e);
                }
            });
            done.add(one);
        }
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).join();
    }

    private static void sleepOnTheBackend(Connection c) {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT SLEEP(0.5)")) {
            assertThat(rs.next()).isTrue();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
