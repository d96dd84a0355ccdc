package io.grantgate.backend;

import java.time.Duration;
import java.util.Objects;

/**
 * Sizes and timings of a {@link BackendPool}.
 *
 * @param maxPerKey        open connections (borrowed and idle) per key
 * @param maxTotal         open connections over all keys
 * @param maxIdlePerKey    idle connections kept per key; more are closed on return
 * @param idleTimeout      an idle connection older than this is closed by the evictor
 * @param evictionInterval how often the evictor runs (it also pings idle connections)
 * @param borrowTimeout    how long a session waits for a connection before it gets an error
 * @param pingWhenIdleOver on borrow, a connection idle longer than this is pinged, not just checked locally
 * @param reloginAfter     a returned connection that logged in longer ago than this is reset by logging in
 *                         again (COM_CHANGE_USER), which re-reads the account's privileges; a younger one
 *                         may get the cheaper COM_RESET_CONNECTION. Zero logs in again every time.
 */
public record BackendPoolConfig(
        int maxPerKey,
        int maxTotal,
        int maxIdlePerKey,
        Duration idleTimeout,
        Duration evictionInterval,
        Duration borrowTimeout,
        Duration pingWhenIdleOver,
        Duration reloginAfter) {

    public BackendPoolConfig {
        if (maxPerKey < 1 || maxTotal < 1 || maxIdlePerKey < 0) {
            throw new IllegalArgumentException("pool sizes must be positive (max idle may be 0)");
        }
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(evictionInterval, "evictionInterval");
        Objects.requireNonNull(borrowTimeout, "borrowTimeout");
        Objects.requireNonNull(pingWhenIdleOver, "pingWhenIdleOver");
        Objects.requireNonNull(reloginAfter, "reloginAfter");
        if (borrowTimeout.isNegative() || borrowTimeout.isZero()) {
            throw new IllegalArgumentException("borrowTimeout must be positive: a session must not wait for ever");
        }
    }

    /**
     * Pings a connection idle for more than this on borrow: HikariCP's alive-bypass window. Busy
     * connections (a pool under load) skip the round trip; one that sat idle through a backend restart does not.
     */
    public static final Duration PING_WHEN_IDLE_OVER = Duration.ofMillis(500);

    /**
     * Global privileges (and the account's existence) are read from the grant tables at login only; a
     * session keeps them for its life, on MySQL as through the gateway. A pooled connection that is
     * only reset keeps them too, so it logs in again once this old: a session never starts with
     * privileges read more than a second before, the same delay as the gateway's catalog poll.
     */
    public static final Duration RELOGIN_AFTER = Duration.ofSeconds(1);

    /** 20 per key, 200 in all, 8 idle per key kept 10 min, evictor every 30 s, 5 s borrow wait, ping after 500 ms idle, re-login after 1 s. */
    public static BackendPoolConfig defaults() {
        return new BackendPoolConfig(
                20,
                200,
                8,
                Duration.ofMinutes(10),
                Duration.ofSeconds(30),
                Duration.ofSeconds(5),
                PING_WHEN_IDLE_OVER,
                RELOGIN_AFTER);
    }
}
