package io.grantgate.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantgate.testing.TestBackend;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Many sessions of mixed work for a while, through one gateway: prepared reads and writes over plain
 * TCP and text reads and writes over TLS (both on the relay loops), connect-query-quit churn, and
 * large results. No client may see an error, and the process's threads, file descriptors and heap
 * (after a full GC) must end where they were once the work had started.
 *
 * <p>The short version runs in the build; {@code bench/faults.sh} runs it at full size through the
 * system properties {@code soak.sessions} (40), {@code soak.seconds} (20), {@code soak.think-ms} (10,
 * the pause between a session's operations) and {@code soak.sample-seconds} (2). The gateway runs in
 * the test's JVM, so the figures include the clients; they are constant once the sessions are open,
 * so growth is still the gateway's. Prints one {@code SOAK} line per sample and a summary.
 */
class GatewaySoakIT {

    private static final int SESSIONS = Integer.getInteger("soak.sessions", 40);
    private static final Duration TIME = Duration.ofSeconds(Long.getLong("soak.seconds", 20));
    private static final long THINK_MILLIS = Long.getLong("soak.think-ms", 10);
    private static final Duration SAMPLE = Duration.ofSeconds(Long.getLong("soak.sample-seconds", 2));
    private static final int ROWS = 1_000;
    private static final int BIG_RESULT_ROWS = 20_000;

    private final LongAdder operations = new LongAdder();
    private final LongAdder logins = new LongAdder();
    private final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();

    @Test
    void mixedWorkLeavesNoErrorAndThreadsDescriptorsAndHeapFlat() throws Exception {
        String schema = TestBackend.get().newSchema("soak");
        try (Connection admin = TestBackend.get().connect(schema);
                Statement s = admin.createStatement()) {
            s.execute("CREATE TABLE t (id INT PRIMARY KEY, k INT NOT NULL, c VARCHAR(120) NOT NULL)");
            s.execute("INSERT INTO t WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + ROWS
                    + ") SELECT i, i % 97, REPEAT('x', 100) FROM n");
        }
        try (GatewayFixture gateway = new GatewayFixture(
                Duration.ofSeconds(1),
                Duration.ofSeconds(30),
                Map.of("limits.max-connections", String.valueOf(SESSIONS * 2 + 50)))) {
            String user = "sk_" + gateway.prefix;
            gateway.grantNative(user, "pw-" + user, "127.0.0.0/8", "SELECT,INSERT,UPDATE,DELETE", schema + ".*");

            AtomicBoolean running = new AtomicBoolean(true);
            List<Thread> workers = new ArrayList<>();
            for (int i = 0; i < SESSIONS; i++) {
                int kind = i % 4;
                workers.add(
                        Thread.ofPlatform().name("soak-" + i).start(() -> work(kind, gateway, user, schema, running)));
            }
            long start = System.nanoTime();
            long end = start + TIME.toNanos();
            // the first quarter opens the sessions and warms up: the baseline is taken after it
            Thread.sleep(Math.max(SAMPLE.toMillis(), TIME.toMillis() / 4));
            Sample first = Sample.take(true);
            Sample peak = first;
            while (System.nanoTime() < end) {
                Thread.sleep(SAMPLE.toMillis());
                Sample now = Sample.take(false);
                peak = peak.max(now);
                System.out.printf(
                        Locale.ROOT,
                        "SOAK t=%ds %s sessions=%d operations=%d logins=%d errors=%d%n",
                        (System.nanoTime() - start) / 1_000_000_000,
                        now,
                        gateway.runtime.sessions(),
                        operations.sum(),
                        logins.sum(),
                        errors.size());
            }
            Sample last = Sample.take(true);
            running.set(false);
            for (Thread t : workers) {
                t.join(30_000);
            }
            System.out.printf(
                    Locale.ROOT,
                    "SOAK summary: %d sessions, %d s, %d operations (%.0f/s), %d logins, %d errors; after warm-up %s; at the end %s; peak %s%n",
                    SESSIONS,
                    TIME.toSeconds(),
                    operations.sum(),
                    operations.sum() / (double) TIME.toSeconds(),
                    logins.sum(),
                    errors.size(),
                    first,
                    last,
                    peak);
            assertThat(errors).as("client errors").isEmpty();
            assertThat(operations.sum()).isPositive();
            // flat: what grows with time, not with load, is a leak (a thread, a socket, a buffer per operation)
            assertThat(last.threads()).as("threads").isLessThanOrEqualTo(first.threads() + 20);
            assertThat(last.descriptors())
                    .as("file descriptors")
                    .isLessThanOrEqualTo(first.descriptors() + 50 + SESSIONS / 10);
            assertThat(last.heapMiB())
                    .as("heap after a full GC, MiB")
                    .isLessThanOrEqualTo(first.heapMiB() + first.heapMiB() / 4 + 32);
            // every client has closed; their sessions end a moment after, then give back their connections
            gateway.awaitSessions(0);
            gateway.awaitNoBorrowedBackendConnection();
        }
    }

    /** One session's loop: its kind of work until told to stop; every failure is counted as an error. */
    private void work(int kind, GatewayFixture gateway, String user, String schema, AtomicBoolean running) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        try {
            Connection c = connect(kind, gateway, user, schema);
            try {
                while (running.get()) {
                    switch (kind) {
                        case 0 -> preparedReadWrite(c, random);
                        case 1 -> textReadWrite(c, random);
                        case 2 -> {
                            c.close();
                            c = connect(kind, gateway, user, schema);
                            try (Statement s = c.createStatement();
                                    ResultSet r = s.executeQuery("SELECT 1")) {
                                r.next();
                            }
                        }
                        default -> bigResult(c);
                    }
                    operations.increment();
                    // a large result ten times less often: the mix stays mostly short statements
                    Thread.sleep(random.nextLong((kind == 3 ? 10 : 1) * THINK_MILLIS + 1));
                }
            } finally {
                c.close();
            }
        } catch (SQLException | RuntimeException e) {
            errors.add(Thread.currentThread().getName() + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Connection connect(int kind, GatewayFixture gateway, String user, String schema) throws SQLException {
        String options = switch (kind) {
            case 0 -> "sslMode=DISABLED&useServerPrepStmts=true&cachePrepStmts=true";
            case 1 -> "sslMode=REQUIRED";
            default -> "sslMode=DISABLED";
        };
        Connection c = DriverManager.getConnection(
                "jdbc:mysql://127.0.0.1:" + gateway.runtime.port() + "/" + schema + "?" + options
                        + "&connectTimeout=20000&socketTimeout=60000",
                user,
                "pw-" + user);
        logins.increment();
        return c;
    }

    private static void preparedReadWrite(Connection c, ThreadLocalRandom random) throws SQLException {
        try (PreparedStatement read = c.prepareStatement("SELECT c, k FROM t WHERE id = ?")) {
            read.setInt(1, 1 + random.nextInt(ROWS));
            try (ResultSet r = read.executeQuery()) {
                if (!r.next()) {
                    throw new SQLException("a row that exists was not found");
                }
            }
        }
        try (PreparedStatement write = c.prepareStatement("UPDATE t SET k = k + 1 WHERE id = ?")) {
            write.setInt(1, 1 + random.nextInt(ROWS));
            if (write.executeUpdate() != 1) {
                throw new SQLException("an update of one row changed another number of rows");
            }
        }
    }

    private static void textReadWrite(Connection c, ThreadLocalRandom random) throws SQLException {
        int id = 1 + random.nextInt(ROWS);
        try (Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT SUM(k) FROM t WHERE id BETWEEN " + id + " AND " + (id + 10))) {
                r.next();
            }
            s.executeUpdate("UPDATE t SET k = k + 1 WHERE id = " + id);
        }
    }

    private static void bigResult(Connection c) throws SQLException {
        long rows = 0;
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT a.id, a.c FROM t a JOIN t b ON b.id <= " + (BIG_RESULT_ROWS / ROWS)
                        + " ORDER BY NULL")) {
            while (r.next()) {
                rows++;
            }
        }
        if (rows != BIG_RESULT_ROWS) {
            throw new SQLException("a large result had " + rows + " rows, not " + BIG_RESULT_ROWS);
        }
    }

    /** The process's threads, open file descriptors, resident memory and heap (after a full GC, when asked). */
    private record Sample(int threads, long descriptors, long rssMiB, long heapMiB) {

        static Sample take(boolean collect) throws IOException {
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            if (collect) {
                System.gc();
            }
            long descriptors;
            try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
                descriptors = fds.count();
            }
            long rss = Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(line -> line.startsWith("VmRSS:"))
                    .map(line -> Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024)
                    .findFirst()
                    .orElse(-1L);
            return new Sample(
                    ManagementFactory.getThreadMXBean().getThreadCount(),
                    descriptors,
                    rss,
                    memory.getHeapMemoryUsage().getUsed() >> 20);
        }

        Sample max(Sample other) {
            return new Sample(
                    Math.max(threads, other.threads),
                    Math.max(descriptors, other.descriptors),
                    Math.max(rssMiB, other.rssMiB),
                    Math.max(heapMiB, other.heapMiB));
        }

        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT, "threads=%d fds=%d rss=%dMiB heap=%dMiB", threads, descriptors, rssMiB, heapMiB);
        }
    }
}
