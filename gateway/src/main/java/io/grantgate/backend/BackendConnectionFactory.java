package io.grantgate.backend;

import io.grantgate.account.BackendLogin;
import io.grantgate.auth.Secret;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.apache.commons.pool2.BaseKeyedPooledObjectFactory;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.impl.DefaultPooledObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens (to the key's node), checks and closes the connections of a {@link BackendPool}. The password of each backend
 * account comes from {@code passwords} at every open, so a bumped secret version takes effect for new
 * connections without rebuilding the pool. Counts creations and destructions per key.
 */
final class BackendConnectionFactory extends BaseKeyedPooledObjectFactory<BackendPoolKey, BackendConnection> {

    private static final Logger LOG = LoggerFactory.getLogger(BackendConnectionFactory.class);

    private final BackendConnectOptions baseOptions;
    private final Function<BackendLogin, Secret> passwords;
    private final Duration pingWhenIdleOver;
    private final OpenConnections openConnections;
    private final OpenConnections.Idle idle;
    private final Map<BackendPoolKey, LongAdder> created = new ConcurrentHashMap<>();
    private final Map<BackendPoolKey, LongAdder> destroyed = new ConcurrentHashMap<>();
    /** When a connection was last discarded as broken; idle ones returned before it are suspect. */
    private volatile Instant lastBreak = Instant.MIN;

    /**
     * @param openConnections the limit on open connections over all keys, which every open takes a permit of
     * @param idle            the pool's idle connections, looked at while an open waits for a permit
     */
    BackendConnectionFactory(
            BackendConnectOptions baseOptions,
            Function<BackendLogin, Secret> passwords,
            Duration pingWhenIdleOver,
            OpenConnections openConnections,
            OpenConnections.Idle idle) {
        this.baseOptions = Objects.requireNonNull(baseOptions, "baseOptions");
        this.passwords = Objects.requireNonNull(passwords, "passwords");
        this.pingWhenIdleOver = Objects.requireNonNull(pingWhenIdleOver, "pingWhenIdleOver");
        this.openConnections = Objects.requireNonNull(openConnections, "openConnections");
        this.idle = Objects.requireNonNull(idle, "idle");
    }

    @Override
    public BackendConnection create(BackendPoolKey key) throws BackendException, OpenConnections.AtTotal {
        openConnections.open(key, idle);
        boolean opened = false;
        try {
            BackendCredentials credentials = new BackendCredentials(key.login().user(), passwords.apply(key.login()));
            BackendConnectOptions options = baseOptions
                    .withRequested(baseOptions.requested().union(key.wireFormat()))
                    .withCharacterSet(key.characterSet());
            BackendConnection connection = BackendConnection.open(key.node(), credentials, options);
            created.computeIfAbsent(key, k -> new LongAdder()).increment();
            opened = true;
            return connection;
        } finally {
            if (!opened) {
                openConnections.closed();
            }
        }
    }

    @Override
    public PooledObject<BackendConnection> wrap(BackendConnection connection) {
        return new DefaultPooledObject<>(connection);
    }

    /**
     * Local checks always (socket open, nothing unsolicited waiting); a COM_PING as well once the
     * connection has been idle longer than the threshold, or when it was returned before some other
     * connection broke: only a round trip finds a backend that restarted or went away silently, and
     * a closed TCP connection looks like an idle one to every local check.
     */
    @Override
    public boolean validateObject(BackendPoolKey key, PooledObject<BackendConnection> pooled) {
        BackendConnection connection = pooled.getObject();
        if (!connection.isUsable()) {
            return false;
        }
        if (pooled.getIdleDuration().compareTo(pingWhenIdleOver) < 0
                && pooled.getLastReturnInstant().isAfter(lastBreak)) {
            return true;
        }
        try {
            connection.ping();
            return true;
        } catch (BackendException e) {
            LOG.debug("backend connection {} failed its ping: {}", connection, e.getMessage());
            return false;
        }
    }

    @Override
    public void destroyObject(BackendPoolKey key, PooledObject<BackendConnection> pooled) {
        pooled.getObject().close();
        openConnections.closed();
        destroyed.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    /** A borrower discarded a broken connection: the backend may have gone, so idle ones get pinged. */
    void broke() {
        lastBreak = Instant.now();
    }

    long created(BackendPoolKey key) {
        LongAdder count = created.get(key);
        return count == null ? 0 : count.sum();
    }

    long destroyed(BackendPoolKey key) {
        LongAdder count = destroyed.get(key);
        return count == null ? 0 : count.sum();
    }
}
