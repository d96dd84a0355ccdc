package io.grantgate.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grantgate.auth.AuthPlugin;
import io.grantgate.auth.NativePasswordVerifier;
import io.grantgate.catalog.Account;
import io.grantgate.catalog.AccountStatus;
import io.grantgate.catalog.AuditLevel;
import io.grantgate.catalog.HostPattern;
import io.grantgate.catalog.UserName;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AuditLevelPlannerTest {

    private static final UserName XUYS = new UserName("xuys");

    @Test
    void setsTheLevelInTheCatalogOnlyAndSaysWhatItWas() {
        ChangePlan plan = AuditLevelPlanner.plan(XUYS, account(Optional.empty()), Optional.of(AuditLevel.STATEMENTS));

        assertThat(plan.action()).isEqualTo("audit");
        assertThat(plan.display())
                .containsExactly("catalog: UPDATE account SET audit_level = 'statements' WHERE id = 7;");
        assertThat(plan.backend()).isEmpty();
        assertThat(plan.summary()).containsExactly("audit level of account 'xuys' set to statements (was default)");
    }

    @Test
    void defaultStoresNull() {
        ChangePlan plan = AuditLevelPlanner.plan(XUYS, account(Optional.of(AuditLevel.OFF)), Optional.empty());

        assertThat(plan.display()).containsExactly("catalog: UPDATE account SET audit_level = NULL WHERE id = 7;");
        assertThat(plan.summary()).containsExactly("audit level of account 'xuys' set to default (was off)");
    }

    @Test
    void theSameLevelIsANoOp() {
        ChangePlan plan =
                AuditLevelPlanner.plan(XUYS, account(Optional.of(AuditLevel.LOGINS)), Optional.of(AuditLevel.LOGINS));

        assertThat(plan.isEmpty()).isTrue();
        assertThat(plan.summary()).containsExactly("nothing to change: account 'xuys' already has audit level logins");
        assertThat(AuditLevelPlanner.plan(XUYS, account(Optional.empty()), Optional.empty())
                        .isEmpty())
                .isTrue();
    }

    @Test
    void aMissingAccountIsRefused() {
        assertThatThrownBy(() -> AuditLevelPlanner.plan(XUYS, Optional.empty(), Optional.of(AuditLevel.OFF)))
                .hasMessage("no account 'xuys'");
    }

    private static Optional<Account> account(Optional<AuditLevel> level) {
        return Optional.of(new Account(
                7,
                XUYS,
                AuthPlugin.MYSQL_NATIVE_PASSWORD,
                NativePasswordVerifier.create("pw"),
                AccountStatus.ACTIVE,
                false,
                OptionalInt.empty(),
                List.of(HostPattern.parse("%")),
                Set.of(),
                Optional.empty(),
                level,
                io.grantgate.catalog.Expiries.NONE,
                false));
    }
}
