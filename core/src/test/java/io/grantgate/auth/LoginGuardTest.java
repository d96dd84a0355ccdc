package io.grantgate.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LoginGuardTest {

    private final MutableClock clock = new MutableClock();
    private final LoginGuard guard =
            new LoginGuard(new LoginGuard.Limits(3, Duration.ofMinutes(1), 5, Duration.ofMinutes(10)), clock);
    private final InetAddress client = InetAddress.getLoopbackAddress();

    @Test
    void anAccountIsLockedAfterConsecutiveFailuresForTheLockTime() {
        guard.failed("xuys", client);
        guard.failed("xuys", client);
        assertThat(guard.accountLocked("xuys", client)).isFalse();
        guard.failed("xuys", client);
        assertThat(guard.accountLocked("xuys", client)).isTrue();
        assertThat(guard.accountLocked("other", client)).isFalse();

        clock.advance(Duration.ofSeconds(61));
        assertThat(guard.accountLocked("xuys", client)).isFalse();
        guard.failed("xuys", client);
        assertThat(guard.accountLocked("xuys", client))
                .as("the count starts again after a lock-out")
                .isFalse();
    }

    @Test
    void byDefaultAGuesserElsewhereDoesNotLockTheOwnerOut() throws Exception {
        InetAddress guesser = InetAddress.getByName("127.0.0.9");
        for (int i = 0; i < 3; i++) {
            guard.failed("xuys", guesser);
        }

        assertThat(guard.accountLocked("xuys", guesser)).isTrue();
        assertThat(guard.accountLocked("xuys", client))
                .as("the owner's own address")
                .isFalse();
    }

    @Test
    void theAccountScopeLocksTheAccountFromEveryAddress() throws Exception {
        LoginGuard mysqlRule = new LoginGuard(
                new LoginGuard.Limits(
                        3, Duration.ofMinutes(1), 5, Duration.ofMinutes(10), LoginGuard.LockoutScope.ACCOUNT),
                clock);
        InetAddress guesser = InetAddress.getByName("127.0.0.9");
        for (int i = 0; i < 3; i++) {
            mysqlRule.failed("xuys", guesser);
        }

        assertThat(mysqlRule.accountLocked("xuys", client)).isTrue();
        mysqlRule.succeeded("xuys", guesser);
        assertThat(mysqlRule.accountLocked("xuys", client)).isFalse();
    }

    @Test
    void theScopeIsNamedAsInTheSetting() {
        assertThat(LoginGuard.LockoutScope.fromSetting("account-and-address"))
                .contains(LoginGuard.LockoutScope.ACCOUNT_AND_ADDRESS);
        assertThat(LoginGuard.LockoutScope.fromSetting("account")).contains(LoginGuard.LockoutScope.ACCOUNT);
        assertThat(LoginGuard.LockoutScope.fromSetting("host")).isEmpty();
    }

    @Test
    void aSuccessResetsTheCounts() {
        guard.failed("xuys", client);
        guard.failed("xuys", client);
        guard.succeeded("xuys", client);
        guard.failed("xuys", client);
        guard.failed("xuys", client);
        assertThat(guard.accountLocked("xuys", client)).isFalse();
    }

    @Test
    void anAddressIsBlockedAfterConsecutiveConnectErrors() {
        for (int i = 0; i < 4; i++) {
            guard.connectError(client);
        }
        assertThat(guard.addressBlocked(client)).isFalse();
        guard.failed("unknown-user", client);
        assertThat(guard.addressBlocked(client)).isTrue();
        clock.advance(Duration.ofMinutes(11));
        assertThat(guard.addressBlocked(client)).isFalse();
    }

    @Test
    void aFloodOfMadeUpUserNamesCannotGrowTheCountersWithoutBoundNorFreeALockedAccount() throws Exception {
        InetAddress guesser = InetAddress.getByName("10.9.8.7");
        InetAddress owner = InetAddress.getByName("10.0.0.1");
        for (int i = 0; i < 3; i++) {
            guard.failed("target", owner);
        }
        assertThat(guard.accountLocked("target", owner)).isTrue();

        for (int i = 0; i < LoginGuard.MAX_COUNTERS + 20_000; i++) {
            guard.failed("made-up-" + i, guesser);
        }

        assertThat(guard.counters())
                .as("accounts, plus the two addresses")
                .isLessThanOrEqualTo(LoginGuard.MAX_COUNTERS + 2);
        assertThat(guard.accountLocked("target", owner))
                .as("a locking counter is evicted last")
                .isTrue();
    }

    @Test
    void aStaleCounterIsForgottenWhenRoomIsNeeded() throws Exception {
        InetAddress address = InetAddress.getByName("10.0.0.2");
        guard.failed("stale", address);
        clock.advance(LoginGuard.FORGET_AFTER.plusMinutes(1));
        for (int i = 0; i < LoginGuard.MAX_COUNTERS; i++) {
            guard.failed("fresh-" + i, address);
        }
        guard.failed("stale", address);
        guard.failed("stale", address);

        assertThat(guard.accountLocked("stale", address))
                .as("its first failure was forgotten: two more are not three in a row")
                .isFalse();
    }

    @Test
    void zeroLimitsTurnTheGuardsOff() {
        LoginGuard off = new LoginGuard(new LoginGuard.Limits(0, Duration.ZERO, 0, Duration.ZERO), clock);
        for (int i = 0; i < 100; i++) {
            off.failed("xuys", client);
        }
        assertThat(off.accountLocked("xuys", client)).isFalse();
        assertThat(off.addressBlocked(client)).isFalse();
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-11-25T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
