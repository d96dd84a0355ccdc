package io.grantgate.ops;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Client threads (Connector/J, plain TCP, one connection each) running short statements as fast as
 * the gateway answers them, alternately {@code INSERT INTO marks VALUES ('m-L-T-N')} and
 * {@code SELECT 'm-L-T-N'} (load, thread, statement): every statement carries a marker of its own, so that its audit record is
 * found by its text. Keeps what each statement got back and when.
 *
 * <p>A thread goes on after a 3164 (a block-mode trail refusing the statement) and stops at any
 * other failure: the gateway stopped or was killed under it.
 */
final class MarkedLoad implements AutoCloseable {

    static final int AUDIT_REFUSED = 3164;
    /** Markers stay unique across the loads of a test, which share the table. */
    private static final AtomicInteger LOADS = new AtomicInteger();

    /**
     * One statement: when it was sent, when its answer came, and the failure it got, if it did.
     *
     * @param sql its text, as the audit records it
     */
    record Attempt(int thread, String sql, long sentNanos, long answeredNanos, Optional<SQLException> failure) {

        boolean acknowledged() {
            return failure.isEmpty();
        }

        boolean refusedByAudit() {
            return failure.map(e -> e.getErrorCode() == AUDIT_REFUSED).orElse(false);
        }

        boolean isInsert() {
            return sql.startsWith("INSERT");
        }

        String marker() {
            return sql.substring(sql.indexOf('\'') + 1, sql.lastIndexOf('\''));
        }
    }

    private final int load = LOADS.incrementAndGet();
    private final List<Connection> connections;
    private final ConcurrentLinkedQueue<Attempt> attempts = new ConcurrentLinkedQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    private MarkedLoad(List<Connection> connections) {
        this.connections = connections;
    }

    /** Connects every client first, so that a login failure fails the test, then starts them. */
    static MarkedLoad start(int clients, int port, AuditedCatalog catalog) throws SQLException {
        List<Connection> connections = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            connections.add(DriverManager.getConnection(
                    "jdbc:mysql://127.0.0.1:" + port + "/" + catalog.dataSchema
                            + "?sslMode=DISABLED&allowPublicKeyRetrieval=true&socketTimeout=60000",
                    catalog.user,
                    catalog.password));
        }
        MarkedLoad started = new MarkedLoad(connections);
        for (int i = 0; i < clients; i++) {
            int thread = i;
            started.threads.add(Thread.ofPlatform().name("load-" + i).start(() -> started.run(thread)));
        }
        return started;
    }

    private void run(int thread) {
        try (Statement statement = connections.get(thread).createStatement()) {
            for (long n = 1; running; n++) {
                String marker = "m-" + load + "-" + thread + "-" + n;
                String sql = n % 2 == 0 ? "INSERT INTO marks VALUES ('" + marker + "')" : "SELECT '" + marker + "'";
                long sent = System.nanoTime();
                try {
                    statement.execute(sql);
                    attempts.add(new Attempt(thread, sql, sent, System.nanoTime(), Optional.empty()));
                } catch (SQLException e) {
                    Attempt failed = new Attempt(thread, sql, sent, System.nanoTime(), Optional.of(e));
                    attempts.add(failed);
                    if (!failed.refusedByAudit()) {
                        return;
                    }
                    // a refusal comes back at once: without a pause the clients would spin on them
                    Thread.sleep(5);
                }
            }
        } catch (SQLException e) {
            attempts.add(new Attempt(thread, "<createStatement>", 0, 0, Optional.of(e)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    List<Attempt> attempts() {
        return List.copyOf(attempts);
    }

    /** For an assertion's message: how the statements went so far, and the first unexpected failures. */
    String summary() {
        List<Attempt> all = attempts();
        return all.stream().filter(Attempt::acknowledged).count() + " acknowledged, "
                + all.stream().filter(Attempt::refusedByAudit).count() + " refused by the audit, other failures: "
                + all.stream()
                        .filter(a -> !a.acknowledged() && !a.refusedByAudit())
                        .limit(4)
                        .map(a -> a.sql() + ": " + a.failure().orElseThrow())
                        .toList();
    }

    /** Waits until the attempts so far satisfy {@code condition}; false if they did not within {@code timeout}. */
    boolean await(Predicate<List<Attempt>> condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.test(attempts())) {
            if (System.nanoTime() > deadline || threads.stream().noneMatch(Thread::isAlive)) {
                return condition.test(attempts());
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** Waits for the threads to end by themselves (their connections broke). */
    void awaitEnd(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread thread : threads) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !thread.join(Duration.ofNanos(left))) {
                throw new AssertionError(thread.getName() + " still runs " + timeout + " after its gateway went");
            }
        }
    }

    /** Stops the threads after their current statement and closes the connections. */
    @Override
    public void close() {
        running = false;
        try {
            for (Thread thread : threads) {
                thread.join(Duration.ofSeconds(90));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Connection connection : connections) {
            try {
                connection.close();
            } catch (SQLException e) {
                // the gateway went already
            }
        }
    }
}
