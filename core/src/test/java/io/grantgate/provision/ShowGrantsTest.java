package io.grantgate.provision;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantgate.auth.AuthPlugin;
import io.grantgate.auth.NativePasswordVerifier;
import io.grantgate.catalog.Account;
import io.grantgate.catalog.AccountStatus;
import io.grantgate.catalog.Grant;
import io.grantgate.catalog.GrantScope;
import io.grantgate.catalog.HostPattern;
import io.grantgate.catalog.Privilege;
import io.grantgate.catalog.UserName;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShowGrantsTest {

    private static Account account(Set<Grant> grants, String... hosts) {
        return new Account(
                1,
                new UserName("xuys"),
                AuthPlugin.MYSQL_NATIVE_PASSWORD,
                NativePasswordVerifier.create("pw"),
                AccountStatus.ACTIVE,
                false,
                OptionalInt.empty(),
                List.of(hosts).stream().map(HostPattern::parse).toList(),
                grants,
                Optional.empty(),
                Optional.empty(),
                io.grantgate.catalog.Expiries.NONE,
                false);
    }

    @Test
    void oneBlockPerHostInMysqlsOrderMostSpecificHostFirst() {
        Set<Grant> grants = Set.of(
                new Grant(Privilege.DELETE, GrantScope.database("shop")),
                new Grant(Privilege.SELECT, GrantScope.database("shop")),
                new Grant(Privilege.UPDATE, GrantScope.database("shop")),
                new Grant(Privilege.INSERT, GrantScope.database("shop")),
                new Grant(Privilege.SELECT, GrantScope.table("crm", "leads")));

        assertThat(ShowGrants.lines(account(grants, "%", "192.168.88.234")))
                .containsExactly(
                        "GRANT USAGE ON *.* TO 'xuys'@'192.168.88.234'",
                        "GRANT SELECT, INSERT, UPDATE, DELETE ON `shop`.* TO 'xuys'@'192.168.88.234'",
                        "GRANT SELECT ON `crm`.`leads` TO 'xuys'@'192.168.88.234'",
                        "GRANT USAGE ON *.* TO 'xuys'@'%'",
                        "GRANT SELECT, INSERT, UPDATE, DELETE ON `shop`.* TO 'xuys'@'%'",
                        "GRANT SELECT ON `crm`.`leads` TO 'xuys'@'%'");
    }

    @Test
    void globalGrantsReplaceTheUsageLineAndGrantOptionIsASuffix() {
        Set<Grant> grants = Set.of(
                new Grant(Privilege.SELECT, GrantScope.global()),
                new Grant(Privilege.GRANT_OPTION, GrantScope.global()));

        assertThat(ShowGrants.lines(account(grants, "10.0.0.0/8")))
                .containsExactly("GRANT SELECT ON *.* TO 'xuys'@'10.0.0.0/8' WITH GRANT OPTION");
    }

    @Test
    void noHostMeansNoLines() {
        assertThat(ShowGrants.lines(account(Set.of()))).isEmpty();
    }

    @Test
    void describeCountsPrivilegesPerScope() {
        assertThat(Grants.describe(Set.of(
                        new Grant(Privilege.SELECT, GrantScope.database("a")),
                        new Grant(Privilege.INSERT, GrantScope.database("a")),
                        new Grant(Privilege.SELECT, GrantScope.global()))))
                .isEqualTo("1 privilege on *.* (SELECT); 2 privileges on `a`.* (SELECT, INSERT)");
    }
}
