package io.grantgate.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grantgate.account.MasterKey;
import io.grantgate.auth.AuthPlugin;
import io.grantgate.auth.NativePasswordVerifier;
import io.grantgate.catalog.Account;
import io.grantgate.catalog.AccountStatus;
import io.grantgate.catalog.BackendAccount;
import io.grantgate.catalog.BackendState;
import io.grantgate.catalog.CatalogSnapshot;
import io.grantgate.catalog.Expiries;
import io.grantgate.catalog.Grant;
import io.grantgate.catalog.GrantScope;
import io.grantgate.catalog.HostPattern;
import io.grantgate.catalog.Privilege;
import io.grantgate.catalog.PrivilegePolicy;
import io.grantgate.catalog.Role;
import io.grantgate.catalog.RoleName;
import io.grantgate.catalog.UserName;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What a change to a role or a membership does to each member's backend account: only the
 * difference of its effective grants (own and roles'), so that nothing another source still gives
 * is revoked; and whether the gateways keep a member's sessions.
 */
class RolePlannerTest {

    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");
    private static final BackendTarget BACKEND = new BackendTarget(
            Dialect.MARIADB, MasterKey.fromBase64(Base64.getEncoder().encodeToString(new byte[32])), "%");
    private static final GrantScope SHOP = GrantScope.database("shop");
    private static final Grant SELECT = new Grant(Privilege.SELECT, SHOP);
    private static final Grant INSERT = new Grant(Privilege.INSERT, SHOP);
    private static final RoleName READERS = new RoleName("readers");

    private final RolePlanner planner = new RolePlanner(BACKEND);

    @Test
    void takingARoleRevokesOnlyWhatNoOtherSourceGives() {
        Role readers = role(Set.of(SELECT, INSERT), "owner");
        Account owner = account("owner", 1, Set.of(SELECT), Map.of(READERS, Set.of(SELECT, INSERT)));

        ChangePlan plan = planner.removeMember(owner.user(), READERS, Optional.of(owner), List.of(readers));

        assertThat(plan.backend())
                .extracting(BackendStatement::display)
                .containsExactly("REVOKE INSERT ON `shop`.* FROM 'gg_owner_1'@'%'");
        assertThat(plan.undo())
                .extracting(BackendStatement::display)
                .containsExactly("GRANT INSERT ON `shop`.* TO 'gg_owner_1'@'%'");
        assertThat(plan.catalog())
                .extracting(s -> s.display())
                .singleElement()
                .asString()
                .startsWith("DELETE FROM account_role");
    }

    @Test
    void aChangeToARoleReprovisionsEveryMemberInOnePlan() {
        Role readers = role(Set.of(SELECT), "a", "b");
        Account a = account("a", 1, Set.of(), Map.of(READERS, Set.of(SELECT)));
        Account b = account("b", 2, Set.of(INSERT), Map.of(READERS, Set.of(SELECT)));
        Account outsider = account("c", 3, Set.of(), Map.of());

        ChangePlan plan = planner.grant(READERS, Set.of(INSERT), List.of(readers), List.of(a, b, outsider));

        assertThat(plan.backend())
                .extracting(BackendStatement::display)
                .as("b holds INSERT itself already")
                .containsExactly("GRANT INSERT ON `shop`.* TO 'gg_a_1'@'%'");
        assertThat(plan.steps()).hasSize(2);
        assertThat(plan.catalog())
                .extracting(s -> s.display())
                .singleElement()
                .asString()
                .startsWith("INSERT INTO role_grant");
    }

    @Test
    void aRoleWithMembersIsDroppedOnlyByForce() {
        Role readers = role(Set.of(SELECT), "a");
        Account a = account("a", 1, Set.of(), Map.of(READERS, Set.of(SELECT)));

        assertThatThrownBy(() -> planner.drop(READERS, List.of(readers), List.of(a), false))
                .hasMessageContaining("has 1 member ('a')")
                .hasMessageContaining("--force");
        ChangePlan forced = planner.drop(READERS, List.of(readers), List.of(a), true);
        assertThat(forced.backend())
                .extracting(BackendStatement::display)
                .containsExactly("REVOKE SELECT ON `shop`.* FROM 'gg_a_1'@'%'");
    }

    @Test
    void revokingAnOwnGrantARoleAlsoGivesLeavesTheBackendAlone() {
        Account owner = account("owner", 1, Set.of(SELECT), Map.of(READERS, Set.of(SELECT)));

        ChangePlan plan = new RevokePlanner(BACKEND)
                .plan(new RevokeRequest(owner.user(), List.of(), Set.of(SELECT), false), Optional.of(owner));

        assertThat(plan.catalog()).hasSize(1);
        assertThat(plan.backend()).isEmpty();
        assertThat(plan.summary())
                .anyMatch(line -> line.contains("still has 1 privilege on `shop`.* (SELECT) from its roles"));
    }

    @Test
    void aSessionIsKeptWhileAnySourceStillGivesWhatItHad() {
        HostPattern any = HostPattern.parse("%");
        Account both = account("owner", 1, Set.of(SELECT), Map.of(READERS, Set.of(SELECT)));
        Account onlyRole = account("member", 2, Set.of(), Map.of(READERS, Set.of(SELECT)));

        CatalogSnapshot after = CatalogSnapshot.of(
                2, List.of(account("owner", 1, Set.of(SELECT), Map.of()), account("member", 2, Set.of(), Map.of())));

        assertThat(after.keeps(both.user(), any, both)).isTrue();
        assertThat(after.keeps(onlyRole.user(), any, onlyRole)).isFalse();
    }

    @Test
    void applyingAFileMovesAPrivilegeFromAnOwnGrantToARoleWithoutRevokingIt() {
        Account xuys = account("xuys", 7, Set.of(SELECT), Map.of());
        DesiredAccount wanted = new DesiredAccount(
                xuys.user(),
                xuys.authPlugin(),
                Optional.empty(),
                AccountStatus.ACTIVE,
                false,
                OptionalInt.empty(),
                Optional.empty(),
                xuys.hosts(),
                Set.of(),
                Expiries.NONE,
                Set.of(READERS));

        ChangePlan plan = new AccessPlanner(BACKEND)
                .plan(
                        List.of(new DesiredRole(READERS, Set.of(SELECT, INSERT))),
                        List.of(wanted),
                        List.of(),
                        List.of(xuys),
                        8,
                        true,
                        PrivilegePolicy.SAFE_ONLY,
                        NOW);

        assertThat(plan.catalog())
                .extracting(s -> s.display())
                .containsExactly(
                        "INSERT INTO role (role_name) VALUES ('readers')",
                        "INSERT INTO role_grant (role_id, scope_level, scope_db, scope_table, privilege) SELECT id,"
                                + " 'database', 'shop', '', 'SELECT' FROM role WHERE role_name = 'readers'",
                        "INSERT INTO role_grant (role_id, scope_level, scope_db, scope_table, privilege) SELECT id,"
                                + " 'database', 'shop', '', 'INSERT' FROM role WHERE role_name = 'readers'",
                        "DELETE FROM account_grant WHERE account_id = 7 AND scope_level = 'database' AND scope_db ="
                                + " 'shop' AND scope_table = '' AND privilege = 'SELECT'",
                        "INSERT INTO account_role (account_id, role_id) SELECT 7, id FROM role WHERE role_name ="
                                + " 'readers'");
        assertThat(plan.backend())
                .extracting(BackendStatement::display)
                .as("SELECT moves from its own grant to the role: only INSERT is new")
                .containsExactly("GRANT INSERT ON `shop`.* TO 'gg_xuys_7'@'%'");
    }

    private static Role role(Set<Grant> grants, String... members) {
        return new Role(
                READERS,
                NOW,
                grants,
                java.util.Arrays.stream(members).map(UserName::new).toList());
    }

    private static Account account(String name, long id, Set<Grant> grants, Map<RoleName, Set<Grant>> roles) {
        return new Account(
                id,
                new UserName(name),
                AuthPlugin.MYSQL_NATIVE_PASSWORD,
                NativePasswordVerifier.create("pw"),
                AccountStatus.ACTIVE,
                false,
                OptionalInt.empty(),
                List.of(HostPattern.parse("%")),
                grants,
                Optional.of(new BackendAccount(
                        "gg_" + name + "_" + id, "%", AuthPlugin.MYSQL_NATIVE_PASSWORD, 1, BackendState.PROVISIONED)),
                Optional.empty(),
                Expiries.NONE,
                false,
                roles);
    }
}
