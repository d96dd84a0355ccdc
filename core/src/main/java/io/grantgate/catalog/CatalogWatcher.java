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
import java.util.concurrent.locks.ReentrantLock;
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
 * <p>The snapshot in force is the catalog as it stands now ({@link CatalogSnapshot#asOf}): a second
 * thread wakes at the next expiry of a host pattern or grant, whether or not the catalog version
 * moved (nothing in the catalog changes at that moment), and swaps in the snapshot without the
 * expired entries, so that the listeners end the sessions that relied on them as they end revoked
 * ones. It needs no catalog and never waits for one: a poll stuck on a catalog that stopped
 * answering (each of the watcher's reads gives up after {@link #READ_TIMEOUT}) does not hold an
 * expiry back. Expiry is judged on the catalog server's clock, the one the admin's sweep uses: the
 * watcher measures how far the local clock is from it at each load.
 *
 * <p>The watcher's monitor guards only the swap of a snapshot and its telling, so listeners see
 * snapshots one at a time and in order; catalog reads happen outside it, one at a time.
 */
public final class CatalogWatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CatalogWatcher.class);

    /**
     * How long one of the watcher's catalog statements may wait for the server. A catalog that
     * stops answering without closing the connection (a partition, a hung server) would otherwise
     * hold the poll until TCP gives up, hours later; after this the poll fails and the last good
     * snapshot stays in force, as when the catalog is down. Listeners that read the catalog use it
     * too.
     */
    public static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    /** How long the expiry thread sleeps when nothing is due to expire; a new snapshot wakes it earlier. */
    private static final Duration IDLE_EXPIRY_WAIT = Duration.ofMinutes(1);

    private final DataSource catalog;
    private final Duration interval;
    private final Duration readTimeout;
    private final AtomicReference<CatalogSnapshot> current = new AtomicReference<>();
    /** One catalog read at a time, so that an older read never replaces a newer snapshot. */
    private final ReentrantLock reading = new ReentrantLock();
    /** The catalog server's clock minus the local one, as of the last load. */
    private volatile Duration clockOffset = Duration.ZERO;

    private final List<Consumer<CatalogSnapshot>> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean running = true;
    private volatile boolean failing;
    private Thread poller;
    private Thread expirer;

    private CatalogWatcher(DataSource catalog, Duration interval, Duration readTimeout) {
        this.catalog = catalog;
        this.interval = interval;
        this.readTimeout = readTimeout;
    }

    /**
     * Reads the first snapshot (failing if it cannot) and starts polling, and watching for expiries,
     * on two virtual threads.
     *
     * @throws SQLException when the catalog cannot be read: the gateway must not start
     */
    public static CatalogWatcher start(DataSource catalog, Duration interval) throws SQLException {
        return start(catalog, interval, READ_TIMEOUT);
    }

    static CatalogWatcher start(DataSource catalog, Duration interval, Duration readTimeout) throws SQLException {
        Objects.requireNonNull(catalog, "catalog");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("poll interval must be positive, was " + interval);
        }
        CatalogWatcher watcher = new CatalogWatcher(catalog, interval, readTimeout);
        watcher.current.set(watcher.read().asOf(watcher.now()));
        watcher.poller = Thread.ofVirtual().name("catalog-watcher").start(watcher::poll);
        watcher.expirer = Thread.ofVirtual().name("catalog-expiry").start(watcher::expireOnTime);
        return watcher;
    }

    public CatalogSnapshot snapshot() {
        return current.get();
    }

    /** Called with each new snapshot, after it is in force, on the watcher's or the expiry thread. */
    public void onChange(Consumer<CatalogSnapshot> listener) {
        listeners.add(listener);
    }

    /** Checks the version now instead of at the next tick; returns the snapshot in force afterwards. */
    public CatalogSnapshot refresh() throws SQLException {
        reading.lock();
        try {
            long version;
            try (Connection c = connection()) {
                version = new CatalogReader(c).version(false);
            }
            if (version != current.get().version()) {
                CatalogSnapshot loaded = read();
                swap(loaded);
            }
            return current.get();
        } finally {
            reading.unlock();
        }
    }

    private synchronized void swap(CatalogSnapshot loaded) {
        CatalogSnapshot next = loaded.asOf(now());
        current.set(next);
        log.info(
                "catalog version {} in force ({} accounts)",
                next.version(),
                next.accounts().size());
        tell(next);
        // the expiry thread may be waiting for a later end than the new snapshot's next one
        notifyAll();
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

    private void expireOnTime() {
        while (running) {
            try {
                awaitNextExpiry();
                expire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("ending expired access failed; retrying at the next expiry", e);
            }
        }
    }

    /** Waits until the next expiry, or until a new snapshot may bring an earlier one. */
    private synchronized void awaitNextExpiry() throws InterruptedException {
        Duration wait = current.get()
                .nextExpiry()
                .map(next -> Duration.between(now(), next))
                .orElse(IDLE_EXPIRY_WAIT);
        if (wait.isPositive()) {
            TimeUnit.NANOSECONDS.timedWait(this, Math.min(wait.toNanos(), IDLE_EXPIRY_WAIT.toNanos()));
        }
    }

    /** A catalog connection whose statements give up after the read timeout. */
    private Connection connection() throws SQLException {
        Connection c = catalog.getConnection();
        try {
            c.setNetworkTimeout(Runnable::run, Math.toIntExact(readTimeout.toMillis()));
            return c;
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** One transaction, so the version and the accounts belong together; also measures the clock offset. */
    private CatalogSnapshot read() throws SQLException {
        try (Connection c = connection()) {
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
        if (expirer != null) {
            expirer.interrupt();
        }
    }
}
