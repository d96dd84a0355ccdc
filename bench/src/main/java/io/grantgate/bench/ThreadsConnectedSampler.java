package io.grantgate.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads the backend's {@code Threads_connected} once a second over its own direct connection (which
 * the figure includes), and keeps the largest value seen since it started. Failed
 * samples are counted, not fatal: the load must go on while the backend is busy.
 */
final class ThreadsConnectedSampler implements AutoCloseable {

    private static final long INTERVAL_MILLIS = 1_000;

    private final Connection connection;
    private final Thread thread;
    private final AtomicInteger last = new AtomicInteger(-1);
    private final AtomicInteger max = new AtomicInteger(-1);
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean running = true;

    ThreadsConnectedSampler(String jdbcUrl, String user, String password) throws SQLException {
        connection = DriverManager.getConnection(jdbcUrl, user, password);
        sample();
        thread = Thread.ofPlatform().daemon().name("threads-connected").start(this::run);
    }

    private void run() {
        while (running) {
            try {
                Thread.sleep(INTERVAL_MILLIS);
                sample();
            } catch (InterruptedException e) {
                return;
            } catch (SQLException e) {
                if (failures.incrementAndGet() <= 3) {
                    System.err.println("threads-connected: " + e);
                }
            }
        }
    }

    private void sample() throws SQLException {
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SHOW GLOBAL STATUS LIKE 'Threads_connected'")) {
            if (rs.next()) {
                int value = rs.getInt(2);
                last.set(value);
                max.accumulateAndGet(value, Math::max);
            }
        }
    }

    /** The latest sample. */
    int last() {
        return last.get();
    }

    /** The largest sample since the start. */
    int max() {
        return max.get();
    }

    long failures() {
        return failures.get();
    }

    @Override
    public void close() throws SQLException {
        running = false;
        thread.interrupt();
        connection.close();
    }
}
