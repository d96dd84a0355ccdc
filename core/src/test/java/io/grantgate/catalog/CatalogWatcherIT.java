package io.grantgate.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.grantgate.auth.NativePasswordVerifier;
import io.grantgate.auth.Secret;
import io.grantgate.migrations.CatalogMigrator;
import io.grantgate.testing.FaultProxy;
import io.grantgate.testing.SwitchableDataSource;
import io.grantgate.testing.TestBackend;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The gateway's view of the catalog follows admin changes, and survives the catalog going away. */
class CatalogWatcherIT {

    private final TestBackend backend = TestBackend.get();

    @Test
    void picksUpANewVersionWithinThePollIntervalAndTellsListeners() throws Exception {
        try (HikariDataSource pool = migrated("watch");
                CatalogWatcher watcher = CatalogWatcher.start(pool, Duration.ofMillis(100))) {
            assertThat(watcher.snapshot().version()).isEqualTo(1);
            assertThat(watcher.snapshot().accounts()).isEmpty();
            List<CatalogSnapshot> seen = new CopyOnWriteArrayList<>();
            watcher.onChange(seen::add);

            addAccount(pool, 1, "xuys", "%");

            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (seen.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(seen).hasSize(1);
            CatalogSnapshot now = watcher.snapshot();
            assertThat(now.version()).isEqualTo(2);
            Account xuys = now.account(new UserName("xuys")).orElseThrow();
            assertThat(xuys.hosts()).containsExactly(HostPattern.parse("%"));
            assertThat(xuys.verifier().matches("pw")).isTrue();
            assertThat(xuys.auditLevel())
                    .as("a new account follows the gateways' default")
                    .isEmpty();
        }
    }

    @Test
    void anAccountsAuditLevelReachesTheSnapshotAtTheNextVersion() throws Exception {
        try (HikariDataSource pool = migrated("auditlevel")) {
            addAccount(pool, 1, "xuys", "%");
            try (CatalogWatcher watcher = CatalogWatcher.start(pool, Duration.ofMillis(50))) {
                UserName xuys = new UserName("xuys");
                assertThat(watcher.snapshot().account(xuys).orElseThrow().auditLevel(AuditLevel.LOGINS))
                        .isEqualTo(AuditLevel.LOGINS);

                change(pool, CatalogWrites.setAuditLevel(1, Optional.of(AuditLevel.STATEMENTS)));
                Account audited = watcher.refresh().account(xuys).orElseThrow();
                assertThat(audited.auditLevel()).contains(AuditLevel.STATEMENTS);
                assertThat(audited.auditLevel(AuditLevel.OFF)).isEqualTo(AuditLevel.STATEMENTS);

                change(pool, CatalogWrites.setAuditLevel(1, Optional.empty()));
                assertThat(watcher.refresh().account(xuys).orElseThrow().auditLevel())
                        .isEmpty();
            }
        }
    }

    @Test
    void keepsTheLastGoodSnapshotWhileTheCatalogIsUnreachable() throws Exception {
        try (HikariDataSource pool = migrated("outage")) {
            addAccount(pool, 1, "kept", "10.0.0.0/8");
            SwitchableDataSource flaky = new SwitchableDataSource(pool);
            try (CatalogWatcher watcher = CatalogWatcher.start(flaky, Duration.ofMillis(50))) {
                flaky.down(true);
                Thread.sleep(300);
                assertThat(watcher.snapshot().account(new UserName("kept"))).isPresent();
                assertThatThrownBy(watcher::refresh).isInstanceOf(SQLException.class);

                flaky.down(false);
                addAccount(pool, 2, "later", "%");
                assertThat(watcher.refresh().accounts()).hasSize(2);
            }
        }
    }

    @Test
    void endsExpiredAccessOnTimeWhileTheCatalogStopsAnsweringAndAPollGivesUp() throws Exception {
        String schema = backend.newSchema("hang");
        HostPattern expiring = HostPattern.parse("10.0.0.0/8");
        try (HikariDataSource direct = CatalogDataSource.open(backend.catalogSettings(schema), "test");
                FaultProxy link =
                        new FaultProxy(backend.login().host(), backend.login().port());
                HikariDataSource viaLink = CatalogDataSource.open(
                        "jdbc:mysql://127.0.0.1:" + link.port() + "/" + schema,
                        backend.login().user(),
                        new Secret(backend.login().password()),
                        "test-link")) {
            new CatalogMigrator(direct).migrate();
            addAccount(direct, 1, "kept", "%");
            // far enough ahead for both watchers to start and the link to stall first, on a loaded machine too
            Instant end = Instant.now().plusSeconds(6);
            change(direct, CatalogWrites.addHost(1, expiring, Optional.of(end)));
            // one watcher that would wait for a hung read for longer than the test runs, one that gives up soon
            try (CatalogWatcher patient = CatalogWatcher.start(viaLink, Duration.ofMillis(100), Duration.ofMinutes(5));
                    CatalogWatcher impatient =
                            CatalogWatcher.start(viaLink, Duration.ofMinutes(5), Duration.ofSeconds(1))) {
                UserName kept = new UserName("kept");
                assertThat(patient.snapshot().account(kept).orElseThrow().hosts())
                        .contains(expiring);
                List<Instant> expiredAt = new CopyOnWriteArrayList<>();
                patient.onChange(snapshot -> {
                    if (snapshot.account(kept)
                            .orElseThrow()
                            .expiries()
                            .expiredHosts()
                            .contains(expiring)) {
                        expiredAt.add(Instant.now());
                    }
                });

                link.stall();
                Thread.sleep(300); // the patient watcher's poll is now stuck on the link

                long deadline = System.nanoTime() + Duration.ofSeconds(12).toNanos();
                while (expiredAt.isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(expiredAt)
                        .as("the expiry swapped in while a poll waits on the catalog")
                        .hasSize(1);
                assertThat(Duration.between(end, expiredAt.get(0)))
                        .as("at the end, not a poll or a read timeout later")
                        .isLessThan(Duration.ofSeconds(5));
                assertThat(patient.snapshot().account(kept).orElseThrow().hosts())
                        .doesNotContain(expiring);

                long before = System.nanoTime();
                assertThatThrownBy(impatient::refresh)
                        .as("a read of a catalog that stopped answering gives up")
                        .isInstanceOf(SQLException.class);
                assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(30));

                link.flow();
                addAccount(direct, 2, "later", "%");
                assertThat(impatient.refresh().account(new UserName("later"))).isPresent();
            }
        }
    }

    private HikariDataSource migrated(String prefix) {
        HikariDataSource pool = CatalogDataSource.open(backend.catalogSettings(backend.newSchema(prefix)), "test");
        new CatalogMigrator(pool).migrate();
        return pool;
    }

    private static void addAccount(DataSource pool, long id, String user, String host) throws SQLException {
        NativePasswordVerifier verifier = NativePasswordVerifier.create("pw");
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            new CatalogExecutor(c)
                    .run(List.of(
                            CatalogWrites.insertAccount(
                                    id, new UserName(user), verifier, AccountStatus.ACTIVE, false, OptionalInt.empty()),
                            CatalogWrites.setVerifier(id, verifier),
                            CatalogWrites.addHost(id, HostPattern.parse(host)),
                            CatalogWrites.bumpVersion("test")));
            c.commit();
        }
    }

    private static void change(DataSource pool, CatalogStatement statement) throws SQLException {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            new CatalogExecutor(c).run(List.of(statement, CatalogWrites.bumpVersion("test")));
            c.commit();
        }
    }
}
