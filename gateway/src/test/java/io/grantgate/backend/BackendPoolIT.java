package io.grantgate.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grantgate.account.BackendLogin;
import io.grantgate.auth.Secret;
import io.grantgate.protocol.constant.Capabilities;
import io.grantgate.protocol.constant.CapabilityFlag;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** BackendPool against the real test server. */
class BackendPoolIT {

    private BackendUserFixture fixture;
    private BackendPool pool;
    private BackendPoolKey key;

    @BeforeEach
    void createUserAndPool() throws SQLException {
        fixture = new BackendUserFixture();
        BackendPoolConfig config = new BackendPoolConfig(
                2,
                10,
                2,
                Duration.ofMinutes(5),
                Duration.ofMinutes(5),
                Duration.ofMillis(300),
                Duration.ZERO,
                Duration.ZERO);
        BackendLogin login = BackendLogin.anyHost(fixture.user);
        pool = new BackendPool(
                BackendConnectOptions.defaults(),
                l -> l.equals(login) ? fixture.password : new Secret("unknown"),
                config);
        key = BackendPoolKey.of(fixture.endpoint(), login, Capabilities.NONE, BackendConnectOptions.UTF8MB4_GENERAL_CI);
    }

    @AfterEach
    void closePoolAndDropUser() throws SQLException {
        pool.close();
        if (other != null) {
            other.close();
        }
        fixture.close();
    }

    /** A second pool, of other sizes, for the same account: closed after the test. */
    private BackendPool other;

    private BackendPool pool(int maxPerKey, int maxTotal, Duration borrowTimeout) {
        BackendLogin login = key.login();
        other = new BackendPool(
                BackendConnectOptions.defaults(),
                l -> l.equals(login) ? fixture.password : new Secret("unknown"),
                new BackendPoolConfig(
                        maxPerKey,
                        maxTotal,
                        maxPerKey,
                        Duration.ofMinutes(5),
                        Duration.ofMinutes(5),
                        borrowTimeout,
                        Duration.ofMinutes(1),
                        Duration.ofMinutes(1)));
        return other;
    }

    /** The same account in another wire format: another key of the pool. */
    private BackendPoolKey otherKey() {
        return BackendPoolKey.of(
                fixture.endpoint(),
                key.login(),
                Capabilities.of(CapabilityFlag.CLIENT_DEPRECATE_EOF),
                key.characterSet());
    }

    @Test
    void aConnectionGivenBackAtTheTotalIsTheOneTheNextBorrowerGets() throws Exception {
        // a pool of one at its total; one session gives the connection back at the moment the next one
        // borrows (multiplexed sessions do it at every statement): never a second connection
        BackendPool one = pool(1, 1, Duration.ofSeconds(5));
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(2);
        java.util.concurrent.atomic.AtomicReference<BackendConnection> held =
                new java.util.concurrent.atomic.AtomicReference<>(one.borrow(key));
        java.util.concurrent.ExecutorService giver = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            int rounds = 0;
            while (System.nanoTime() < until && rounds < 3000) {
                var given = giver.submit(() -> {
                    together.await();
                    one.release(held.get());
                    return null;
                });
                together.await();
                held.set(one.borrow(key));
                given.get();
                rounds++;
            }
            one.release(held.get());
            assertThat(rounds).isGreaterThan(100);
            assertThat(one.stats(key)).as("after %d rounds", rounds).isEqualTo(new BackendPoolStats(0, 1, 1, 0));
            assertThat(one.openConnections()).isEqualTo(1);
        } finally {
            giver.shutdownNow();
        }
    }

    @Test
    void aKeyAtTheTotalClosesAnotherKeysIdleConnectionsToOpenOne() throws Exception {
        BackendPool two = pool(2, 2, Duration.ofMillis(500));
        BackendConnection a = two.borrow(key);
        BackendConnection b = two.borrow(key);
        two.release(a);
        two.release(b);

        BackendConnection elsewhere = two.borrow(otherKey());
        assertThat(elsewhere.capabilities().contains(CapabilityFlag.CLIENT_DEPRECATE_EOF))
                .isTrue();
        BackendPoolStats mine = two.stats(key);
        assertThat(mine.active() + mine.idle() + 1).as("open connections").isLessThanOrEqualTo(2);
        assertThat(mine.destroyed()).isPositive();
        assertThat(two.openConnections()).isEqualTo(2);
        two.release(elsewhere);
    }

    @Test
    void theTotalHoldsOverKeysAndABorrowAtItWaitsForOneToComeBack() throws Exception {
        BackendPool two = pool(2, 2, Duration.ofMillis(400));
        BackendConnection a = two.borrow(key);
        BackendConnection b = two.borrow(otherKey());
        long began = System.nanoTime();
        // the key is under its own limit (2), the pool at its total (2), nothing idle
        assertThatThrownBy(() -> two.borrow(key)).isInstanceOfSatisfying(BackendException.class, e -> {
            assertThat(e.errorCode()).isEqualTo(1040);
            assertThat(e.sqlState()).isEqualTo("08004");
        });
        assertThat(Duration.ofNanos(System.nanoTime() - began))
                .isBetween(Duration.ofMillis(350), Duration.ofSeconds(3));

        // a borrower waiting at the total gets the connection of its key given back, not a new one
        var waiting = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return two.borrow(key);
            } catch (BackendException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(100);
        two.release(a);
        assertThat(waiting.get(5, java.util.concurrent.TimeUnit.SECONDS)).isSameAs(a);

        // and one of another key given back idle is closed to make room
        waiting = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return two.borrow(key);
            } catch (BackendException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(100);
        two.release(b);
        BackendConnection opened = waiting.get(5, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(opened).isNotSameAs(b);
        assertThat(b.isUsable()).isFalse();
        assertThat(two.stats(otherKey()).destroyed()).isEqualTo(1);
        two.release(a);
        two.release(opened);
    }

    /**
     * A connection given back with a response still unread (sound, so the give-back keeps it) is not
     * handed out again: the next borrow's check finds the bytes and closes it.
     */
    @Test
    void aConnectionGivenBackWithBytesUnreadIsClosedByTheNextBorrow() throws Exception {
        BackendConnection dirty = pool.borrow(key);
        dirty.writer().write(0, new byte[] {0x0e}); // COM_PING, its OK left unread
        dirty.writer().flush();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (dirty.input().available() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(dirty.isSound()).isTrue();
        assertThat(dirty.isUsable()).isFalse();
        pool.release(dirty);

        BackendConnection next = pool.borrow(key);
        assertThat(next).isNotSameAs(dirty);
        assertThat(pool.stats(key).destroyed()).isEqualTo(1);
        next.ping();
        pool.release(next);
    }

    @Test
    void abandoningANodeEndsItsBorrowedConnectionsAndClosesItsIdleOnesOnly() throws Exception {
        // the same server under another name is another node to the pool
        BackendEndpoint other =
                BackendEndpoint.plain("localhost", fixture.endpoint().port());
        BackendPoolKey otherKey = new BackendPoolKey(other, key.login(), key.wireFormat(), key.characterSet());
        BackendConnection busy = pool.borrow(key);
        BackendConnection idle = pool.borrow(key);
        idle.resetConnection();
        pool.release(idle);
        BackendConnection elsewhere = pool.borrow(otherKey);
        busy.readTimeout(Duration.ZERO);
        java.util.concurrent.CompletableFuture<Integer> read =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        return busy.input().read();
                    } catch (java.io.IOException e) {
                        return -2;
                    }
                });

        assertThat(pool.abandon(fixture.endpoint())).isEqualTo(1);

        // a session blocked reading its backend sees the end of the stream at once, as if the server had gone
        assertThat(read.get(2, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(-1);
        assertThat(busy.isUsable()).isFalse();
        assertThat(pool.stats(key).idle()).isZero();
        assertThat(elsewhere.isUsable()).isTrue();
        elsewhere.ping();
        pool.returnBroken(busy);
        pool.release(elsewhere);
    }

    @Test
    void borrowReleaseReusesTheConnectionAndCounts() throws Exception {
        BackendConnection first = pool.borrow(key);
        assertThat(pool.stats(key)).isEqualTo(new BackendPoolStats(1, 0, 1, 0));
        first.resetConnection();
        pool.release(first);
        assertThat(pool.stats(key)).isEqualTo(new BackendPoolStats(0, 1, 1, 0));

        assertThat(pool.openConnections()).as("idle is open").isEqualTo(1);

        BackendConnection again = pool.borrow(key);
        assertThat(again).isSameAs(first);
        pool.returnBroken(again);
        assertThat(pool.stats(key)).isEqualTo(new BackendPoolStats(0, 0, 1, 1));
        assertThat(pool.stats()).isEqualTo(new BackendPoolStats(0, 0, 1, 1));
        assertThat(pool.openConnections()).isZero();
    }

    @Test
    void keysWithDifferentWireFormatsGetDifferentConnections() throws Exception {
        BackendPoolKey deprecateEof = BackendPoolKey.of(
                fixture.endpoint(),
                key.login(),
                Capabilities.of(CapabilityFlag.CLIENT_DEPRECATE_EOF, CapabilityFlag.CLIENT_CONNECT_ATTRS),
                key.characterSet());
        assertThat(deprecateEof.wireFormat()).isEqualTo(Capabilities.of(CapabilityFlag.CLIENT_DEPRECATE_EOF));
        BackendConnection plain = pool.borrow(key);
        BackendConnection modern = pool.borrow(deprecateEof);
        assertThat(plain.capabilities().contains(CapabilityFlag.CLIENT_DEPRECATE_EOF))
                .isFalse();
        assertThat(modern.capabilities().contains(CapabilityFlag.CLIENT_DEPRECATE_EOF))
                .isTrue();
        pool.release(plain);
        pool.release(modern);
        assertThat(pool.stats(key).idle()).isEqualTo(1);
        assertThat(pool.stats(deprecateEof).idle()).isEqualTo(1);
        assertThat(pool.borrow(deprecateEof)).isSameAs(modern);
    }

    @Test
    void borrowTimesOutWhenTheKeyIsExhausted() throws Exception {
        pool.borrow(key);
        pool.borrow(key);
        long began = System.nanoTime();
        assertThatThrownBy(() -> pool.borrow(key)).isInstanceOfSatisfying(BackendException.class, e -> {
            assertThat(e.errorCode()).isEqualTo(1040);
            assertThat(e.sqlState()).isEqualTo("08004");
            assertThat(e.serverError()).isEmpty();
        });
        assertThat(Duration.ofNanos(System.nanoTime() - began))
                .isBetween(Duration.ofMillis(250), Duration.ofSeconds(3));
    }

    @Test
    void aKilledIdleConnectionIsReplacedOnBorrow() throws Exception {
        BackendConnection first = pool.borrow(key);
        long killedId = first.connectionId();
        pool.release(first);
        fixture.admin("KILL " + killedId);

        BackendConnection replacement = pool.borrow(key);
        assertThat(replacement.connectionId()).isNotEqualTo(killedId);
        replacement.ping();
        assertThat(pool.stats(key)).isEqualTo(new BackendPoolStats(1, 0, 2, 1));
    }

    @Test
    void aWrongPasswordSurfacesTheServersError() {
        BackendPoolKey stranger =
                BackendPoolKey.of(fixture.endpoint(), BackendLogin.anyHost("gg_bt_nobody"), Capabilities.NONE, 45);
        assertThatThrownBy(() -> pool.borrow(stranger)).isInstanceOfSatisfying(BackendException.class, e -> {
            // MariaDB answers an unknown user with 1698, MySQL with 1045: either way the server's own
            assertThat(e.serverError()).isPresent();
            assertThat(e.sqlState()).isEqualTo("28000");
        });
        assertThat(pool.stats(stranger).active()).isZero();
    }
}
