package io.grantgate.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
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
 *
 * <p>The snapshot in force is the catalog as it stands now ({@link CatalogSnapshot#asOf}): the
 * thread also wakes at the next expiry of a host pattern or grant, whether or not the catalog
 * version moved (nothing in the catalog changes at that moment), and swaps in the snapshot without
 * the expired entries, so that the listeners end the sessions that relied on them as they end
 * revoked ones. Expiry is judged on the catalog server's clock, the one the admin's sweep uses: the
 * watcher measures how far the local clock is from it at each load.
 */
public final class CatalogWatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CatalogWatcher.class);

    private final DataSource catalog;
    private final Duration interval;
    private final AtomicReference<CatalogSnapshot> current = new AtomicReference<>();
    /** The catalog server's clock minus the local one, as of the last load. */
    private volatile Duration clockOffset = Duration.ZERO;

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
        watcher.current.set(watcher.read().asOf(watcher.now()));
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
    public synchronized CatalogSnapshot refresh() throws SQLException {
        long version;
        try (Connection c = catalog.getConnection()) {
            version = new CatalogReader(c).version(false);
        }
        if (version != current.get().version()) {
            CatalogSnapshot next = read().asOf(now());
            current.set(next);
            log.info(
                    "catalog version {} in force ({} accounts)",
                    next.version(),
                    next.accounts().size());
            tell(next);
            // the poller may be waiting for a later tick than the new snapshot's next expiry
            notifyAll();
        }
        return current.get();
    }

    /** The time on the catalog server's clock, as the local clock and the last measured offset tell it. */
    public Instant now() {
        return Instant.now().plus(clockOffset);
    }

    /**
     * Swaps in the snapshot without what has expired by now, if anything has since the last swap;
     * needs no catalog, so expiry ends access even while the catalog is unreachable.
     */
    synchronized void expire() {
        CatalogSnapshot before = current.get();
        Instant now = now();
        if (before.nextExpiry().filter(next -> !next.isAfter(now)).isEmpty()) {
            return;
        }
        CatalogSnapshot next = before.asOf(now);
        current.set(next);
        for (Account account : next.accounts().values()) {
            Expiries was = before.account(account.user()).map(Account::expiries).orElse(Expiries.NONE);
            Expiries is = account.expiries();
            if (!is.expiredGrants().equals(was.expiredGrants())) {
                log.info(
                        "access of '{}' expired at {} (host patterns {}, grants {}); the backend account keeps the"
                                + " expired grants, and the account cannot log in, until an admin sweeps them"
                                + " (admin expire)",
                        account.user().value(),
                        now,
                        is.expiredHosts().stream().map(HostPattern::text).toList(),
                        is.expiredGrants());
            } else if (!is.expiredHosts().equals(was.expiredHosts())) {
                log.info(
                        "access of '{}' from host patterns {} expired at {}",
                        account.user().value(),
                        is.expiredHosts().stream().map(HostPattern::text).toList(),
                        now);
            }
        }
        tell(next);
    }

    private void tell(CatalogSnapshot next) {
        for (Consumer<CatalogSnapshot> listener : listeners) {
            listener.accept(next);
        }
    }

    private void poll() {
        long nextPoll = System.nanoTime() + interval.toNanos();
        while (running) {
            try {
                awaitNextTick(nextPoll);
                expire();
                if (System.nanoTime() - nextPoll >= 0) {
                    nextPoll = System.nanoTime() + interval.toNanos();
                    refresh();
                    if (failing) {
                        failing = false;
                        log.info(
                                "catalog reachable again; version {} in force",
                                current.get().version());
                    }
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

    /** Waits until the next poll or the next expiry, or until a refresh from another thread brings a new snapshot. */
    private synchronized void awaitNextTick(long nextPoll) throws InterruptedException {
        long nanos = untilNextTick(nextPoll).toNanos();
        if (nanos > 0) {
            TimeUnit.NANOSECONDS.timedWait(this, nanos);
        }
    }

    /** Until the next poll or the next expiry, whichever comes first. */
    private Duration untilNextTick(long nextPoll) {
        Duration toPoll = Duration.ofNanos(Math.max(0, nextPoll - System.nanoTime()));
        return current.get()
                .nextExpiry()
                .map(next -> Duration.between(now(), next))
                .map(toExpiry -> toExpiry.isNegative() ? Duration.ZERO : toExpiry)
                .filter(toExpiry -> toExpiry.compareTo(toPoll) < 0)
                .orElse(toPoll);
    }

    /** One transaction, so the version and the accounts belong together; also measures the clock offset. */
    private CatalogSnapshot read() throws SQLException {
        try (Connection c = catalog.getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            try {
                CatalogReader reader = new CatalogReader(c);
                CatalogSnapshot snapshot = CatalogSnapshot.of(reader.version(false), reader.all());
                Instant local = Instant.now();
                clockOffset = Duration.between(local, reader.now());
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
