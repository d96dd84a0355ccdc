package io.grantgate.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantgate.auth.AuthPlugin;
import io.grantgate.auth.NativePasswordVerifier;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CatalogSnapshotTest {

    @Test
    void aSessionIsKeptOnlyWhileItsAccountKeepsItsHostGrantsAndStatus() {
        Account before = account(1, AccountStatus.ACTIVE, List.of("%", "10.0.0.1"), Set.of(select()));
        HostPattern from = HostPattern.parse("10.0.0.1");

        assertThat(CatalogSnapshot.of(2, List.of(before)).keeps(before.user(), from, before))
                .isTrue();
        assertThat(CatalogSnapshot.of(
                                2,
                                List.of(account(
                                        1,
                                        AccountStatus.ACTIVE,
                                        List.of("%", "10.0.0.1"),
                                        Set.of(select(), new Grant(Privilege.INSERT, GrantScope.database("shop"))))))
                        .keeps(before.user(), from, before))
                .as("gained a grant")
                .isTrue();
        assertThat(CatalogSnapshot.of(2, List.of(account(1, AccountStatus.ACTIVE, List.of("%"), Set.of(select()))))
                        .keeps(before.user(), from, before))
                .as("lost its host")
                .isFalse();
        assertThat(CatalogSnapshot.of(2, List.of(account(1, AccountStatus.ACTIVE, List.of("%", "10.0.0.1"), Set.of())))
                        .keeps(before.user(), from, before))
                .as("lost a grant")
                .isFalse();
        assertThat(CatalogSnapshot.of(
                                2,
                                List.of(account(1, AccountStatus.LOCKED, List.of("%", "10.0.0.1"), Set.of(select()))))
                        .keeps(before.user(), from, before))
                .as("locked")
                .isFalse();
        assertThat(CatalogSnapshot.of(2, List.of()).keeps(before.user(), from, before))
                .as("dropped")
                .isFalse();
        assertThat(CatalogSnapshot.of(
                                2,
                                List.of(account(9, AccountStatus.ACTIVE, List.of("%", "10.0.0.1"), Set.of(select()))))
                        .keeps(before.user(), from, before))
                .as("dropped and created again")
                .isFalse();
    }

    private static Grant select() {
        return new Grant(Privilege.SELECT, GrantScope.database("shop"));
    }

    private static Account account(long id, AccountStatus status, List<String> hosts, java.util.Set<Grant> grants) {
        return new Account(
                id,
                new UserName("xuys"),
                AuthPlugin.MYSQL_NATIVE_PASSWORD,
                NativePasswordVerifier.create("pw"),
                status,
                false,
                OptionalInt.empty(),
                hosts.stream().map(HostPattern::parse).toList(),
                grants,
                Optional.empty(),
                Optional.empty(),
                false);
    }
}
