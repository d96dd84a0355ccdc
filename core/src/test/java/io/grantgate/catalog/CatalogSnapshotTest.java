package io.grantgate.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantgate.auth.AuthPlugin;
import io.grantgate.auth.NativePasswordVerifier;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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

    @Test
    void anEntryIsAbsentFromTheInstantItEndsAndTheSessionsThatReliedOnItAreNotKept() {
        Instant noon = Instant.parse("2026-12-03T12:00:00Z");
        HostPattern office = HostPattern.parse("10.0.0.1");
        Grant insert = new Grant(Privilege.INSERT, GrantScope.database("shop"));
        Account raw = withExpiries(
                account(1, AccountStatus.ACTIVE, List.of("%", "10.0.0.1"), Set.of(select(), insert)),
                Map.of(office, noon),
                Map.of(insert, noon.plusSeconds(60)));
        CatalogSnapshot loaded = CatalogSnapshot.of(5, List.of(raw));
        Account atLogin = loaded.asOf(noon.minusMillis(1)).account(raw.user()).orElseThrow();

        assertThat(loaded.asOf(noon.minusMillis(1)))
                .as("nothing has ended yet: the same snapshot")
                .isSameAs(loaded);
        assertThat(loaded.nextExpiry()).contains(noon);

        CatalogSnapshot atNoon = loaded.asOf(noon);
        Account now = atNoon.account(raw.user()).orElseThrow();
        assertThat(atNoon.version()).as("expiry changes nothing in the catalog").isEqualTo(5);
        assertThat(now.hosts()).containsExactly(HostPattern.parse("%"));
        assertThat(now.grants()).containsExactlyInAnyOrder(select(), insert);
        assertThat(now.expiries().expiredHosts()).containsExactly(office);
        assertThat(atNoon.nextExpiry()).as("the next end still to come").contains(noon.plusSeconds(60));
        assertThat(atNoon.keeps(raw.user(), office, atLogin))
                .as("from the expired host")
                .isFalse();
        assertThat(atNoon.expiredFor(raw.user(), office, atLogin)).isTrue();
        assertThat(atNoon.keeps(raw.user(), HostPattern.parse("%"), atLogin))
                .as("from another host")
                .isTrue();

        CatalogSnapshot later = atNoon.asOf(noon.plusSeconds(60));
        Account afterGrant = later.account(raw.user()).orElseThrow();
        assertThat(afterGrant.grants()).containsExactly(select());
        assertThat(afterGrant.expiries().expiredGrants()).containsExactly(insert);
        assertThat(afterGrant.expiries().expiredHosts()).containsExactly(office);
        assertThat(later.nextExpiry()).isEmpty();
        assertThat(later.keeps(raw.user(), HostPattern.parse("%"), atLogin))
                .as("it had the expired grant")
                .isFalse();
        assertThat(later.expiredFor(raw.user(), HostPattern.parse("%"), atLogin))
                .isTrue();
        assertThat(later.expiredFor(raw.user(), HostPattern.parse("%"), afterGrant))
                .as("a session without the expired grant lost nothing to expiry")
                .isFalse();
        assertThat(later.asOf(noon.plusSeconds(3600))).as("nothing more ends").isSameAs(later);
    }

    @Test
    void aRevocationIsNotAnExpiry() {
        Account before = account(1, AccountStatus.ACTIVE, List.of("%", "10.0.0.1"), Set.of(select()));
        CatalogSnapshot revoked =
                CatalogSnapshot.of(2, List.of(account(1, AccountStatus.ACTIVE, List.of("%"), Set.of())));
        assertThat(revoked.keeps(before.user(), HostPattern.parse("10.0.0.1"), before))
                .isFalse();
        assertThat(revoked.expiredFor(before.user(), HostPattern.parse("10.0.0.1"), before))
                .isFalse();
    }

    private static Account withExpiries(Account a, Map<HostPattern, Instant> hosts, Map<Grant, Instant> grants) {
        return new Account(
                a.id(),
                a.user(),
                a.authPlugin(),
                a.verifier(),
                a.status(),
                a.requireTls(),
                a.maxConnections(),
                a.hosts(),
                a.grants(),
                a.backend(),
                a.auditLevel(),
                new Expiries(hosts, grants, Set.of(), Set.of()),
                a.passwordExpired());
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
                Expiries.NONE,
                false);
    }
}
