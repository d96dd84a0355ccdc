package io.grantgate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantgate.account.BackendLogin;
import io.grantgate.catalog.Grant;
import io.grantgate.catalog.GrantScope;
import io.grantgate.catalog.Privilege;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * MariaDB's own privileges through {@code admin grant} and {@code admin revoke} on the test backend
 * (MariaDB 11.4): each lands on the backend account in MariaDB's spelling, {@code admin doctor}
 * reads it back without drift, revoking takes it away; a MySQL-only privilege is refused before
 * anything changes.
 */
class PrivilegeDialectIT {

    private static AdminFixture fixture;
    private static String shop;

    @BeforeAll
    static void catalogAndShop() throws SQLException {
        fixture = new AdminFixture("privdialect");
        shop = "pshop_" + fixture.prefix;
        try (Connection c = fixture.backend.connect("");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE `" + shop + "`");
            s.execute("CREATE TABLE `" + shop + "`.ledger (id INT) WITH SYSTEM VERSIONING");
        }
    }

    /**
     * Admin input (either spelling, any case), what MariaDB 11.4's SHOW GRANTS prints for it, and
     * the privilege read back.
     */
    private static final List<String[]> MARIADB_PRIVILEGES = List.of(
            new String[] {"BINLOG_ADMIN", "BINLOG ADMIN", "BINLOG_ADMIN"},
            new String[] {"binlog monitor", "BINLOG MONITOR", "REPLICATION_CLIENT"},
            new String[] {"BINLOG REPLAY", "BINLOG REPLAY", "BINLOG_REPLAY"},
            new String[] {"connection_admin", "CONNECTION ADMIN", "CONNECTION_ADMIN"},
            new String[] {"DELETE HISTORY", "DELETE HISTORY", "DELETE_HISTORY"},
            new String[] {"FEDERATED ADMIN", "FEDERATED ADMIN", "FEDERATED_ADMIN"},
            new String[] {"read_only admin", "READ_ONLY ADMIN", "READ_ONLY_ADMIN"},
            new String[] {"REPLICATION MASTER ADMIN", "REPLICATION MASTER ADMIN", "REPLICATION_MASTER_ADMIN"},
            new String[] {"replication slave admin", "REPLICATION SLAVE ADMIN", "REPLICATION_SLAVE_ADMIN"},
            new String[] {"SET USER", "SET USER", "SET_USER"},
            new String[] {"replica monitor", "SLAVE MONITOR", "SLAVE_MONITOR"},
            new String[] {"SHOW CREATE ROUTINE", "SHOW CREATE ROUTINE", "SHOW_CREATE_ROUTINE"});

    /** One account, each privilege granted in turn (doctor once all are held), then each revoked. */
    @Test
    void eachMariaDbPrivilegeIsGrantedReadBackAndRevoked() throws Exception {
        String user = "each_" + fixture.prefix;
        fixture.admin("grant", user, "--host", "%", "--generate-password").expect(0);
        Set<Grant> expected = new HashSet<>();

        for (String[] row : MARIADB_PRIVILEGES) {
            Grant grant = new Grant(Privilege.valueOf(row[2]), GrantScope.global());
            fixture.admin("grant", user, "--privileges", row[0], "--on", "*.*", "--allow-dangerous")
                    .expect(0);
            expected.add(grant);

            assertThat(showGrants(user))
                    .as(row[0])
                    .anyMatch(line -> line.matches("GRANT .*\\b" + row[1] + "\\b.* ON \\*\\.\\* TO .*"));
            assertThat(fixture.backendGrants(user)).as(row[0]).isEqualTo(expected);
            assertThat(fixture.account(user).orElseThrow().grants()).as(row[0]).isEqualTo(expected);
        }
        assertNoDrift(user);

        for (String[] row : MARIADB_PRIVILEGES) {
            fixture.admin("revoke", user, "--privileges", row[0], "--on", "*.*").expect(0);
            expected.remove(new Grant(Privilege.valueOf(row[2]), GrantScope.global()));

            assertThat(showGrants(user)).as(row[0]).noneMatch(line -> line.contains(row[1]));
            assertThat(fixture.backendGrants(user)).as(row[0]).isEqualTo(expected);
            assertThat(fixture.account(user).orElseThrow().grants()).as(row[0]).isEqualTo(expected);
        }
        assertThat(showGrants(user)).singleElement().asString().startsWith("GRANT USAGE ON *.* TO ");
        assertNoDrift(user);
    }

    @Test
    void deleteHistoryAndShowCreateRoutineBelowTheGlobalLevelNeedNoAllowDangerous() throws Exception {
        String user = "hist_" + fixture.prefix;
        fixture.admin(
                        "grant",
                        user,
                        "--host",
                        "%",
                        "--generate-password",
                        "--privileges",
                        "delete history,show create routine",
                        "--on",
                        shop + ".*")
                .expect(0);
        fixture.admin("grant", user, "--privileges", "DELETE HISTORY,SELECT", "--on", shop + ".ledger")
                .expect(0);

        GrantScope db = GrantScope.database(shop);
        GrantScope ledger = GrantScope.table(shop, "ledger");
        assertThat(fixture.backendGrants(user))
                .containsExactlyInAnyOrder(
                        new Grant(Privilege.DELETE_HISTORY, db),
                        new Grant(Privilege.SHOW_CREATE_ROUTINE, db),
                        new Grant(Privilege.DELETE_HISTORY, ledger),
                        new Grant(Privilege.SELECT, ledger));
        assertNoDrift(user);
        // the backend account really may delete the table's history
        try (Connection c = fixture.connectAsBackendAccount(user, shop);
                Statement s = c.createStatement()) {
            s.execute("DELETE HISTORY FROM ledger");
        }

        CliRun global = fixture.admin("grant", user, "--privileges", "SHOW CREATE ROUTINE", "--on", "*.*")
                .expect(2);
        assertThat(global.err())
                .contains("SHOW CREATE ROUTINE on *.* is refused because")
                .contains("allow-dangerous");
        CliRun dangerous = fixture.admin("grant", user, "--privileges", "CONNECTION ADMIN", "--on", "*.*")
                .expect(2);
        assertThat(dangerous.err()).contains("CONNECTION ADMIN is refused because it kills other accounts' sessions");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "SYSTEM_VARIABLES_ADMIN | SYSTEM_VARIABLES_ADMIN is a MySQL privilege; this backend is MariaDB, which has no such privilege; the nearest MariaDB privilege is SUPER",
                "select,role_admin      | ROLE_ADMIN is a MySQL privilege; this backend is MariaDB, which has no such privilege",
                "create role            | CREATE ROLE is a MySQL privilege; this backend is MariaDB",
                "set_any_definer        | the nearest MariaDB privilege is SET USER",
            })
    void aMySqlOnlyPrivilegeIsRefusedBeforeAnythingChanges(String input, String message) throws Exception {
        String user = "mysqlonly_" + fixture.prefix;
        if (fixture.account(user).isEmpty()) {
            fixture.admin("grant", user, "--host", "%", "--generate-password").expect(0);
        }
        long version = fixture.catalogVersion();
        List<String> grantsBefore = showGrants(user);

        for (boolean dryRun : new boolean[] {true, false}) {
            List<String> args =
                    new ArrayList<>(List.of("grant", user, "--privileges", input, "--on", "*.*", "--allow-dangerous"));
            if (dryRun) {
                args.add("--dry-run");
            }
            CliRun refused = fixture.admin(args.toArray(String[]::new)).expect(1);
            assertThat(refused.err()).contains(message);
            assertThat(refused.out()).doesNotContain("GRANT ");
        }

        assertThat(fixture.catalogVersion()).isEqualTo(version);
        assertThat(fixture.account(user).orElseThrow().grants()).isEmpty();
        assertThat(showGrants(user)).isEqualTo(grantsBefore);
        assertNoDrift(user);
    }

    @Test
    void bothSpellingsInOneListAreOneGrant() throws Exception {
        String user = "both_" + fixture.prefix;
        fixture.admin(
                        "grant",
                        user,
                        "--host",
                        "%",
                        "--generate-password",
                        "--privileges",
                        "CONNECTION_ADMIN, connection  admin,Binlog_Admin",
                        "--on",
                        "*.*",
                        "--allow-dangerous")
                .expect(0);

        assertThat(fixture.account(user).orElseThrow().grants())
                .containsExactlyInAnyOrder(
                        new Grant(Privilege.CONNECTION_ADMIN, GrantScope.global()),
                        new Grant(Privilege.BINLOG_ADMIN, GrantScope.global()));
        assertThat(showGrants(user))
                .anyMatch(line -> line.startsWith("GRANT CONNECTION ADMIN, BINLOG ADMIN ON *.* TO "));
        assertThat(fixture.admin("show-grants", user).expect(0).out()).contains("CONNECTION ADMIN, BINLOG ADMIN");
        assertNoDrift(user);
    }

    /** {@code admin doctor} reports no drift for this account (other test classes' accounts are not ours to judge). */
    private static void assertNoDrift(String user) throws SQLException {
        BackendLogin login = fixture.backendLogin(user);
        CliRun doctor = fixture.admin("doctor");
        assertThat(doctor.out().lines().filter(line -> line.contains(user) || line.contains(login.user())))
                .isEmpty();
    }

    private static List<String> showGrants(String user) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Connection admin = fixture.backend.connect("");
                Statement s = admin.createStatement();
                ResultSet rows = s.executeQuery(
                        "SHOW GRANTS FOR " + fixture.backendLogin(user).sql())) {
            while (rows.next()) {
                lines.add(rows.getString(1));
            }
        }
        return lines;
    }
}
