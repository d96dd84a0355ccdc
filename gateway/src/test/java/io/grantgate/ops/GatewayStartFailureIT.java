package io.grantgate.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.zaxxer.hikari.HikariDataSource;
import io.grantgate.account.MasterKey;
import io.grantgate.auth.Secret;
import io.grantgate.backend.BackendCredentials;
import io.grantgate.catalog.CatalogDataSource;
import io.grantgate.migrations.CatalogMigrator;
import io.grantgate.ops.config.GatewayConfig;
import io.grantgate.ops.config.Settings;
import io.grantgate.testing.FirstValue;
import io.grantgate.testing.LiveThreads;
import io.grantgate.testing.ServerLogin;
import io.grantgate.testing.TestBackend;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A gateway whose start-up fails part-way, on a port already taken, fails with an error that names
 * the port, and leaves nothing of itself running: no thread, no backend connection, no port held.
 */
class GatewayStartFailureIT {

    /** The gateway's threads: catalog watcher, backend pool evictor, relay loops, listener, sessions, ops endpoint. */
    private static final List<String> GATEWAY_THREADS = List.of(
            "catalog-watcher",
            "commons-pool-evictor",
            "relay-",
            "gateway-accept",
            "session-",
            "vsession-",
            "HTTP-Dispatcher");

    private static final Duration SETTLE = Duration.ofSeconds(5);

    private final TestBackend backend = TestBackend.get();
    /** The login the gateway probes the backend with, of its own so that its connections can be counted. */
    private final String probeUser = "start_" + Integer.toString(new SecureRandom().nextInt(36 * 36 * 36 * 36), 36);

    private final Secret probePassword = new Secret("Pw-" + Long.toString(new SecureRandom().nextLong() >>> 1, 36));
    private HikariDataSource catalog;
    private Path dataDirectory;

    @BeforeEach
    void catalogAndProbeLogin() throws Exception {
        catalog = CatalogDataSource.open(backend.catalogSettings(backend.newSchema("start")), "test-catalog");
        new CatalogMigrator(catalog).migrate();
        admin("CREATE USER '" + probeUser + "'@'%' IDENTIFIED BY '" + probePassword.reveal() + "'");
        dataDirectory = Files.createTempDirectory("gateway-start");
    }

    @AfterEach
    void dropThem() throws SQLException {
        catalog.close();
        admin("DROP USER IF EXISTS '" + probeUser + "'@'%'");
        TestBackend.deleteRecursively(dataDirectory);
    }

    @Test
    void aTakenListenPortFailsTheStartAfterTheWatcherAndThePoolStartedAndStopsThem() throws Exception {
        int opsPort = TestBackend.freePort();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Set<Long> before = threadIds();

            Throwable failure =
                    catchThrowable(() -> start("127.0.0.1:" + taken.getLocalPort(), "127.0.0.1:" + opsPort));

            assertNothingLeftRunning(before, opsPort);
            assertThat(failure)
                    .isInstanceOf(BindException.class)
                    .hasMessageStartingWith("cannot listen on 127.0.0.1:" + taken.getLocalPort() + " (listen): ");
        }
    }

    /** The ops endpoint starts first: a taken ops port stops the start-up before anything else runs. */
    @Test
    void aTakenOpsPortFailsTheStartAndLeavesTheListenPortFree() throws Exception {
        int listenPort = TestBackend.freePort();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Set<Long> before = threadIds();

            Throwable failure =
                    catchThrowable(() -> start("127.0.0.1:" + listenPort, "127.0.0.1:" + taken.getLocalPort()));

            assertNothingLeftRunning(before, listenPort);
            assertThat(failure)
                    .isInstanceOf(BindException.class)
                    .hasMessageStartingWith("cannot listen on 127.0.0.1:" + taken.getLocalPort() + " (ops.listen): ");
        }
    }

    private void start(String listen, String opsListen) throws Exception {
        Settings settings = new Settings(
                Map.of("listen", listen, "ops.listen", opsListen, "catalog.poll-interval", "100ms"), Map.of());
        GatewayConfig config = GatewayConfig.from(settings, dataDirectory, "127.0.0.1:0");
        byte[] key = new byte[MasterKey.MIN_BYTES];
        new SecureRandom().nextBytes(key);
        ServerLogin login = backend.login();
        GatewayRuntime runtime = GatewayRuntime.start(
                config,
                catalog,
                config.backendTls().endpoint(login.host(), login.port()),
                new BackendCredentials(probeUser, probePassword),
                MasterKey.fromBase64(Base64.getEncoder().encodeToString(key)));
        // not expected: the test fails on the missing exception, with this gateway stopped
        runtime.close();
    }

    /** What a failed start leaves may take a moment to end (a thread sees its interrupt, a connection its close): waits for it. */
    private void assertNothingLeftRunning(Set<Long> threadsBefore, int freedPort) throws Exception {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        List<String> threads = gatewayThreadsSince(threadsBefore);
        long connections = probeConnections();
        while ((!threads.isEmpty() || connections > 0) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            threads = gatewayThreadsSince(threadsBefore);
            connections = probeConnections();
        }
        assertThat(threads)
                .as("gateway threads still running after the failed start")
                .isEmpty();
        assertThat(connections).as("backend connections the gateway left open").isZero();
        try (ServerSocket reused = new ServerSocket(freedPort, 1, InetAddress.getLoopbackAddress())) {
            assertThat(reused.getLocalPort())
                    .as("the port the gateway had bound is free again")
                    .isEqualTo(freedPort);
        }
    }

    private static Set<Long> threadIds() throws Exception {
        return LiveThreads.now().stream().map(LiveThreads.Seen::id).collect(Collectors.toSet());
    }

    private static List<String> gatewayThreadsSince(Set<Long> before) throws Exception {
        return LiveThreads.now().stream()
                .filter(t ->
                        !before.contains(t.id()) && GATEWAY_THREADS.stream().anyMatch(t.name()::startsWith))
                .map(LiveThreads.Seen::name)
                .toList();
    }

    private long probeConnections() throws SQLException {
        try (Connection c = backend.connect("")) {
            return FirstValue.asLong(
                    c, "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE USER = '" + probeUser + "'");
        }
    }

    private void admin(String sql) throws SQLException {
        try (Connection c = backend.connect("");
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
