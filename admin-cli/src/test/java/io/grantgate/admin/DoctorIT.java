package io.grantgate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantgate.account.BackendLogin;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code admin doctor}: finds drift between catalog and backend, and {@code --repair} removes it. */
class DoctorIT {

    private static AdminFixture fixture;

    @BeforeAll
    static void catalog() {
        fixture = new AdminFixture("doctor");
    }

    @Test
    void findsAndRepairsDrift() throws Exception {
        String shop = "dshop_" + fixture.prefix;
        String name = "drift_" + fixture.prefix;
        String locked = "dlock_" + fixture.prefix;
        fixture.admin(
                        "grant",
                        name,
                        "--host",
                        "%",
                        "--generate-password",
                        "--privileges",
                        "SELECT,INSERT",
                        "--on",
                        shop + ".*")
                .expect(0);
        fixture.admin("grant", locked, "--host", "%", "--generate-password").expect(0);
        fixture.admin("user", "lock", locked).expect(0);
        dropOtherOrphans();
        assertThat(fixture.admin("doctor").expect(0).out())
                .contains("all checks passed")
                .contains("can CREATE USER, GRANT and DROP USER");

        BackendLogin drifted = fixture.backendLogin(name);
        BackendLogin lockedLogin = fixture.backendLogin(locked);
        String orphan = "gg_orphan_99" + fixture.prefix.length();
        try (Connection admin = fixture.backend.connect("");
                Statement s = admin.createStatement()) {
            s.execute("REVOKE INSERT ON `" + shop.replace("_", "\\_") + "`.* FROM " + drifted.sql());
            s.execute("GRANT DELETE ON `" + shop.replace("_", "\\_") + "`.* TO " + drifted.sql());
            s.execute("ALTER USER " + lockedLogin.sql() + " ACCOUNT UNLOCK");
            s.execute("CREATE USER '" + orphan + "'@'%' IDENTIFIED BY 'x'");
        }

        CliRun sick = fixture.admin("doctor").expect(1);
        assertThat(sick.out())
                .contains("backend lacks 1 privilege")
                .contains("backend has extra 1 privilege")
                .contains("backend account is unlocked but the catalog says locked")
                .contains("'" + orphan + "'@'%' has no catalog account (orphan)")
                .contains("'admin doctor --repair' fixes drift");

        CliRun partly = fixture.admin("doctor", "--repair").expect(1);
        assertThat(partly.out()).contains(orphan + ": left alone; --drop-orphans drops it");
        CliRun repaired = fixture.admin("doctor", "--repair", "--drop-orphans").expect(0);
        assertThat(repaired.out()).contains("repaired");
        assertThat(fixture.admin("doctor", "-o", "json").expect(0).out()).contains("\"healthy\" : true");
        assertThat(fixture.backendExists(new BackendLogin(orphan, "%"))).isFalse();
    }

    @Test
    void aMissingBackendAccountIsRecreatedWithItsGrants() throws Exception {
        String name = "gone_" + fixture.prefix;
        fixture.admin("grant", name, "--host", "%", "--generate-password").expect(0);
        dropOtherOrphans();
        BackendLogin login = fixture.backendLogin(name);
        try (Connection admin = fixture.backend.connect("");
                Statement s = admin.createStatement()) {
            s.execute("DROP USER " + login.sql());
        }

        assertThat(fixture.admin("doctor").expect(1).out()).contains("is missing");
        fixture.admin("doctor", "--repair").expect(0);
        assertThat(fixture.backendExists(login)).isTrue();
        assertThat(fixture.admin("doctor").expect(0).out()).contains("match the catalog");
    }

    @Test
    void findsAndTakesAwayWhatEveryBackendAccountWouldShare() throws Exception {
        String shared = "dpub_" + fixture.prefix;
        boolean mariaDb = fixture.backend.isMariaDb();
        try (Connection admin = fixture.backend.connect("");
                Statement s = admin.createStatement()) {
            s.execute("CREATE USER ''@'10.9.9.9'");
            if (mariaDb) {
                s.execute("GRANT SELECT, INSERT ON `" + shared + "`.* TO PUBLIC");
            }
        }
        try {
            CliRun sick = fixture.admin("doctor").expect(1);
            assertThat(sick.out()).contains("anonymous account ''@'10.9.9.9': every backend account holds it");
            if (mariaDb) {
                assertThat(sick.out()).contains("PUBLIC holds privileges on `" + shared + "`.*");
            }

            CliRun repaired = fixture.admin("doctor", "--repair", "-o", "json");
            assertThat(repaired.out()).contains("DROP USER ''@'10.9.9.9'");
            assertThat(fixture.admin("doctor").out()).contains("no grant to PUBLIC, no anonymous account");
        } finally {
            try (Connection admin = fixture.backend.connect("");
                    Statement s = admin.createStatement()) {
                s.execute("DROP USER IF EXISTS ''@'10.9.9.9'");
                if (mariaDb) {
                    try {
                        s.execute("REVOKE ALL PRIVILEGES ON `" + shared + "`.* FROM PUBLIC");
                    } catch (SQLException ignored) {
                        // the repair took it away, as it should have: nothing left to clean up
                    }
                }
            }
        }
    }

    /** Other test classes' catalogs share this server; their backend accounts are orphans to this catalog. */
    private static void dropOtherOrphans() throws Exception {
        fixture.admin("doctor", "--repair", "--drop-orphans");
    }

    /**
     * Once the gateways' address is known (backend.account-host), a backend account still at '%' is
     * flagged, and --repair renames it there, grants and password kept.
     */
    @Test
    void backendAccountsOpenToAnyHostAreNarrowedToTheGatewaysAddress() throws Exception {
        AdminFixture own = new AdminFixture("doctorhost");
        String name = "open_" + own.prefix;
        own.admin("grant", name, "--host", "%", "--generate-password").expect(0);
        BackendLogin open = own.backendLogin(name);
        assertThat(open.host()).isEqualTo("%");
        assertThat(own.admin("doctor").out()).contains("backend accounts accept logins from any host ('%')");

        java.util.Map<String, String> narrowed = new java.util.HashMap<>(own.env);
        narrowed.put("GRANTGATE_BACKEND_ACCOUNT_HOST", "127.0.0.1");
        CliRun flagged = CliRun.run(narrowed, "doctor");
        assertThat(flagged.exitCode()).isEqualTo(1);
        assertThat(flagged.out())
                .contains("backend account " + open.sql()
                        + " accepts logins from any host; the gateways connect from '127.0.0.1'");

        CliRun repaired = CliRun.run(narrowed, "doctor", "--repair");
        assertThat(repaired.out()).contains("RENAME USER " + open.sql() + " TO '" + open.user() + "'@'127.0.0.1'");
        assertThat(own.backendLogin(name).host()).isEqualTo("127.0.0.1");
        assertThat(own.backendExists(open)).isFalse();
        assertThat(own.backendExists(own.backendLogin(name))).isTrue();
        assertThat(CliRun.run(narrowed, "doctor").out())
                .contains("every backend account accepts logins from '127.0.0.1' only")
                .as("the catalog and the backend agree on the new host (other tests' accounts may be orphans here)")
                .doesNotContain(open.user() + ":");
        try (Connection c = own.connectAsBackendAccount(name, "")) {
            assertThat(c.isValid(5))
                    .as("the derived password still logs in, now from 127.0.0.1")
                    .isTrue();
        }
    }
}
