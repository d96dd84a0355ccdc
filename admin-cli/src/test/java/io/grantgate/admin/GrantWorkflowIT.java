package io.grantgate.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grantgate.catalog.Account;
import io.grantgate.catalog.Grant;
import io.grantgate.catalog.GrantScope;
import io.grantgate.catalog.HostPattern;
import io.grantgate.catalog.Privilege;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The classic workflow, automated: create from one IP, allow from anywhere, reload, revoke, with the
 * backend's own SHOW GRANTS checked against {@code admin show-grants} after each step.
 */
class GrantWorkflowIT {

    private static AdminFixture fixture;
    private static String shop;

    @BeforeAll
    static void catalogAndShop() throws SQLException {
        fixture = new AdminFixture("workflow");
        shop = "shop_" + fixture.prefix;
        try (Connection c = fixture.backend.connect("");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE `" + shop + "`");
            s.execute("CREATE TABLE `" + shop + "`.orders (id INT PRIMARY KEY, total INT)");
            s.execute("INSERT INTO `" + shop + "`.orders VALUES (1, 42)");
            s.execute("CREATE DATABASE IF NOT EXISTS `other_" + fixture.prefix + "`");
        }
    }

    private String user(String name) {
        return name + "_" + fixture.prefix;
    }

    @Test
    void seedWorkflowCreatesFromOneIpThenAllowsFromAnywhereThenReloads() throws Exception {
        String xuys = user("xuys");
        long before = fixture.catalogVersion();

        CliRun created = fixture.adminWithInput(
                        "s3cret-Pass\n",
                        "grant",
                        xuys,
                        "--host",
                        "192.168.88.234",
                        "--password-stdin",
                        "--privileges",
                        "SELECT,UPDATE,INSERT,DELETE",
                        "--on",
                        shop + ".*")
                .expect(0);
        assertThat(created.out())
                .contains("account '" + xuys
                        + "' created (caching_sha2_password); allowed from '192.168.88.234'; 4 privileges on `"
                        + shop.replace("_", "\\_") + "`.* (SELECT, INSERT, UPDATE, DELETE)")
                .contains("backend account 'gg_")
                .contains("catalog version " + (before + 1));
        Set<Grant> four = Set.of(
                grant(Privilege.SELECT), grant(Privilege.INSERT), grant(Privilege.UPDATE), grant(Privilege.DELETE));
        assertThat(fixture.backendGrants(xuys)).isEqualTo(four);
        assertThat(fixture.account(xuys).orElseThrow().verifier().matches("s3cret-Pass"))
                .isTrue();

        CliRun anywhere = fixture.admin("grant", xuys, "--host", "%").expect(0);
        assertThat(anywhere.out()).contains("account '" + xuys + "'; allowed from '%'");
        Account account = fixture.account(xuys).orElseThrow();
        assertThat(account.hosts()).containsExactly(HostPattern.parse("192.168.88.234"), HostPattern.parse("%"));
        assertThat(fixture.backendGrants(xuys)).isEqualTo(four);

        CliRun grants = fixture.admin("show-grants", xuys).expect(0);
        String on = "`" + shop.replace("_", "\\_") + "`.*";
        assertThat(grants.out().lines())
                .containsExactly(
                        "GRANT USAGE ON *.* TO '" + xuys + "'@'192.168.88.234'",
                        "GRANT SELECT, INSERT, UPDATE, DELETE ON " + on + " TO '" + xuys + "'@'192.168.88.234'",
                        "GRANT USAGE ON *.* TO '" + xuys + "'@'%'",
                        "GRANT SELECT, INSERT, UPDATE, DELETE ON " + on + " TO '" + xuys + "'@'%'");

        CliRun reload = fixture.admin("reload").expect(0);
        assertThat(reload.out()).contains("reload requested").contains("catalog version " + (before + 3));
        assertThat(fixture.catalogVersion()).isEqualTo(before + 3);
    }

    @Test
    void theBackendAccountEnforcesExactlyTheGrants() throws Exception {
        String reader = user("reader");
        fixture.admin(
                        "grant",
                        reader,
                        "--host",
                        "%",
                        "--generate-password",
                        "--privileges",
                        "SELECT",
                        "--on",
                        shop + ".*")
                .expect(0);

        try (Connection c = fixture.connectAsBackendAccount(reader, shop);
                Statement s = c.createStatement()) {
            var rs = s.executeQuery("SELECT total FROM orders WHERE id = 1");
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(42);
            assertThatThrownBy(() -> s.executeUpdate("DELETE FROM orders"))
                    .isInstanceOfSatisfying(
                            SQLException.class,
                            e -> assertThat(e.getErrorCode()).isEqualTo(1142));
            assertThatThrownBy(() -> s.execute("USE `other_" + fixture.prefix + "`"))
                    .isInstanceOfSatisfying(
                            SQLException.class,
                            e -> assertThat(e.getErrorCode()).isEqualTo(1044));
        }
    }

    @Test
    void grantingWhatIsAlreadyHeldChangesNothing() throws Exception {
        String idem = user("idem");
        fixture.admin(
                        "grant",
                        idem,
                        "--host",
                        "10.0.0.0/8",
                        "--generate-password",
                        "--privileges",
                        "SELECT",
                        "--on",
                        shop + ".*")
                .expect(0);
        long version = fixture.catalogVersion();

        CliRun again = fixture.admin(
                        "grant", idem, "--host", "10.0.0.0/255.0.0.0", "--privileges", "select", "--on", shop + ".*")
                .expect(0);

        assertThat(again.out()).startsWith("nothing to change: account '" + idem + "' already has");
        assertThat(fixture.catalogVersion()).isEqualTo(version);
    }

    @Test
    void dryRunPrintsTheWholePlanAndChangesNothing() throws Exception {
        String planned = user("planned");
        long version = fixture.catalogVersion();

        CliRun dry = fixture.admin(
                        "grant",
                        planned,
                        "--host",
                        "%",
                        "--generate-password",
                        "--privileges",
                        "SELECT,INSERT",
                        "--on",
                        shop + ".*",
                        "--dry-run")
                .expect(0);

        assertThat(dry.out())
                .contains("dry run: nothing was changed")
                .contains("catalog: INSERT INTO account (id, user_name")
                .contains("<password verifier>")
                .contains("catalog: UPDATE catalog_version SET version = version + 1")
                .contains("backend: CREATE USER")
                .contains("<derived secret>")
                .contains("backend: GRANT SELECT, INSERT ON");
        assertThat(dry.out()).doesNotContain("generated password");
        assertThat(fixture.account(planned)).isEmpty();
        assertThat(fixture.catalogVersion()).isEqualTo(version);
    }

    @Test
    void revokeTakesPrivilegesThenHostsThenEverything() throws Exception {
        String rev = user("rev");
        fixture.admin(
                        "grant",
                        rev,
                        "--host",
                        "127.0.0.1",
                        "--host",
                        "%",
                        "--generate-password",
                        "--privileges",
                        "SELECT,INSERT,DELETE",
                        "--on",
                        shop + ".*")
                .expect(0);

        CliRun lost = fixture.admin("revoke", rev, "--privileges", "DELETE", "--on", shop + ".*")
                .expect(0);
        assertThat(lost.out()).contains("lost 1 privilege on");
        assertThat(fixture.backendGrants(rev)).isEqualTo(Set.of(grant(Privilege.SELECT), grant(Privilege.INSERT)));

        fixture.admin("revoke", rev, "--host", "%").expect(0);
        assertThat(fixture.account(rev).orElseThrow().hosts()).containsExactly(HostPattern.parse("127.0.0.1"));

        CliRun nothing = fixture.admin("revoke", rev, "--host", "%").expect(0);
        assertThat(nothing.out()).contains("nothing to revoke");

        fixture.admin("revoke", rev, "--all").expect(0);
        assertThat(fixture.account(rev).orElseThrow().grants()).isEmpty();
        assertThat(fixture.backendGrants(rev)).isEmpty();
        assertThat(fixture.admin("show-grants", rev).expect(0).out().strip())
                .isEqualTo("GRANT USAGE ON *.* TO '" + rev + "'@'127.0.0.1'");
    }

    @Test
    void jsonOutputCarriesTheGeneratedPasswordOnce() throws Exception {
        String js = user("json");
        CliRun run = fixture.admin("grant", js, "--host", "%", "--generate-password", "--output", "json")
                .expect(0);

        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.get("action").asText()).isEqualTo("grant");
        assertThat(json.get("applied").asBoolean()).isTrue();
        String password = json.get("generatedPassword").asText();
        assertThat(password).hasSize(24);
        assertThat(fixture.account(js).orElseThrow().verifier().matches(password))
                .isTrue();

        JsonNode list = new ObjectMapper()
                .readTree(fixture.admin("user", "list", "-o", "json").expect(0).out());
        assertThat(list.findValuesAsText("user")).contains(js);
        assertThat(list.toString()).doesNotContain(password);
    }

    /**
     * A provisioning script run again: the same grant with the account's current password changes
     * nothing (exit 0, no new catalog version, the stored verifier kept), for both verifier kinds;
     * a different password is still refused with the command that changes it.
     */
    @ParameterizedTest
    @ValueSource(strings = {"caching_sha2_password", "mysql_native_password"})
    void grantingAgainWithTheCurrentPasswordChangesNothing(String plugin) throws Exception {
        String again = user(plugin.startsWith("caching") ? "againsha" : "againnat");
        String[] grant = {
            "grant",
            again,
            "--host",
            "10.0.0.0/8",
            "--password-stdin",
            "--auth-plugin",
            plugin,
            "--privileges",
            "SELECT",
            "--on",
            shop + ".*"
        };
        fixture.adminWithInput("Same-Pass-1\n", grant).expect(0);
        String stored = fixture.account(again).orElseThrow().verifier().authenticationString();
        long version = fixture.catalogVersion();

        CliRun repeated = fixture.adminWithInput("Same-Pass-1\n", grant).expect(0);
        assertThat(repeated.out())
                .contains("nothing to change: account '" + again + "' already has all of it")
                .contains("the password given is its current one");
        assertThat(fixture.catalogVersion()).isEqualTo(version);
        assertThat(fixture.account(again).orElseThrow().verifier().authenticationString())
                .isEqualTo(stored);

        CliRun another = fixture.adminWithInput("Other-Pass-2\n", grant).expect(1);
        assertThat(another.err())
                .contains(
                        "account '" + again + "' exists; change its password with 'admin user password " + again + "'");
        assertThat(fixture.account(again).orElseThrow().verifier().matches("Same-Pass-1"))
                .isTrue();

        CliRun moreHosts = fixture.adminWithInput(
                        "Same-Pass-1\n",
                        "grant",
                        again,
                        "--host",
                        "127.0.0.1",
                        "--password-stdin",
                        "--privileges",
                        "SELECT",
                        "--on",
                        shop + ".*")
                .expect(0);
        assertThat(moreHosts.out()).contains("account '" + again + "'; allowed from '127.0.0.1'");
        assertThat(fixture.catalogVersion()).isEqualTo(version + 1);
        assertThat(fixture.account(again).orElseThrow().verifier().authenticationString())
                .isEqualTo(stored);
    }

    private Grant grant(Privilege privilege) {
        return new Grant(privilege, GrantScope.database(shop));
    }
}
