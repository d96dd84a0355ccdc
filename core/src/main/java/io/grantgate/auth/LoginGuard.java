package io.grantgate.auth;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing, in two of MySQL's ways:
 * <ul>
 *   <li>per account, like FAILED_LOGIN_ATTEMPTS / PASSWORD_LOCK_TIME: after {@code maxFailures}
 *       consecutive failed logins the account is refused for {@code lockTime}, even with the right
 *       password; a success resets the count. With {@link LockoutScope#ACCOUNT_AND_ADDRESS} (the
 *       default) failures and the lock-out count per account and client address, so that whoever
 *       knows a user name cannot lock its owner out from everywhere: the owner, logging in from
 *       their own address, is not affected. The price: a guesser with many addresses gets
 *       {@code maxFailures} tries per address and lock time (each address also counts against
 *       {@code maxConnectErrors}). {@link LockoutScope#ACCOUNT} is MySQL's rule;</li>
 *   <li>per client address, like max_connect_errors: after {@code maxConnectErrors} consecutive
 *       failed handshakes (bad password, unknown user, garbage) the address is blocked until the
 *       gateway restarts or {@code blockTime} passes; a success resets the count.</li>
 * </ul>
 * Counters live in memory, per gateway instance. Either limit at 0 is off.
 *
 * <p>Memory is bounded whatever the clients send (user names are the client's to choose): a counter
 * that is not locking anything and has seen no failure for {@link #FORGET_AFTER} is forgotten, and
 * each map holds at most {@link #MAX_COUNTERS}; past that the counters idle longest go first, never
 * one that is locking now unless every counter is. (MySQL keeps FAILED_LOGIN_ATTEMPTS counts until a
 * success; forgetting a guesser's stale count after an hour is the price of a bounded memory.)
 */
public final class LoginGuard {

    /** What a lock-out locks: the account everywhere, or the account from the address that failed. */
    public enum LockoutScope {
        ACCOUNT("account"),
        ACCOUNT_AND_ADDRESS("account-and-address");

        private final String setting;

        LockoutScope(String setting) {
            this.setting = setting;
        }

        /** The name in {@code auth.lockout-scope}. */
        public String setting() {
            return setting;
        }

        public static Optional<LockoutScope> fromSetting(String value) {
            return Arrays.stream(values()).filter(s -> s.setting.equals(value)).findFirst();
        }
    }

    /** @param maxFailures 0 disables the account lock-out */
    public record Limits(
            int maxFailures, Duration lockTime, int maxConnectErrors, Duration blockTime, LockoutScope lockoutScope) {
        public Limits {
            if (maxFailures < 0 || maxConnectErrors < 0) {
                throw new IllegalArgumentException("limits must be >= 0");
            }
            Objects.requireNonNull(lockoutScope, "lockoutScope");
        }

        /** With the default scope, {@link LockoutScope#ACCOUNT_AND_ADDRESS}. */
        public Limits(int maxFailures, Duration lockTime, int maxConnectErrors, Duration blockTime) {
            this(maxFailures, lockTime, maxConnectErrors, blockTime, LockoutScope.ACCOUNT_AND_ADDRESS);
        }
    }

    /** Whose failures count together: an account, or an account from one address. */
    private record Who(String user, InetAddress address) {}

    private record Failures(int count, Instant lockedUntil, Instant last) {}

    /** A counter with no failure for this long, and not locking, is forgotten. */
    static final Duration FORGET_AFTER = Duration.ofHours(1);
    /** The most counters each map holds. */
    static final int MAX_COUNTERS = 100_000;

    private final Limits limits;
    private final Clock clock;
    private final Map<Who, Failures> accounts = new ConcurrentHashMap<>();
    private final Map<InetAddress, Failures> addresses = new ConcurrentHashMap<>();

    public LoginGuard(Limits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    /** Whether the address may even start a handshake. */
    public boolean addressBlocked(InetAddress address) {
        return limits.maxConnectErrors() > 0 && locked(addresses.get(address));
    }

    /**
     * Whether the account is in a lock-out period for a login from {@code address} (checked before
     * the password, answered like a bad one).
     */
    public boolean accountLocked(String user, InetAddress address) {
        return limits.maxFailures() > 0 && locked(accounts.get(who(user, address)));
    }

    public void failed(String user, InetAddress address) {
        if (limits.maxFailures() > 0 && user != null) {
            accounts.compute(who(user, address), (k, f) -> next(f, limits.maxFailures(), limits.lockTime()));
            bound(accounts);
        }
        connectError(address);
    }

    /** A failed handshake that named no account (garbage, timeout, bad packet). */
    public void connectError(InetAddress address) {
        if (limits.maxConnectErrors() > 0) {
            addresses.compute(address, (k, f) -> next(f, limits.maxConnectErrors(), limits.blockTime()));
            bound(addresses);
        }
    }

    public void succeeded(String user, InetAddress address) {
        accounts.remove(who(user, address));
        addresses.remove(address);
    }

    private Who who(String user, InetAddress address) {
        return new Who(user, limits.lockoutScope() == LockoutScope.ACCOUNT ? null : address);
    }

    private Failures next(Failures previous, int max, Duration lockTime) {
        Instant now = clock.instant();
        int count = previous == null || (previous.lockedUntil() != null && !now.isBefore(previous.lockedUntil()))
                ? 1
                : previous.count() + 1;
        return new Failures(count, count >= max ? now.plus(lockTime) : null, now);
    }

    /** Package-private for the tests: counters held now. */
    int counters() {
        return accounts.size() + addresses.size();
    }

    /**
     * Keeps {@code counters} within {@link #MAX_COUNTERS}: first the stale ones go, then, if a flood
     * of fresh ones remains, those idle longest, locking ones last. Runs only when the map is full,
     * so a login pays for it once per {@code MAX_COUNTERS / 10} new counters at most.
     */
    private <K> void bound(Map<K, Failures> counters) {
        if (counters.size() <= MAX_COUNTERS) {
            return;
        }
        synchronized (counters) {
            if (counters.size() <= MAX_COUNTERS) {
                return;
            }
            Instant staleBefore = clock.instant().minus(FORGET_AFTER);
            counters.values().removeIf(f -> !locked(f) && f.last().isBefore(staleBefore));
            int excess = counters.size() - MAX_COUNTERS * 9 / 10;
            if (excess > 0) {
                counters.entrySet().stream()
                        .sorted(java.util.Comparator.<Map.Entry<K, Failures>, Boolean>comparing(
                                        e -> locked(e.getValue()))
                                .thenComparing(e -> e.getValue().last()))
                        .limit(excess)
                        .map(Map.Entry::getKey)
                        .toList()
                        .forEach(counters::remove);
            }
        }
    }

    private boolean locked(Failures failures) {
        return failures != null
                && failures.lockedUntil() != null
                && clock.instant().isBefore(failures.lockedUntil());
    }
}
