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
import io.grantgate.catalog.CatalogStatement;
import io.grantgate.catalog.Expiries;
import io.grantgate.catalog.Grant;
import io.grantgate.catalog.GrantScope;
import io.grantgate.catalog.HostPattern;
import io.grantgate.catalog.Privilege;
import io.grantgate.catalog.UserName;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What {@code admin grant --for|--until|--extend} plans: a grant never makes access end sooner. */
class GrantPlannerLifetimeTest {

    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    private static final UserName XUYS = new UserName("xuys");
    private static final HostPattern OFFICE = HostPattern.parse("10.1.2.3");
    private static final HostPattern ANYWHERE = HostPattern.parse("%");
    private static final Grant INSERT = new Grant(Privilege.INSERT, GrantScope.database("shop"));
    private static final Instant SOON = NOW.plus(Duration.ofHours(1));

    private final GrantPlanner planner = new GrantPlanner(new BackendTarget(
            Dialect.MARIADB, MasterKey.fromBase64(Base64.getEncoder().encodeToString(new byte[32])), "%"));

    @Test
    void forAddsNewEntriesThatEndThatLongAfterTheCatalogsNow() {
        Grant update = new Grant(Privilege.UPDATE, GrantScope.database("shop"));
        ChangePlan plan = plan(
                request(List.of(HostPattern.parse("10.9.9.9")), Set.of(update), new Lifetime.For(Duration.ofHours(8))));
        assertThat(sql(plan))
                .anyMatch(s -> s.startsWith("INSERT INTO account_host") && s.endsWith("'2026-12-03 20:00:00.000')"))
                .anyMatch(s -> s.startsWith("INSERT INTO account_grant") && s.endsWith("'2026-12-03 20:00:00.000')"));
        assertThat(plan.backend()).as("the grant is provisioned at once").isNotEmpty();
        assertThat(plan.summary().getFirst()).endsWith("; until 2026-12-03T20:00:00Z");
    }

    @Test
    void namingATimeLimitedEntryWithoutALifetimeMakesItPermanent() {
        ChangePlan plan = plan(request(List.of(OFFICE), Set.of(), Lifetime.PERMANENT));
        assertThat(sql(plan))
                .containsExactly(
                        "UPDATE account_host SET expires_at = NULL WHERE account_id = 7 AND host_pattern = '10.1.2.3'");
        assertThat(plan.summary())
                .contains("account 'xuys': host pattern '10.1.2.3' permanent (was until 2026-12-03T13:00:00Z)");
    }

    @Test
    void aGrantNeverShortensAnEndNorLimitsAPermanentEntry() {
        ChangePlan sooner = plan(request(List.of(OFFICE, ANYWHERE), Set.of(), new Lifetime.For(Duration.ofMinutes(5))));
        assertThat(sooner.isEmpty()).isTrue();
        assertThat(sooner.summary().getFirst()).contains("a grant never makes access end sooner");

        ChangePlan later = plan(request(List.of(OFFICE), Set.of(), new Lifetime.Until(NOW.plus(Duration.ofDays(1)))));
        assertThat(sql(later))
                .containsExactly("UPDATE account_host SET expires_at = '2026-12-04 12:00:00.000'"
                        + " WHERE account_id = 7 AND host_pattern = '10.1.2.3'");
    }

    @Test
    void extendLengthensWhatIsNamedOrEverythingThatEnds() {
        assertThat(sql(plan(request(List.of(OFFICE), Set.of(), new Lifetime.Extend(Duration.ofHours(2))))))
                .containsExactly("UPDATE account_host SET expires_at = '2026-12-03 15:00:00.000'"
                        + " WHERE account_id = 7 AND host_pattern = '10.1.2.3'");
        ChangePlan all = plan(request(List.of(), Set.of(), new Lifetime.Extend(Duration.ofHours(2))));
        assertThat(sql(all)).hasSize(2);
        assertThat(all.backend()).as("the backend account holds them already").isEmpty();
    }

    @Test
    void extendRefusesWhatDoesNotEndOrIsNotThere() {
        Lifetime extend = new Lifetime.Extend(Duration.ofHours(2));
        assertThatThrownBy(() -> plan(request(List.of(ANYWHERE), Set.of(), extend)))
                .hasMessage("host pattern '%' of account 'xuys' does not expire: nothing to extend");
        assertThatThrownBy(() -> plan(request(List.of(HostPattern.parse("10.9.9.9")), Set.of(), extend)))
                .hasMessageContaining("has no host pattern '10.9.9.9'");
        assertThatThrownBy(() -> planner.plan(request(List.of(), Set.of(), extend), Optional.empty(), 8, NOW))
                .hasMessageContaining("does not exist; --extend lengthens access an account has");
    }

    @Test
    void untilInThePastOrALifetimeNamingNothingIsRefused() {
        assertThatThrownBy(() -> plan(request(List.of(OFFICE), Set.of(), new Lifetime.Until(NOW.minusSeconds(1)))))
                .hasMessageContaining("is already past");
        assertThatThrownBy(() -> plan(request(List.of(), Set.of(), new Lifetime.For(Duration.ofHours(1)))))
                .hasMessageContaining("--for and --until apply to the host patterns and privileges the command names");
    }

    private ChangePlan plan(GrantRequest request) {
        return planner.plan(request, Optional.of(account()), 8, NOW);
    }

    private static List<String> sql(ChangePlan plan) {
        return plan.catalog().stream().map(CatalogStatement::display).toList();
    }

    private static GrantRequest request(List<HostPattern> hosts, Set<Grant> grants, Lifetime lifetime) {
        return new GrantRequest(
                XUYS,
                hosts,
                grants,
                Optional.empty(),
                false,
                Optional.empty(),
                OptionalInt.empty(),
                Optional.empty(),
                false,
                lifetime);
    }

    /** Allowed from anywhere for good and from the office for an hour; INSERT on shop for an hour. */
    private static Account account() {
        return new Account(
                7,
                XUYS,
                AuthPlugin.MYSQL_NATIVE_PASSWORD,
                NativePasswordVerifier.create("pw"),
                AccountStatus.ACTIVE,
                false,
                OptionalInt.empty(),
                List.of(ANYWHERE, OFFICE),
                Set.of(INSERT),
                Optional.of(new BackendAccount(
                        "gg_xuys_7", "%", AuthPlugin.MYSQL_NATIVE_PASSWORD, 1, BackendState.PROVISIONED)),
                Optional.empty(),
                new Expiries(Map.of(OFFICE, SOON), Map.of(INSERT, SOON), Set.of(), Set.of()),
                false);
    }
}
