package io.grantgate.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grantgate.account.MasterKey;
import io.grantgate.auth.AuthPlugin;
import io.grantgate.auth.NativePasswordVerifier;
import io.grantgate.auth.Secret;
import io.grantgate.catalog.Account;
import io.grantgate.catalog.AccountStatus;
import io.grantgate.catalog.AuditLevel;
import io.grantgate.catalog.BackendAccount;
import io.grantgate.catalog.BackendState;
import io.grantgate.catalog.Expiries;
import io.grantgate.catalog.Grant;
import io.grantgate.catalog.GrantScope;
import io.grantgate.catalog.HostPattern;
import io.grantgate.catalog.Privilege;
import io.grantgate.catalog.PrivilegePolicy;
import io.grantgate.catalog.UserName;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessPlannerTest {

    private static final java.time.Instant NOW = java.time.Instant.parse("2026-12-03T10:00:00Z");

    private static final BackendTarget BACKEND = new BackendTarget(
            Dialect.MARIADB, MasterKey.fromBase64(Base64.getEncoder().encodeToString(new byte[32])), "%");
    private static final GrantScope SHOP = GrantScope.database("shop");
    private static final Grant SELECT = new Grant(Privilege.SELECT, SHOP);
    private static final Grant INSERT = new Grant(Privilege.INSERT, SHOP);

    private final AccessPlanner planner = new AccessPlanner(BACKEND);

    @Test
    void whatTheCatalogHoldsPlansNothing() {
        Account xuys = account("xuys", 7, Set.of(SELECT), "%");

        ChangePlan plan = planner.plan(
                List.of(desired(xuys, Optional.empty())), List.of(xuys), 8, true, PrivilegePolicy.SAFE_ONLY, NOW);

        assertThat(plan.isEmpty()).isTrue();
        assertThat(plan.summary()).containsExactly("nothing to change: the catalog holds what the file says");
    }

    /** An export carries the ends: applying it keeps a host pattern or grant that ends as it is. */
    @Test
    void anEntryThatEndsKeepsItsEnd() {
        Account xuys = ending(account("xuys", 7, Set.of(SELECT, INSERT), "%", "10.0.0.1"));

        ChangePlan plan = planner.plan(
                List.of(desired(xuys, Optional.empty())), List.of(xuys), 8, true, PrivilegePolicy.SAFE_ONLY, NOW);

        assertThat(plan.isEmpty()).isTrue();
        assertThat(plan.catalog()).isEmpty();
    }

    /** The file is the source of truth: an entry it gives no expires becomes permanent, and the plan says so. */
    @Test
    void anEntryWithoutExpiresBecomesPermanent() {
        Account xuys = ending(account("xuys", 7, Set.of(SELECT, INSERT), "%", "10.0.0.1"));
        DesiredAccount permanent =
                desired(account("xuys", 7, Set.of(SELECT, INSERT), "%", "10.0.0.1"), Optional.empty());

        ChangePlan plan = planner.plan(List.of(permanent), List.of(xuys), 8, false, PrivilegePolicy.SAFE_ONLY, NOW);

        assertThat(plan.summary())
                .containsExactly(
                        "account 'xuys': host pattern '10.0.0.1' permanent (was until 2026-12-03T11:00:00Z;"
                                + " made permanent: the file gives it no expires)",
                        "account 'xuys': INSERT ON `shop`.* permanent (was until 2026-12-03T11:00:00Z;"
                                + " made permanent: the file gives it no expires)");
        assertThat(plan.catalog())
                .extracting(c -> c.sql())
                .allMatch(sql -> sql.startsWith("UPDATE account_host SET expires_at")
                        || sql.startsWith("UPDATE account_grant SET expires_at"));
        assertThat(plan.backend()).isEmpty();
    }

    @Test
    void anExpiresThatDiffersExtendsOrShortensTheEnd() {
        Account xuys = ending(account("xuys", 7, Set.of(SELECT, INSERT), "%", "10.0.0.1"));
        DesiredAccount changed = withExpiries(
                desired(xuys, Optional.empty()),
                new Expiries(
                        java.util.Map.of(HostPattern.parse("10.0.0.1"), NOW.plusSeconds(7200)),
                        java.util.Map.of(INSERT, NOW.plusSeconds(60), SELECT, NOW.plusSeconds(60)),
                        Set.of(),
                        Set.of()));

        ChangePlan plan = planner.plan(List.of(changed), List.of(xuys), 8, false, PrivilegePolicy.SAFE_ONLY, NOW);

        assertThat(plan.summary())
                .containsExactly(
                        "account 'xuys': host pattern '10.0.0.1' until 2026-12-03T12:00:00Z (was until"
                                + " 2026-12-03T11:00:00Z; extended)",
                        "account 'xuys': INSERT ON `shop`.* until 2026-12-03T10:01:00Z (was until"
                                + " 2026-12-03T11:00:00Z; shortened: access ends sooner)",
                        "account 'xuys': SELECT ON `shop`.* until 2026-12-03T10:01:00Z (was permanent; it ends now)");
        assertThat(plan.backend()).isEmpty();
    }

    @Test
    void aNewEntryIsAddedWithItsEnd() {
        Account xuys = account("xuys", 7, Set.of(SELECT), "%");
        DesiredAccount more = withExpiries(
                desired(account("xuys", 7, Set.of(SELECT, INSERT), "%"), Optional.empty()),
                new Expiries(java.util.Map.of(), java.util.Map.of(INSERT, NOW.plusSeconds(3600)), Set.of(), Set.of()));

        ChangePlan plan = planner.plan(List.of(more), List.of(xuys), 8, false, PrivilegePolicy.SAFE_ONLY, NOW);

        assertThat(plan.summary())
                .containsExactly(
                        "account 'xuys'; 1 privilege on `shop`.* (INSERT)",
                        "account 'xuys': INSERT ON `shop`.* until 2026-12-03T11:00:00Z");
        assertThat(plan.backend())
                .extracting(BackendStatement::display)
                .containsExactly("GRANT INSERT ON `shop`.* TO 'gg_xuys_7'@'%'");
    }

    @Test
    void anExpiresAlreadyPastIsRefused() {
        Account xuys = account("xuys", 7, Set.of(SELECT), "%");
        DesiredAccount stale = withExpiries(
                desired(xuys, Optional.empty()),
                new Expiries(java.util.Map.of(), java.util.Map.of(SELECT, NOW), Set.of(), Set.of()));

        assertThatThrownBy(() -> planner.plan(List.of(stale), List.of(xuys), 8, false, PrivilegePolicy.SAFE_ONLY, NOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("account 'xuys': SELECT ON `shop`.* expires 2026-12-03T10:00:00Z, which is already past"
                        + " (the catalog server's clock says 2026-12-03T10:00:00Z): give a later time, or leave the"
                        + " entry out");
    }

    /** {@code account} with 10.0.0.1 and INSERT ending an hour after {@link #NOW}. */
    private static Account ending(Account plain) {
        return new Account(
                plain.id(),
                plain.user(),
                plain.authPlugin(),
                plain.verifier(),
                plain.status(),
                plain.requireTls(),
                plain.maxConnections(),
                plain.hosts(),
                plain.grants(),
                plain.backend(),
                plain.auditLevel(),
                new Expiries(
                        java.util.Map.of(HostPattern.parse("10.0.0.1"), NOW.plusSeconds(3600)),
                        java.util.Map.of(INSERT, NOW.plusSeconds(3600)),
                        Set.of(),
                        Set.of()),
                false);
    }

    private static DesiredAccount withExpiries(DesiredAccount wanted, Expiries expiries) {
        return new DesiredAccount(
                wanted.user(),
                wanted.authPlugin(),
                wanted.password(),
                wanted.status(),
                wanted.requireTls(),
                wanted.maxConnections(),
                wanted.auditLevel(),
                wanted.hosts(),
                wanted.grants(),
                expiries,
                wanted.roles());
    }

    @Test
    void withoutPruneOnlyAddsAndWithPruneAlsoRemoves() {
        Account xuys = account("xuys", 7, Set.of(SELECT), "%", "10.0.0.1");
        Account old = account("old", 3, Set.of(), "%");
        DesiredAccount wanted = new DesiredAccount(
                xuys.user(),
                AuthPlugin.MYSQL_NATIVE_PASSWORD,
                Optional.empty(),
                AccountStatus.ACTIVE,
                false,
                OptionalInt.empty(),
                Optional.empty(),
                List.of(HostPattern.parse("%")),
                Set.of(SELECT, INSERT));

        ChangePlan adding = planner.plan(List.of(wanted), List.of(xuys, old), 8, false, PrivilegePolicy.SAFE_ONLY, NOW);
        assertThat(adding.summary()).containsExactly("account 'xuys'; 1 privilege on `shop`.* (INSERT)");
        assertThat(adding.backend())
                .extracting(BackendStatement::display)
                .containsExactly("GRANT INSERT ON `shop`.* TO 'gg_xuys_7'@'%'");

        ChangePlan pruning = planner.plan(List.of(wanted), List.of(xuys, old), 8, true, PrivilegePolicy.SAFE_ONLY, NOW);
        assertThat(pruning.summary()).first().asString().startsWith("account 'old' dropped");
        assertThat(pruning.summary()).anyMatch(s -> s.startsWith("account 'xuys' no longer allowed from '10.0.0.1'"));
        assertThat(pruning.steps()).hasSize(3);
    }

    @Test
    void aNewAccountNeedsAPasswordAndGetsItsLockAndLevelInTheSameChange() {
        DesiredAccount noPassword = new DesiredAccount(
                new UserName("neo"),
                AuthPlugin.CACHING_SHA2_PASSWORD,
                Optional.empty(),
                AccountStatus.LOCKED,
                true,
                OptionalInt.of(5),
                Optional.of(AuditLevel.STATEMENTS),
                List.of(HostPattern.parse("10.0.0.0/8")),
                Set.of(SELECT));
        assertThatThrownBy(() -> planner.plan(List.of(noPassword), List.of(), 1, false, PrivilegePolicy.SAFE_ONLY, NOW))
                .hasMessageContaining("account 'neo' does not exist yet")
                .hasMessageContaining("{env: VAR}");

        DesiredAccount neo = new DesiredAccount(
                noPassword.user(),
                noPassword.authPlugin(),
                Optional.of(new Secret("a-Long-Passw0rd")),
                noPassword.status(),
                true,
                OptionalInt.of(5),
                noPassword.auditLevel(),
                noPassword.hosts(),
                noPassword.grants());
        ChangePlan plan = planner.plan(List.of(neo), List.of(), 12, false, PrivilegePolicy.SAFE_ONLY, NOW);

        assertThat(plan.steps()).extracting(ChangePlan::action).containsExactly("grant", "lock", "audit");
        assertThat(plan.backend())
                .extracting(BackendStatement::display)
                .contains("GRANT SELECT ON `shop`.* TO 'gg_neo_12'@'%'", "ALTER USER 'gg_neo_12'@'%' ACCOUNT LOCK");
        assertThat(plan.display()).anyMatch(s -> s.startsWith("catalog: UPDATE account SET status = 'locked'"));
    }

    @Test
    void aNewDangerousGrantNeedsThePolicyButAHeldOneStays() {
        Grant process = new Grant(Privilege.PROCESS, GrantScope.global());
        Account admin = account("ops", 2, Set.of(process), "%");

        assertThat(planner.plan(
                                List.of(desired(admin, Optional.empty())),
                                List.of(admin),
                                3,
                                false,
                                PrivilegePolicy.SAFE_ONLY,
                                NOW)
                        .isEmpty())
                .isTrue();
        Account plain = account("ops", 2, Set.of(), "%");
        assertThatThrownBy(() -> planner.plan(
                        List.of(desired(admin, Optional.empty())),
                        List.of(plain),
                        3,
                        false,
                        PrivilegePolicy.SAFE_ONLY,
                        NOW))
                .hasMessageContaining("account 'ops': PROCESS on *.* is refused");
        assertThat(planner.plan(
                                List.of(desired(admin, Optional.empty())),
                                List.of(plain),
                                3,
                                false,
                                PrivilegePolicy.ALLOW_DANGEROUS,
                                NOW)
                        .isEmpty())
                .isFalse();
    }

    @Test
    void aPasswordByReferenceChangesOnlyWhenItIsAnotherOne() {
        Account xuys = account("xuys", 7, Set.of(), "%");

        assertThat(planner.plan(
                                List.of(desired(xuys, Optional.of(new Secret("pw")))),
                                List.of(xuys),
                                8,
                                false,
                                PrivilegePolicy.SAFE_ONLY,
                                NOW)
                        .isEmpty())
                .isTrue();
        ChangePlan other = planner.plan(
                List.of(desired(xuys, Optional.of(new Secret("an-0ther-Password")))),
                List.of(xuys),
                8,
                false,
                PrivilegePolicy.SAFE_ONLY,
                NOW);
        assertThat(other.summary()).containsExactly("password of account 'xuys' changed (mysql_native_password)");
    }

    @Test
    void settingsTheFileLeavesOutGoBackToTheirDefaults() {
        Account limited = new Account(
                4,
                new UserName("lim"),
                AuthPlugin.MYSQL_NATIVE_PASSWORD,
                NativePasswordVerifier.create("pw"),
                AccountStatus.LOCKED,
                true,
                OptionalInt.of(3),
                List.of(),
                Set.of(),
                Optional.of(mirror("lim", 4)),
                Optional.of(AuditLevel.OFF),
                Expiries.NONE,
                false);
        DesiredAccount plain = new DesiredAccount(
                limited.user(),
                AuthPlugin.MYSQL_NATIVE_PASSWORD,
                Optional.empty(),
                AccountStatus.ACTIVE,
                false,
                OptionalInt.empty(),
                Optional.empty(),
                List.of(),
                Set.of());

        ChangePlan plan = planner.plan(List.of(plain), List.of(limited), 5, false, PrivilegePolicy.SAFE_ONLY, NOW);

        assertThat(plan.summary())
                .containsExactly(
                        "account 'lim' unlocked",
                        "account 'lim': TLS no longer required",
                        "account 'lim': max connections no limit (was 3)",
                        "audit level of account 'lim' set to default (was off)");
    }

    @Test
    void aBackendFailureUndoesOnlyTheStepsThatRan() {
        Account a = account("a", 1, Set.of(), "%");
        Account b = account("b", 2, Set.of(), "%");
        ChangePlan plan = planner.plan(
                List.of(
                        desired(account("a", 1, Set.of(SELECT, INSERT), "%"), Optional.empty()),
                        desired(account("b", 2, Set.of(SELECT), "%"), Optional.empty())),
                List.of(a, b),
                3,
                false,
                PrivilegePolicy.SAFE_ONLY,
                NOW);
        assertThat(plan.backend()).hasSize(2);

        assertThat(plan.undoAfter(0)).as("nothing ran").isEmpty();
        assertThat(plan.undoAfter(1))
                .extracting(BackendStatement::display)
                .containsExactly("REVOKE SELECT, INSERT ON `shop`.* FROM 'gg_a_1'@'%'");
        assertThat(plan.undoAfter(2))
                .extracting(BackendStatement::display)
                .containsExactly(
                        "REVOKE SELECT ON `shop`.* FROM 'gg_b_2'@'%'",
                        "REVOKE SELECT, INSERT ON `shop`.* FROM 'gg_a_1'@'%'");
        assertThat(plan.undoAfter(2)).as("all ran: the whole undo").isEqualTo(plan.undo());
    }

    private static DesiredAccount desired(Account account, Optional<Secret> password) {
        return new DesiredAccount(
                account.user(),
                account.authPlugin(),
                password,
                account.status(),
                account.requireTls(),
                account.maxConnections(),
                account.auditLevel(),
                account.hosts(),
                account.grants(),
                new Expiries(account.expiries().hosts(), account.expiries().grants(), Set.of(), Set.of()),
                Set.of());
    }

    private static Account account(String name, long id, Set<Grant> grants, String... hosts) {
        return new Account(
                id,
                new UserName(name),
                AuthPlugin.MYSQL_NATIVE_PASSWORD,
                NativePasswordVerifier.create("pw"),
                AccountStatus.ACTIVE,
                false,
                OptionalInt.empty(),
                java.util.Arrays.stream(hosts).map(HostPattern::parse).toList(),
                grants,
                Optional.of(mirror(name, id)),
                Optional.empty(),
                Expiries.NONE,
                false);
    }

    private static BackendAccount mirror(String name, long id) {
        return new BackendAccount(
                "gg_" + name + "_" + id, "%", AuthPlugin.MYSQL_NATIVE_PASSWORD, 1, BackendState.PROVISIONED);
    }
}
