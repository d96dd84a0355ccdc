package io.grantgate.edge;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts sessions: all of them against the gateway's max_connections (error 1040 beyond it), and
 * per account against the account's own limit (error 1226). Each successful acquire must be paired
 * with one release, in the session's close path.
 */
public final class ConnectionLimits {

    private final int maxConnections;
    private final AtomicInteger total = new AtomicInteger();
    private final Map<String, AtomicInteger> perAccount = new ConcurrentHashMap<>();

    public ConnectionLimits(int maxConnections) {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("max connections must be >= 1, was " + maxConnections);
        }
        this.maxConnections = maxConnections;
    }

    /** A new client connection; false when the gateway is full. */
    public boolean acquireConnection() {
        if (total.incrementAndGet() > maxConnections) {
            total.decrementAndGet();
            return false;
        }
        return true;
    }

    public void releaseConnection() {
        total.decrementAndGet();
    }

    /** An authenticated session of {@code user}; false when it already has {@code limit} sessions (0 = no limit). */
    public boolean acquireAccount(String user, int limit) {
        AtomicInteger count = perAccount.computeIfAbsent(user, k -> new AtomicInteger());
        if (count.incrementAndGet() > limit && limit > 0) {
            count.decrementAndGet();
            return false;
        }
        return true;
    }

    public void releaseAccount(String user) {
        perAccount.computeIfPresent(user, (k, count) -> count.decrementAndGet() <= 0 ? null : count);
    }

    public int connections() {
        return total.get();
    }

    public int sessionsOf(String user) {
        AtomicInteger count = perAccount.get(user);
        return count == null ? 0 : count.get();
    }
}
