package io.grantgate.provision;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantgate.catalog.Grant;
import io.grantgate.catalog.GrantScope;
import io.grantgate.catalog.Privilege;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GatewayCatalogAccessTest {

    private static final GrantScope SCHEMA = GrantScope.database("grantgate");

    @Test
    void readsTheSchemaAndWritesOnlyTheTablesTheGatewaysWriteThatExist() {
        Set<Grant> grants =
                GatewayCatalogAccess.grants("grantgate", List.of("account", "audit_event", "audit_checkpoint"));

        assertThat(grants)
                .containsExactlyInAnyOrder(
                        new Grant(Privilege.SELECT, SCHEMA),
                        new Grant(Privilege.INSERT, GrantScope.table("grantgate", "audit_event")),
                        new Grant(Privilege.INSERT, GrantScope.table("grantgate", "audit_checkpoint")),
                        new Grant(Privilege.UPDATE, GrantScope.table("grantgate", "audit_checkpoint")));
    }

    @Test
    void nothingIsGrantedOnTheAdminPlanesTablesOrAnythingAdministrative() {
        List<String> every = java.util.Arrays.stream(GatewayCatalogAccess.WrittenTable.values())
                .map(GatewayCatalogAccess.WrittenTable::table)
                .toList();
        Set<Grant> grants = GatewayCatalogAccess.grants("grantgate", every);

        assertThat(grants).allSatisfy(grant -> {
            assertThat(grant.dangerReason()).isEmpty();
            assertThat(grant.privilege()).isIn(Privilege.SELECT, Privilege.INSERT, Privilege.UPDATE, Privilege.DELETE);
            assertThat(grant.scope().table()).isNotIn("account", "account_grant", "account_host", "backend_account");
        });
        // a client's own password change: the verifier replaced and the version bumped, nothing else
        assertThat(grants)
                .filteredOn(grant -> List.of("account_verifier", "catalog_version")
                        .contains(grant.scope().table()))
                .extracting(Grant::privilege)
                .containsOnly(Privilege.UPDATE);
        assertThat(grants)
                .filteredOn(grant -> grant.privilege() == Privilege.DELETE)
                .extracting(grant -> grant.scope().table())
                .doesNotContain("audit_event", "audit_checkpoint");
    }

    @Test
    void aGrantHeldDirectlyOrThroughABroaderOneIsNotMissing() {
        Grant select = new Grant(Privilege.SELECT, SCHEMA);
        Grant insert = new Grant(Privilege.INSERT, GrantScope.table("grantgate", "audit_event"));
        Set<Grant> wanted = Set.of(select, insert);

        assertThat(GatewayCatalogAccess.missing(wanted, Set.of())).containsExactlyInAnyOrder(select, insert);
        assertThat(GatewayCatalogAccess.missing(wanted, Set.of(select))).containsExactly(insert);
        assertThat(GatewayCatalogAccess.missing(wanted, Set.of(new Grant(Privilege.INSERT, SCHEMA))))
                .containsExactly(select);
        assertThat(GatewayCatalogAccess.missing(wanted, Set.of(new Grant(Privilege.ALL_PRIVILEGES, SCHEMA))))
                .isEmpty();
        assertThat(GatewayCatalogAccess.missing(
                        wanted, Set.of(new Grant(Privilege.SELECT, GrantScope.database("other")))))
                .containsExactlyInAnyOrder(select, insert);
        assertThat(GatewayCatalogAccess.missing(
                        wanted, Set.of(new Grant(Privilege.INSERT, GrantScope.table("grantgate", "account")))))
                .containsExactlyInAnyOrder(select, insert);
    }
}
