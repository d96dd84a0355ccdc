package io.grantgate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantgate.catalog.HostPattern;
import io.grantgate.provision.BackendGrants;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A change is one unit: a backend failure leaves nothing behind, and concurrent admins serialise. */
class ChangeSafetyIT {

    private static AdminFixture fixture;

    @BeforeAll
    static void catalog() {
        fixture = new AdminFixture("safety");
    }

    @Test
    void whenTheBackendRefusesTheCatalogIsUnchangedAndTheBackendAccountIsUndone() throws Exception {
        String name = "halfway_" + fixture.prefix;
        long version = fixture.catalogVersion();
        int backendAccounts = derivedAccounts();

        // a table-level grant on a table that does not exist: the backend refuses it after CREATE USER ran
        CliRun run = fixture.admin(
                        "grant",
                        name,
                        "--host",
                        "%",
                        "--generate-password",
                        "--privileges",
                        "SELECT",
                        "--on",
                        "nosuchdb_" + fixture.prefix + ".nosuchtable")
                .expect(1);

        assertThat(run.err())
                .contains("the backend refused 'GRANT SELECT ON")
                .contains("the catalog is unchanged")
                .contains("undone");
        assertThat(fixture.account(name)).isEmpty();
        assertThat(fixture.catalogVersion()).isEqualTo(version);
        assertThat(derivedAccounts()).as("no half-provisioned backend account").isEqualTo(backendAccounts);
        try (Connection c = fixture.backend.connect(fixture.schema);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT outcome, user_name FROM audit_event WHERE reason = 'grant' ORDER BY id DESC LIMIT 1")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).as("the failure is audited").isEqualTo("error");
            assertThat(rs.getString(2)).isEqualTo(name);
        }
    }

    @Test
    void twoAdminsGrantingAtOnceLoseNothing() throws Exception {
        String name = "busy_" + fixture.prefix;
        fixture.admin("grant", name, "--host", "10.0.0.1", "--generate-password")
                .expect(0);
        long version = fixture.catalogVersion();
        int changes = 16;

        List<Future<CliRun>> runs = new ArrayList<>();
        try (ExecutorService admins = Executors.newFixedThreadPool(2)) {
            IntStream.range(0, changes)
                    .forEach(i -> runs.add(admins.submit(() -> fixture.admin("grant", name, "--host", "10.1.0." + i))));
        }
        for (Future<CliRun> run : runs) {
            run.get().expect(0);
        }

        assertThat(fixture.account(name).orElseThrow().hosts())
                .hasSize(changes + 1)
                .contains(HostPattern.parse("10.1.0.0"), HostPattern.parse("10.1.0." + (changes - 1)));
        assertThat(fixture.catalogVersion()).as("one version per change").isEqualTo(version + changes);
    }

    private int derivedAccounts() throws Exception {
        try (Connection admin = fixture.backend.connect("")) {
            return BackendGrants.derivedAccounts(admin).size();
        }
    }
}
