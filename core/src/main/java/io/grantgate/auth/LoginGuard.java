package io.grantgate.auth;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing, in two of MySQL's ways:
 * <ul>
 *   <li>per account, like FAILED_LOGIN_ATTEMPTS / PASSWORD_LOCK_TIME: after {@code maxFailures}
 *       consecutive failed logins the account is refused for {@code lockTime}, even with the right
 *       password; a success resets the count;</li>
 *   <li>per client address, like max_connect_errors: after {@code maxConnectErrors} consecutive
 *       failed handshakes (bad password, unknown user, garbage) the address is blocked until the
 *       gateway restarts or {@code blockTime} passes; a success resets the count.</li>
 * </ul>
 * Counters live in memory, per gateway instance. Either limit at 0 is off.
 */
public final class LoginGuard {

    /** @param maxFailures 0 disables the account lock-out */
    public record Limits(int maxFailures, Duration lockTime, int maxConnectErrors, Duration blockTime) {
        public Limits {
            if (maxFailures < 0 || maxConnectErrors < 0) {
                throw new IllegalArgumentException("limits must be >= 0");
            }
        }
    }

    private record Failures(int count, Instant lockedUntil) {}

    private final Limits limits;
    private final Clock clock;
    private final Map<String, Failures> accounts = new ConcurrentHashMap<>();
    private final Map<InetAddress, Failures> addresses = new ConcurrentHashMap<>();

    public LoginGuard(Limits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    /** Whether the address may even start a handshake. */
    public boolean addressBlocked(InetAddress address) {
        return limits.maxConnectErrors() > 0 && locked(addresses.get(address));
    }

    /** Whether the account is in a lock-out period (checked before the password, answered like a bad one). */
    public boolean accountLocked(String user) {
        return limits.maxFailures() > 0 && locked(accounts.get(user));
    }

    public void failed(String user, InetAddress address) {
        if (limits.maxFailures() > 0 && user != null) {
            accounts.compute(user, (k, f) -> next(f, limits.maxFailures(), limits.lockTime()));
        }
        connectError(address);
    }

    /** A failed handshake that named no account (garbage, timeout, bad packet). */
    public void connectError(InetAddress address) {
        if (limits.maxConnectErrors() > 0) {
            addresses.compute(address, (k, f) -> next(f, limits.maxConnectErrors(), limits.blockTime()));
        }
    }

    public void succeeded(String user, InetAddress address) {
        accounts.remove(user);
        addresses.remove(address);
    }

    private Failures next(Failures previous, int max, Duration lockTime) {
        Instant now = clock.instant();
        int count = previous == null || (previous.lockedUntil() != null && !now.isBefore(previous.lockedUntil()))
                ? 1
                : previous.count() + 1;
        return new Failures(count, count >= max ? now.plus(lockTime) : null);
    }

    private boolean locked(Failures failures) {
        return failures != null
                && failures.lockedUntil() != null
                && clock.instant().isBefore(failures.lockedUntil());
    }
}
