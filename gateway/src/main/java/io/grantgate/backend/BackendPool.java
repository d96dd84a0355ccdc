package io.grantgate.backend;

import io.grantgate.account.BackendLogin;
import io.grantgate.auth.Secret;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.commons.pool2.impl.GenericKeyedObjectPool;
import org.apache.commons.pool2.impl.GenericKeyedObjectPoolConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticated backend connections, pooled per {@link BackendPoolKey} (backend node, backend account,
 * wire-format capabilities, character set). A session borrows one after its client has authenticated (settling
 * the reset the previous session left owing, {@link BackendConnection#dueReset()}), relays through it,
 * and {@link #release releases} it owing its own reset ({@link BackendConnection#resetDue}), or
 * {@link #returnBroken hands it back broken} when anything went wrong.
 *
 * <p>Borrowing waits at most the configured borrow timeout, then fails with
 * {@link BackendFailure#POOL_EXHAUSTED}; a connection that fails its check on borrow is closed and
 * replaced transparently. Thread-safe.
 */
public final class BackendPool implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BackendPool.class);

    private final BackendPoolConfig config;
    private final BackendConnectionFactory factory;
    private final OpenConnections openConnections;
    private final OpenConnections.Idle idle;
    private final GenericKeyedObjectPool<BackendPoolKey, BackendConnection> pool;
    private final Map<BackendConnection, BackendPoolKey> borrowed = new ConcurrentHashMap<>();

    public BackendPool(
            BackendConnectOptions baseOptions, Function<BackendLogin, Secret> passwords, BackendPoolConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.openConnections = new OpenConnections(config.maxTotal());
        this.idle = new OpenConnections.Idle() {
            @Override
            public int of(BackendPoolKey key) {
                return pool.getNumIdle(key);
            }

            @Override
            public int total() {
                return pool.getNumIdle();
            }

            @Override
            public void closeOldest() {
                pool.clearOldest();
            }
        };
        this.factory =
                new BackendConnectionFactory(baseOptions, passwords, config.pingWhenIdleOver(), openConnections, idle);
        this.pool = new GenericKeyedObjectPool<>(factory, poolConfig(config));
    }

    private static GenericKeyedObjectPoolConfig<BackendConnection> poolConfig(BackendPoolConfig config) {
        GenericKeyedObjectPoolConfig<BackendConnection> c = new GenericKeyedObjectPoolConfig<>();
        c.setMaxTotalPerKey(config.maxPerKey());
        c.setMaxTotal(-1); // OpenConnections keeps the total: see there why not commons-pool
        c.setMaxIdlePerKey(config.maxIdlePerKey());
        c.setMinIdlePerKey(0);
        c.setBlockWhenExhausted(true);
        c.setMaxWait(config.borrowTimeout());
        c.setTestOnBorrow(true);
        c.setTestOnReturn(false); // the next borrower's reset is the better test
        c.setTestWhileIdle(true);
        c.setMinEvictableIdleDuration(config.idleTimeout());
        c.setTimeBetweenEvictionRuns(config.evictionInterval());
        c.setNumTestsPerEvictionRun(Math.max(3, config.maxIdlePerKey()));
        c.setJmxEnabled(false);
        c.setLifo(true); // the most recently used connection is the one most likely still alive
        return c;
    }

    /** A connection for {@code key}, waiting at most the borrow timeout. */
    public BackendConnection borrow(BackendPoolKey key) throws BackendException {
        long deadline = System.nanoTime() + config.borrowTimeout().toNanos();
        try {
            while (true) {
                try {
                    long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
                    BackendConnection connection = pool.borrowObject(key, left);
                    borrowed.put(connection, key);
                    return connection;
                } catch (OpenConnections.AtTotal e) {
                    if (!openConnections.awaitRoom(key, idle, deadline)) {
                        throw BackendException.of(
                                BackendFailure.POOL_EXHAUSTED,
                                e,
                                key.login(),
                                config.borrowTimeout().toMillis());
                    }
                }
            }
        } catch (BackendException e) {
            throw e;
        } catch (NoSuchElementException e) {
            // commons-pool says "Timeout waiting for idle object" or, after a failed check of a new one, "Unable to
            // validate"
            throw BackendException.of(
                    BackendFailure.POOL_EXHAUSTED,
                    e,
                    key.login(),
                    config.borrowTimeout().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw BackendException.of(BackendFailure.CONNECT_FAILED, e, key.node());
        } catch (Exception e) {
            throw BackendException.of(BackendFailure.CONNECT_FAILED, e, key.node());
        }
    }

    /**
     * Gives back a connection (owing its reset, which the next borrower settles); a closed or broken
     * one is closed instead. Bytes left unread on it are found by the next borrow's validation.
     */
    public void release(BackendConnection connection) {
        BackendPoolKey key = take(connection);
        if (!connection.isSound()) {
            invalidate(key, connection);
            return;
        }
        pool.returnObject(key, connection);
    }

    /**
     * Gives back a connection that must not be reused: it is closed and its slot freed. Idle
     * connections returned before now are pinged on their next borrow, in case the backend is what broke.
     */
    public void returnBroken(BackendConnection connection) {
        factory.broke();
        discard(connection);
    }

    /**
     * Closes a sound connection that must not go back to the pool (a session may have left locks on
     * it): its slot is freed, and unlike {@link #returnBroken} the idle connections are not suspected.
     */
    public void discard(BackendConnection connection) {
        connection.markBroken();
        invalidate(take(connection), connection);
    }

    /**
     * A node was taken out: its borrowed connections are {@link BackendConnection#abort() aborted}, so
     * that their sessions' statements fail now rather than when (if ever) the node answers, and its
     * idle ones are closed.
     *
     * @return how many borrowed connections were aborted
     */
    public int abandon(BackendEndpoint node) {
        int aborted = 0;
        for (Map.Entry<BackendConnection, BackendPoolKey> entry : borrowed.entrySet()) {
            if (entry.getValue().node().equals(node)) {
                entry.getKey().abort();
                aborted++;
            }
        }
        for (BackendPoolKey key : pool.getKeys()) {
            if (key.node().equals(node)) {
                pool.clear(key);
            }
        }
        return aborted;
    }

    public BackendPoolConfig config() {
        return config;
    }

    /** Counters over all keys. */
    public BackendPoolStats stats() {
        // borrowed connections key by key: Commons Pool's own total also counts opens in progress,
        // and those an open refused at the total (OpenConnections) until they give up
        int active = pool.getKeys().stream().mapToInt(pool::getNumActive).sum();
        return new BackendPoolStats(active, pool.getNumIdle(), pool.getCreatedCount(), pool.getDestroyedCount());
    }

    /** Connections open or being opened now, over all keys; at most {@code backend.max-connections}. */
    public int openConnections() {
        return openConnections.count();
    }

    /** Counters of one key. */
    public BackendPoolStats stats(BackendPoolKey key) {
        return new BackendPoolStats(
                pool.getNumActive(key), pool.getNumIdle(key), factory.created(key), factory.destroyed(key));
    }

    /** Closes every connection, idle and borrowed (their borrowers' next read fails); borrowing fails from now on. */
    @Override
    public void close() {
        pool.close();
        borrowed.keySet().forEach(BackendConnection::close);
    }

    private BackendPoolKey take(BackendConnection connection) {
        BackendPoolKey key = borrowed.remove(connection);
        if (key == null) {
            throw new IllegalArgumentException("not borrowed from this pool, or already given back: " + connection);
        }
        return key;
    }

    private void invalidate(BackendPoolKey key, BackendConnection connection) {
        try {
            pool.invalidateObject(key, connection);
        } catch (OpenConnections.AtTotal e) {
            // commons-pool opens one for a borrower waiting on the key: that borrower opens its own instead
        } catch (Exception e) {
            // the factory's destroy does not throw; this is commons-pool's own bookkeeping failing
            LOG.warn("invalidating backend connection {} failed", connection, e);
            connection.close();
        }
    }

    @Override
    public String toString() {
        return "BackendPool[" + stats() + "]";
    }
}
