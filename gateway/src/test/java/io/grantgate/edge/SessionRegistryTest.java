package io.grantgate.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantgate.auth.AuthPlugin;
import io.grantgate.auth.NativePasswordVerifier;
import io.grantgate.catalog.Account;
import io.grantgate.catalog.AccountStatus;
import io.grantgate.catalog.CatalogSnapshot;
import io.grantgate.catalog.Grant;
import io.grantgate.catalog.GrantScope;
import io.grantgate.catalog.HostPattern;
import io.grantgate.catalog.Privilege;
import io.grantgate.catalog.UserName;
import io.grantgate.command.KillTarget;
import io.grantgate.edge.LoginOutcome.Accepted;
import io.grantgate.protocol.constant.Capabilities;
import io.grantgate.protocol.constant.MySqlError;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Revocation fan-out and KILL rules of the registry. The backend killer waits for {@link #backendAnswers}, so a test
 * can hold every KILL as a slow or unreachable backend would.
 */
class SessionRegistryTest {

    private static final HostPattern ANY = HostPattern.parse("%");
    private final Set<Long> killed = ConcurrentHashMap.newKeySet();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();
    private final CountDownLatch backendAnswers = new CountDownLatch(1);
    private final SessionRegistry registry = new SessionRegistry((account, node, backendId, queryOnly) -> {
        mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
        try {
            backendAnswers.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        killed.add(backendId);
        running.decrementAndGet();
    });
    private final Set<Long> closed = ConcurrentHashMap.newKeySet();

    @AfterEach
    void close() {
        backendAnswers.countDown();
        registry.close();
    }

    @Test
    void aMassRevocationDoesNotHoldUpTheNextCatalogChange() throws InterruptedException {
        Account revoked = account(1, "many", Set.of(select()));
        Account other = account(2, "other", Set.of(select(), insert()));
        List<SessionHandle> sessions = new ArrayList<>();
        for (int i = 1; i <= 1000; i++) {
            sessions.add(loggedIn(i, revoked));
        }
        SessionHandle otherSession = loggedIn(5000, other);

        long start = System.nanoTime();
        Thread watcher = Thread.ofPlatform().name("catalog-watcher").start(() -> {
            registry.accept(CatalogSnapshot.of(2, List.of(other))); // drops 'many'
            registry.accept(
                    CatalogSnapshot.of(3, List.of(account(2, "other", Set.of(select()))))); // 'other' loses INSERT
        });
        watcher.join(Duration.ofSeconds(2));
        long took = System.nanoTime() - start;

        assertThat(watcher.isAlive())
                .as("both catalog changes applied within 2 s")
                .isFalse();
        assertThat(Duration.ofNanos(took)).isLessThan(Duration.ofSeconds(2));
        assertThat(closed)
                .as("every session of the two changes is closed at once, before its KILL ran")
                .hasSize(1001);
        assertThat(sessions).allMatch(s -> s.endedBy().equals(Optional.of("revoked")));
        assertThat(otherSession.endedBy()).contains("revoked");
        assertThat(killed).as("no KILL has reached the backend yet").isEmpty();

        backendAnswers.countDown();

        waitUntil(() -> killed.size() == 1001, Duration.ofSeconds(20));
        assertThat(killed).as("each backend connection killed once").hasSize(1001);
        assertThat(mostAtOnce.get())
                .as("the KILLs run on a bounded pool")
                .isLessThanOrEqualTo(SessionRegistry.KILL_THREADS);
    }

    @Test
    void aSessionMayKillOnlySessionsOfItsOwnAccount() {
        backendAnswers.countDown();
        Account alice = account(1, "alice", Set.of(select()));
        Account bob = account(2, "bob", Set.of(select()));
        SessionHandle mine = loggedIn(1, alice);
        SessionHandle myOther = loggedIn(2, alice);
        SessionHandle bobs = loggedIn(3, bob);

        assertThat(registry.kill(mine, id(3), false))
                .isInstanceOfSatisfying(
                        SessionRegistry.KillResult.Unknown.class,
                        unknown ->
                                assertThat(unknown.error().errorCode()).isEqualTo(MySqlError.ER_NO_SUCH_THREAD.code()));
        assertThat(registry.kill(mine, id(backendIdOf(3)), false))
                .as("nor by the backend id another account's session holds")
                .isInstanceOf(SessionRegistry.KillResult.Unknown.class);
        assertThat(registry.kill(mine, id(99), true))
                .isEqualTo(new SessionRegistry.KillResult.Unknown(99, MySqlError.ER_NO_SUCH_THREAD.err(99L)));
        assertThat(bobs.endedBy()).isEmpty();

        assertThat(registry.kill(mine, id(2), true))
                .as("KILL QUERY of its own other session")
                .isEqualTo(new SessionRegistry.KillResult.Done(2));
        assertThat(killed)
                .as("KILL QUERY has reached the backend when the OK goes out")
                .containsExactly(backendIdOf(2));
        assertThat(myOther.endedBy()).as("KILL QUERY leaves the session open").isEmpty();

        assertThat(registry.kill(mine, id(2), false)).isEqualTo(new SessionRegistry.KillResult.Done(2));
        assertThat(myOther.endedBy()).contains("killed");
        assertThat(closed).containsExactly(2L);
    }

    @Test
    void theBackendIdASessionHoldsNamesItToo() {
        backendAnswers.countDown();
        Account alice = account(1, "alice", Set.of(select()));
        SessionHandle mine = loggedIn(1, alice);
        SessionHandle myOther = loggedIn(2, alice);

        assertThat(registry.kill(mine, id(backendIdOf(2)), true)).isEqualTo(new SessionRegistry.KillResult.Done(2));
        assertThat(killed).containsExactly(backendIdOf(2));
        assertThat(registry.kill(mine, id(backendIdOf(2)), false)).isEqualTo(new SessionRegistry.KillResult.Done(2));
        assertThat(myOther.endedBy()).contains("killed");
    }

    @Test
    void aSessionNamingItselfIsLeftToItsOwnThread() {
        backendAnswers.countDown();
        Account alice = account(1, "alice", Set.of(select()));
        SessionHandle mine = loggedIn(1, alice);

        for (KillTarget self : List.of(KillTarget.ITSELF, id(1), id(backendIdOf(1)))) {
            assertThat(registry.kill(mine, self, false)).isEqualTo(new SessionRegistry.KillResult.Itself(1));
        }
        assertThat(mine.endedBy())
                .as("not ended from outside: its thread answers first")
                .isEmpty();
        assertThat(closed).isEmpty();
        assertThat(killed).isEmpty();
    }

    @Test
    void aMultiStatementsKillGetsTheBackendIdOfTheAccountsSessionAndAnotherAccountsIsHidden() {
        Account alice = account(1, "alice", Set.of(select()));
        SessionHandle mine = loggedIn(1, alice);
        loggedIn(2, alice);
        loggedIn(3, account(2, "bob", Set.of(select())));

        assertThat(registry.backendIdOf(mine, 2)).hasValue(backendIdOf(2));
        assertThat(registry.backendIdOf(mine, backendIdOf(2))).hasValue(backendIdOf(2));
        assertThat(registry.backendIdOf(mine, 1)).hasValue(backendIdOf(1));
        assertThat(registry.backendIdOf(mine, 3))
                .as("another account's session")
                .isEmpty();
        assertThat(registry.backendIdOf(mine, backendIdOf(3)))
                .as("another account's backend connection")
                .isEmpty();
        assertThat(registry.backendIdOf(mine, 42))
                .as("no session's: as written")
                .hasValue(42);
    }

    @Test
    void stoppingEndsEverySessionAndANotYetLoggedInOneNeedsNoBackendKill() {
        backendAnswers.countDown();
        SessionHandle loggedIn = loggedIn(1, account(1, "alice", Set.of(select())));
        SessionHandle handshaking = new SessionHandle(2, () -> closed.add(2L));
        registry.add(handshaking);

        registry.endAll("the gateway is stopping");
        registry.close();

        assertThat(closed).containsExactlyInAnyOrder(1L, 2L);
        assertThat(loggedIn.endedBy()).contains("the gateway is stopping");
        assertThat(killed).containsExactly(backendIdOf(1));
    }

    @Test
    void anAdminKillEndsTheSessionItNamesAsAKillConnectionDoes() throws InterruptedException {
        backendAnswers.countDown();
        SessionHandle alices = loggedIn(1, account(1, "alice", Set.of(select())));
        SessionHandle bobs = loggedIn(2, account(2, "bob", Set.of(select())));

        assertThat(registry.kill(99)).as("no session has that id").isFalse();
        assertThat(registry.kill(2)).isTrue();

        assertThat(bobs.endedBy()).contains("killed");
        assertThat(alices.endedBy()).isEmpty();
        assertThat(closed).containsExactly(2L);
        waitUntil(() -> killed.size() == 1, Duration.ofSeconds(5));
        assertThat(killed).as("its backend statement is killed").containsExactly(backendIdOf(2));
        assertThat(registry.summaries())
                .as("sessions outside their command phase are not shown")
                .isEmpty();
    }

    private static KillTarget id(long id) {
        return new KillTarget.ConnectionId(id);
    }

    /** The backend connection id the session with this gateway id holds, as a backend would number it. */
    private static long backendIdOf(long gatewayId) {
        return gatewayId + 100;
    }

    private SessionHandle loggedIn(long id, Account account) {
        SessionHandle handle = new SessionHandle(id, () -> closed.add(id));
        handle.loggedIn(new Accepted(account, ANY), new IdOnlyLease(backendIdOf(id)));
        registry.add(handle);
        return handle;
    }

    private static Account account(long id, String user, Set<Grant> grants) {
        return new Account(
                id,
                new UserName(user),
                AuthPlugin.MYSQL_NATIVE_PASSWORD,
                NativePasswordVerifier.create("pw"),
                AccountStatus.ACTIVE,
                false,
                OptionalInt.empty(),
                List.of(ANY),
                grants,
                Optional.empty(),
                Optional.empty(),
                io.grantgate.catalog.Expiries.NONE,
                false);
    }

    private static Grant select() {
        return new Grant(Privilege.SELECT, GrantScope.database("shop"));
    }

    private static Grant insert() {
        return new Grant(Privilege.INSERT, GrantScope.database("shop"));
    }

    private static void waitUntil(java.util.function.BooleanSupplier done, Duration atMost)
            throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }

    /** The registry reads only the backend connection id of a lease (for the KILL on the backend). */
    private record IdOnlyLease(long connectionId) implements BackendLease {
        @Override
        public InputStream in() {
            throw new UnsupportedOperationException();
        }

        @Override
        public OutputStream out() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Capabilities capabilities() {
            return Capabilities.NONE;
        }

        @Override
        public io.grantgate.backend.BackendEndpoint node() {
            return io.grantgate.backend.BackendEndpoint.plain("127.0.0.1", 3306);
        }

        @Override
        public void release(Ending ending) {}
    }
}
