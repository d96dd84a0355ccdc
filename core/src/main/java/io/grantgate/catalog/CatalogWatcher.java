package io.grantgate.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the gateway's catalog snapshot current: polls the catalog version (one indexed one-row
 * read) every interval and, when it moved, reads a new snapshot in one transaction and swaps it in.
 * When the catalog is unreachable the last good snapshot stays in force and the log says so once
 * per outage; a gateway never starts without a first snapshot ({@link #start}).
 */
public final class CatalogWatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CatalogWatcher.class);

    private final DataSource catalog;
    private final Duration interval;
    private final AtomicReference<CatalogSnapshot> current = new AtomicReference<>();
    private final List<Consumer<CatalogSnapshot>> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean running = true;
    private volatile boolean failing;
    private Thread poller;

    private CatalogWatcher(DataSource catalog, Duration interval) {
        this.catalog = catalog;
        this.interval = interval;
    }

    /**
     * Reads the first snapshot (failing if it cannot) and starts polling on a virtual thread.
     *
     * @throws SQLException when the catalog cannot be read: the gateway must not start
     */
    public static CatalogWatcher start(DataSource catalog, Duration interval) throws SQLException {
        Objects.requireNonNull(catalog, "catalog");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("poll interval must be positive, was " + interval);
        }
        CatalogWatcher watcher = new CatalogWatcher(catalog, interval);
        watcher.current.set(watcher.read());
        watcher.poller = Thread.ofVirtual().name("catalog-watcher").start(watcher::poll);
        return watcher;
    }

    public CatalogSnapshot snapshot() {
        return current.get();
    }

    /** Called with each new snapshot, after it is in force, on the watcher's thread. */
    public void onChange(Consumer<CatalogSnapshot> listener) {
        listeners.add(listener);
    }

    /** Checks the version now instead of at the next tick; returns the snapshot in force afterwards. */
    public CatalogSnapshot refresh() throws SQLException {
        long version;
        try (Connection c = catalog.getConnection()) {
            version = new CatalogReader(c).version(false);
        }
        if (version != current.get().version()) {
            CatalogSnapshot next = read();
            current.set(next);
            log.info(
                    "catalog version {} in force ({} accounts)",
                    next.version(),
                    next.accounts().size());
            for (Consumer<CatalogSnapshot> listener : listeners) {
                listener.accept(next);
            }
        }
        return current.get();
    }

    private void poll() {
        while (running) {
            try {
                Thread.sleep(interval);
                refresh();
                if (failing) {
                    failing = false;
                    log.info(
                            "catalog reachable again; version {} in force",
                            current.get().version());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (SQLException | RuntimeException e) {
                if (!failing) {
                    failing = true;
                    log.warn(
                            "cannot read the catalog ({}); serving with the last good snapshot, version {}",
                            e.getMessage(),
                            current.get().version());
                }
            }
        }
    }

    /** One transaction, so the version and the accounts belong together. */
    private CatalogSnapshot read() throws SQLException {
        try (Connection c = catalog.getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            try {
                CatalogReader reader = new CatalogReader(c);
                CatalogSnapshot snapshot = CatalogSnapshot.of(reader.version(false), reader.all());
                c.commit();
                return snapshot;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        if (poller != null) {
            poller.interrupt();
        }
    }
}
