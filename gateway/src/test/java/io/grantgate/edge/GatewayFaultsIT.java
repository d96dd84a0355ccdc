package io.grantgate.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantgate.testing.FaultProxy;
import io.grantgate.testing.FirstValue;
import io.grantgate.testing.ServerLogin;
import io.grantgate.testing.TestBackend;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Faults under load, in their short versions: {@code bench/faults.sh} runs the same tests at full size
 * (1,000 sessions, 5,000 tricklers, a 60 s catalog outage) through the system properties below.
 *
 * <ul>
 *   <li>{@code faults.sessions} (100): sessions open across a backend restart;
 *   <li>{@code faults.tricklers} (200): connections that send their login a byte at a time;
 *   <li>{@code faults.catalog-down-seconds} (5): how long the catalog is away under load.
 * </ul>
 *
 * Each test prints one {@code FAULTS} line with what it measured.
 */
class GatewayFaultsIT {

    private static final int SESSIONS = Integer.getInteger("faults.sessions", 100);
    private static final int TRICKLERS = Integer.getInteger("faults.tricklers", 200);
    private static final Duration CATALOG_DOWN = Duration.ofSeconds(Long.getLong("faults.catalog-down-seconds", 5));
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(2);

    @Test
    void clientsThatTrickleTheirLoginAreClosedAtTheHandshakeTimeoutWhileOthersLogIn() throws Exception {
        // room for every trickler: past limits.max-connections well-formed clients would get 1040 until the
        // tricklers' deadline, as on MySQL past max_connections
        try (GatewayFixture gateway = new GatewayFixture(
                Duration.ofSeconds(1),
                HANDSHAKE_TIMEOUT,
                Map.of("limits.max-connections", String.valueOf(TRICKLERS + 100)))) {
            String user = "tr_" + gateway.prefix;
            gateway.grantNative(user, "pw-" + user, "127.0.0.0/8", null, null);
            Latencies quiet = logins(gateway, user, Duration.ofSeconds(3));

            // each trickler reads the greeting, then sends the start of a login one byte every 500 ms:
            // never quiet for as long as the socket's read timeout, never done
            List<Socket> tricklers = new ArrayList<>();
            for (int i = 0; i < TRICKLERS; i++) {
                // from 127.0.0.2 .. 127.0.0.51: well-formed logins come from 127.0.0.1
                Socket s = new Socket(
                        InetAddress.getLoopbackAddress(),
                        gateway.runtime.port(),
                        InetAddress.getByName("127.0.0." + (2 + i % 50)),
                        0);
                s.setSoTimeout(30_000);
                tricklers.add(s);
            }
            long attackStart = System.nanoTime();
            ConcurrentLinkedQueue<Long> closedAfterMillis = new ConcurrentLinkedQueue<>();
            AtomicLong unexpected = new AtomicLong();
            try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
                for (Socket s : tricklers) {
                    readers.submit(() -> trickle(s, attackStart, closedAfterMillis, unexpected));
                }
                Latencies attacked = logins(gateway, user, HANDSHAKE_TIMEOUT.multipliedBy(2));
                readers.shutdown();
                assertThat(readers.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS))
                        .as("every trickler closed")
                        .isTrue();
                System.out.printf(
                        Locale.ROOT,
                        "FAULTS tricklers=%d closed_after_ms max=%d (timeout %d) | logins quiet n=%d p99=%.1f ms, under attack n=%d p99=%.1f ms, failures %d%n",
                        TRICKLERS,
                        Collections.max(closedAfterMillis),
                        HANDSHAKE_TIMEOUT.toMillis(),
                        quiet.count(),
                        quiet.p99Millis(),
                        attacked.count(),
                        attacked.p99Millis(),
                        attacked.failures.get());
                assertThat(attacked.failures.get())
                        .as("well-formed logins during the attack")
                        .isZero();
                assertThat(attacked.count()).isPositive();
            }
            assertThat(unexpected.get())
                    .as("tricklers that got anything but a close")
                    .isZero();
            assertThat(closedAfterMillis).hasSize(TRICKLERS);
            assertThat(Collections.max(closedAfterMillis))
                    .as("closed at the handshake timeout, not at a read timeout the trickle keeps resetting")
                    .isLessThan(HANDSHAKE_TIMEOUT.toMillis() + 3_000);
            awaitNoConnections(gateway);
        }
    }

    private static void trickle(Socket s, long start, ConcurrentLinkedQueue<Long> closedAfter, AtomicLong unexpected) {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            byte[] header = in.readNBytes(4);
            if (header.length < 4) {
                // closed before its greeting: the deadline runs from the accept, and thousands of
                // connections at once can wait that long for a session thread to greet them
                closedAfter.add((System.nanoTime() - start) / 1_000_000);
                return;
            }
            int length = (header[0] & 0xFF) | (header[1] & 0xFF) << 8 | (header[2] & 0xFF) << 16;
            in.readNBytes(length); // the greeting
            // a HandshakeResponse41 announcing 200 bytes, sent one byte at a time
            byte[] login = new byte[204];
            login[0] = (byte) 200;
            login[3] = 1;
            s.setSoTimeout(500);
            for (byte b : login) {
                out.write(b);
                out.flush();
                try {
                    if (in.read() < 0) {
                        closedAfter.add((System.nanoTime() - start) / 1_000_000);
                        return;
                    }
                    unexpected.incrementAndGet(); // the gateway answered a login that is not complete
                    return;
                } catch (java.net.SocketTimeoutException quietStill) {
                    // nothing yet: the next byte
                }
            }
            unexpected.incrementAndGet(); // the whole login went out and the gateway still waits
        } catch (IOException e) {
            // a reset or a write into a closed socket: closed by the gateway all the same
            closedAfter.add((System.nanoTime() - start) / 1_000_000);
        }
    }

    @Test
    void whenConnectionsAreAtTheLimitANewOneGets1040AndOnesAfterThoseCloseGetIn() throws Exception {
        int limit = 20;
        try (GatewayFixture gateway = new GatewayFixture(
                Duration.ofSeconds(1), Duration.ofSeconds(30), Map.of("limits.max-connections", "" + limit))) {
            String user = "mx_" + gateway.prefix;
            gateway.grantNative(user, "pw-" + user, "127.0.0.1", null, null);
            List<Connection> open = new ArrayList<>();
            for (int i = 0; i < limit; i++) {
                open.add(connect(gateway, user));
            }
            SQLException refused = null;
            try (Connection extra = connect(gateway, user)) {
                FirstValue.asLong(extra, "SELECT 1");
            } catch (SQLException e) {
                refused = e;
            }
            assertThat((Object) refused).as("the connection past the limit").isNotNull();
            assertThat(refused.getErrorCode()).isEqualTo(1040);
            assertThat(refused.getSQLState()).isEqualTo("08004");
            for (Connection c : open) {
                assertThat(FirstValue.asLong(c, "SELECT 1")).isEqualTo(1);
            }
            for (Connection c : open.subList(0, 5)) {
                c.close();
            }
            awaitConnections(gateway, limit - 5);
            for (int i = 0; i < 5; i++) {
                open.set(i, connect(gateway, user));
                assertThat(FirstValue.asLong(open.get(i), "SELECT 1")).isEqualTo(1);
            }
            for (Connection c : open) {
                c.close();
            }
            gateway.awaitNoBorrowedBackendConnection();
        }
    }

    @Test
    void manySessionsOpenAcrossABackendRestartAreToldAndNewOnesWorkOnceItIsBack() throws Exception {
        ServerLogin login = TestBackend.get().login();
        try (FaultProxy backend = new FaultProxy(login.host(), login.port());
                GatewayFixture gateway = new GatewayFixture(
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(30),
                        Map.of("backend.address", "127.0.0.1:" + backend.port()));
                ExecutorService clients = Executors.newFixedThreadPool(16)) {
            String user = "br_" + gateway.prefix;
            gateway.grantNative(user, "pw-" + user, "127.0.0.1", null, null);
            // half plain, half TLS: both on the relay loops now (the fixture moves sessions at once)
            List<Connection> open = all(clients, SESSIONS, i -> {
                Connection c = i % 2 == 0 ? connect(gateway, user) : connectTls(gateway, user);
                assertThat(FirstValue.asLong(c, "SELECT 1")).isEqualTo(1);
                return c;
            });
            assertThat(gateway.runtime.sessions()).isEqualTo(SESSIONS);

            backend.cut();
            List<Boolean> told = all(clients, SESSIONS, i -> {
                try (Connection c = open.get(i)) {
                    FirstValue.asLong(c, "SELECT 1");
                    return false;
                } catch (SQLException e) {
                    return true;
                }
            });
            assertThat(told).as("every open session gets an error").containsOnly(true);
            gateway.awaitSessions(0);

            backend.resume();
            long t0 = System.nanoTime();
            List<Connection> again = all(clients, SESSIONS, i -> {
                Connection c = i % 2 == 0 ? connect(gateway, user) : connectTls(gateway, user);
                assertThat(FirstValue.asLong(c, "SELECT 1")).isEqualTo(1);
                return c;
            });
            long reopenMillis = (System.nanoTime() - t0) / 1_000_000;
            for (Connection c : again) {
                c.close();
            }
            System.out.printf(
                    Locale.ROOT,
                    "FAULTS backend restart: %d sessions told, %d new sessions in %d ms after it was back%n",
                    SESSIONS,
                    SESSIONS,
                    reopenMillis);
            gateway.awaitNoBorrowedBackendConnection();
            gateway.awaitSessions(0);
        }
    }

    @Test
    void withTheCatalogAwaySessionsAndLoginsGoOnAndAChangeArrivesOnceItIsBack() throws Exception {
        try (GatewayFixture gateway =
                new GatewayFixture(Duration.ofMillis(500), Duration.ofSeconds(30), Map.of(), true)) {
            String user = "cd_" + gateway.prefix;
            gateway.grantNative(user, "pw-" + user, "127.0.0.1", null, null);
            FaultProxy catalog = gateway.catalogLink.orElseThrow();
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong statements = new AtomicLong();
            AtomicLong logins = new AtomicLong();
            ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
            List<Thread> load = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                // two clients that keep one session, two that log in again and again
                boolean churn = i % 2 == 1;
                load.add(Thread.ofPlatform().start(() -> {
                    try {
                        Connection c = connect(gateway, user);
                        while (running.get()) {
                            FirstValue.asLong(c, "SELECT 1");
                            statements.incrementAndGet();
                            if (churn) {
                                c.close();
                                c = connect(gateway, user);
                                logins.incrementAndGet();
                            }
                        }
                        c.close();
                    } catch (Throwable e) {
                        errors.add(e);
                    }
                }));
            }
            Thread.sleep(1_000);
            catalog.cut();
            long loginsBefore = logins.get();
            Thread.sleep(CATALOG_DOWN.toMillis());
            long loginsWhileDown = logins.get() - loginsBefore;
            // an account granted while the catalog is away from the gateway: it cannot know it yet
            String later = "cl_" + gateway.prefix;
            gateway.grantWithoutWaiting(later, "pw-" + later, "127.0.0.1");
            catalog.resume();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            Connection newcomer = null;
            while (newcomer == null) {
                try {
                    newcomer = connect(gateway, later);
                } catch (SQLException e) {
                    assertThat(System.nanoTime()).as("the new account arrives").isLessThan(deadline);
                    Thread.sleep(200);
                }
            }
            assertThat(FirstValue.asLong(newcomer, "SELECT 1")).isEqualTo(1);
            newcomer.close();
            running.set(false);
            for (Thread t : load) {
                t.join(10_000);
            }
            System.out.printf(
                    Locale.ROOT,
                    "FAULTS catalog away %d s: %d statements, %d logins in all, %d of them while it was away, %d errors%n",
                    CATALOG_DOWN.toSeconds(),
                    statements.get(),
                    logins.get(),
                    loginsWhileDown,
                    errors.size());
            assertThat(errors).as("client errors").isEmpty();
            assertThat(loginsWhileDown).as("logins while the catalog was away").isPositive();
            gateway.awaitNoBorrowedBackendConnection();
        }
    }

    // --- helpers

    private static Connection connect(GatewayFixture gateway, String user) throws SQLException {
        return DriverManager.getConnection(
                gateway.url("", "connectTimeout=10000&socketTimeout=30000"), user, "pw-" + user);
    }

    private static Connection connectTls(GatewayFixture gateway, String user) throws SQLException {
        return DriverManager.getConnection(
                "jdbc:mysql://127.0.0.1:" + gateway.runtime.port()
                        + "/?sslMode=REQUIRED&connectTimeout=10000&socketTimeout=30000",
                user,
                "pw-" + user);
    }

    /** Logins (connect, SELECT 1, close) one after another for {@code time}, with their latencies. */
    private static Latencies logins(GatewayFixture gateway, String user, Duration time) {
        Latencies latencies = new Latencies();
        long end = System.nanoTime() + time.toNanos();
        while (System.nanoTime() < end) {
            long t0 = System.nanoTime();
            try (Connection c = connect(gateway, user)) {
                FirstValue.asLong(c, "SELECT 1");
                latencies.add(System.nanoTime() - t0);
            } catch (SQLException e) {
                latencies.failures.incrementAndGet();
            }
        }
        return latencies;
    }

    private static final class Latencies {
        private final List<Long> nanos = new ArrayList<>();
        private final AtomicLong failures = new AtomicLong();

        void add(long n) {
            nanos.add(n);
        }

        int count() {
            return nanos.size();
        }

        double p99Millis() {
            if (nanos.isEmpty()) {
                return Double.NaN;
            }
            List<Long> sorted = new ArrayList<>(nanos);
            Collections.sort(sorted);
            return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(sorted.size() * 0.99) - 1)) / 1e6;
        }
    }

    @FunctionalInterface
    private interface Step<T> {
        T run(int i) throws Exception;
    }

    /** Runs {@code step} for 0 .. n-1 on the pool; the results in order; the first failure fails the test. */
    private static <T> List<T> all(ExecutorService pool, int n, Step<T> step) throws Exception {
        List<Future<T>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int index = i;
            futures.add(pool.submit(() -> step.run(index)));
        }
        List<T> results = new ArrayList<>();
        for (Future<T> f : futures) {
            results.add(f.get());
        }
        return results;
    }

    private static void awaitConnections(GatewayFixture gateway, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (gateway.runtime.connections() != expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(gateway.runtime.connections()).as("connections").isEqualTo(expected);
    }

    private static void awaitNoConnections(GatewayFixture gateway) throws InterruptedException {
        awaitConnections(gateway, 0);
    }
}
