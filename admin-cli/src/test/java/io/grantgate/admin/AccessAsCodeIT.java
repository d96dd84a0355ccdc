package io.grantgate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.grantgate.account.BackendLogin;
import io.grantgate.catalog.Account;
import io.grantgate.catalog.AccountStatus;
import io.grantgate.catalog.AuditLevel;
import io.grantgate.catalog.Grant;
import io.grantgate.catalog.GrantScope;
import io.grantgate.catalog.HostPattern;
import io.grantgate.catalog.Privilege;
import io.grantgate.provision.BackendGrants;
import io.grantgate.provision.Expiry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code admin export}, {@code diff} and {@code apply} on the real test server: accounts made with
 * the ordinary commands export to a file whose apply changes nothing; an edited file's diff shows
 * exactly the edits, its apply makes them (SHOW GRANTS on the backend agrees), {@code --prune}
 * removes what the file no longer names, and a backend failure midway leaves the catalog and the
 * backend as they were.
 */
class AccessAsCodeIT {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NEW_PASSWORD = "fr0m-The-Environment";

    private static AdminFixture fixture;
    private static String shop;

    @TempDir
    Path dir;

    @BeforeAll
    static void catalogAndShop() throws Exception {
        fixture = new AdminFixture("access");
        shop = "shop_" + fixture.prefix;
        try (Connection c = fixture.backend.connect("");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE `" + shop + "`");
            s.execute("CREATE TABLE `" + shop + "`.orders (id INT PRIMARY KEY, total INT)");
            s.execute("INSERT INTO `" + shop + "`.orders VALUES (1, 42)");
        }
    }

    private static String user(String name) {
        return name + "_" + fixture.prefix;
    }

    @Test
    void exportApplyIsANoOpAndEditsAreAppliedExactly() throws Exception {
        String app = user("app");
        String report = user("report");
        String legacy = user("legacy");
        String neo = user("neo");
        String gone = user("gone");
        fixture.adminWithInput(
                        "app-Passw0rd\n",
                        "grant",
                        app,
                        "--host",
                        "127.0.0.1",
                        "--host",
                        "10.0.0.1",
                        "--password-stdin",
                        "--privileges",
                        "SELECT,INSERT",
                        "--on",
                        shop + ".*")
                .expect(0);
        fixture.admin(
                        "grant",
                        report,
                        "--host",
                        "%",
                        "--generate-password",
                        "--privileges",
                        "SELECT",
                        "--on",
                        shop + ".orders",
                        "--max-connections",
                        "3",
                        "--require-tls")
                .expect(0);
        fixture.admin(
                        "user",
                        "create",
                        legacy,
                        "--host",
                        "192.168.0.0/16",
                        "--generate-password",
                        "--auth-plugin",
                        "mysql_native_password")
                .expect(0);
        fixture.admin("user", "lock", legacy).expect(0);
        fixture.admin("user", "audit", legacy, "--level", "statements").expect(0);

        // export, then apply of that file changes nothing, in either format
        Path exported = dir.resolve("access.yaml");
        CliRun export = fixture.admin("export", "--file", exported.toString()).expect(0);
        assertThat(export.err()).contains("wrote 3 accounts to " + exported);
        assertThat(AccessFileTest.validate(exported)).isEmpty();
        String yaml = Files.readString(exported);
        assertThat(yaml).contains("name: " + legacy).contains("status: locked").contains("auditLevel: statements");
        assertThat(yaml)
                .as("no verifier")
                .doesNotContain("$A$")
                .doesNotContain(fixture.account(legacy).orElseThrow().verifier().authenticationString());
        long version = fixture.catalogVersion();
        CliRun same = fixture.admin("diff", "-f", exported.toString()).expect(0);
        assertThat(same.out()).isEqualTo("nothing to change: the catalog holds what the file says\n");
        assertThat(same.err()).contains(exported + ": 3 accounts");
        fixture.admin("apply", "-f", exported.toString(), "--prune").expect(0);
        Path json = dir.resolve("access.json");
        Files.writeString(json, fixture.admin("export", "-o", "json").expect(0).out());
        assertThat(AccessFileTest.validate(json)).isEmpty();
        fixture.admin("diff", "-f", json.toString(), "--prune").expect(0);
        assertThat(fixture.catalogVersion()).as("nothing was applied").isEqualTo(version);

        // edit: a grant more and a host pattern less for app, a new account with its password from the environment
        ObjectNode file = (ObjectNode) YAML.readTree(exported.toFile());
        ObjectNode appEntry = entry(file, app);
        ((ArrayNode) appEntry.get("grants"))
                .addObject()
                .put("scope", shop + ".*")
                .putArray("privileges")
                .add("UPDATE");
        ArrayNode hosts = (ArrayNode) appEntry.get("hosts");
        for (int i = 0; i < hosts.size(); i++) {
            if (hosts.get(i).get("pattern").asText().equals("10.0.0.1")) {
                hosts.remove(i);
            }
        }
        ObjectNode neoEntry = ((ArrayNode) file.get("accounts")).addObject();
        neoEntry.put("name", neo);
        neoEntry.putObject("password").put("env", "NEO_PASSWORD");
        neoEntry.putArray("hosts").addObject().put("pattern", "127.0.0.1");
        neoEntry.putArray("grants")
                .addObject()
                .put("scope", shop + ".*")
                .putArray("privileges")
                .add("SELECT");
        Path edited = dir.resolve("edited.yaml");
        YAML.writeValue(edited.toFile(), file);
        Map<String, String> env = new HashMap<>(fixture.env);
        env.put("NEO_PASSWORD", NEW_PASSWORD);

        String on = "`" + shop.replace("_", "\\_") + "`.*";
        CliRun diff =
                CliRun.run(env, "diff", "-f", edited.toString(), "-o", "json").expect(DiffCommand.DIFFERS);
        JsonNode plan = JSON.readTree(diff.out());
        assertThat(strings(plan.get("summary")))
                .as("without --prune: only what was added")
                .hasSize(3)
                .startsWith(
                        "account '" + app + "'; 1 privilege on " + on + " (UPDATE)",
                        "account '" + neo
                                + "' created (caching_sha2_password); allowed from '127.0.0.1'; 1 privilege on " + on
                                + " (SELECT)")
                .last()
                .asString()
                .matches("backend account 'gg_" + neo.replace("_", "") + "_[0-9]+'@'%' provisioned");
        assertThat(plan.get("dryRun").asBoolean()).isTrue();
        CliRun pruneDiff =
                CliRun.run(env, "diff", "-f", edited.toString(), "--prune").expect(DiffCommand.DIFFERS);
        assertThat(pruneDiff.out())
                .startsWith("dry run: nothing was changed. The change would be:\n  account '" + app
                        + "' no longer allowed from '10.0.0.1'")
                .contains("catalog: DELETE FROM account_host WHERE account_id = "
                        + fixture.account(app).orElseThrow().id() + " AND host_pattern = '10.0.0.1';")
                .contains("backend: GRANT UPDATE ON " + on + " TO 'gg_app");
        assertThat(fixture.catalogVersion()).isEqualTo(version);

        // apply without --prune: the additions, in one change
        CliRun applied = CliRun.run(env, "apply", "-f", edited.toString()).expect(0);
        assertThat(applied.out()).contains("catalog version " + (version + 1));
        assertThat(fixture.catalogVersion()).isEqualTo(version + 1);
        assertThat(fixture.backendGrants(app)).contains(new Grant(Privilege.UPDATE, GrantScope.database(shop)));
        assertThat(fixture.account(app).orElseThrow().hosts()).contains(HostPattern.parse("10.0.0.1"));
        Account created = fixture.account(neo).orElseThrow();
        assertThat(created.verifier().matches(NEW_PASSWORD)).isTrue();
        assertThat(fixture.backendGrants(neo)).containsExactly(new Grant(Privilege.SELECT, GrantScope.database(shop)));
        try (Connection c = fixture.connectAsBackendAccount(neo, shop);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT total FROM orders")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(42);
        }
        CliRun again = CliRun.run(env, "diff", "-f", edited.toString()).expect(0);
        assertThat(again.out()).contains("nothing to change");

        // --prune: the host pattern the file dropped, and an account it never named
        fixture.admin("grant", gone, "--host", "%", "--generate-password").expect(0);
        BackendLogin goneLogin = fixture.backendLogin(gone);
        CliRun pruned = CliRun.run(env, "apply", "-f", edited.toString(), "--prune", "-o", "json")
                .expect(0);
        assertThat(strings(JSON.readTree(pruned.out()).get("summary")))
                .anyMatch(s -> s.startsWith("account '" + gone + "' dropped"))
                .anyMatch(s -> s.startsWith("account '" + app + "' no longer allowed from '10.0.0.1'"));
        assertThat(fixture.account(gone)).isEmpty();
        assertThat(fixture.backendExists(goneLogin)).isFalse();
        assertThat(fixture.account(app).orElseThrow().hosts()).containsExactly(HostPattern.parse("127.0.0.1"));
        Account locked = fixture.account(legacy).orElseThrow();
        assertThat(locked.status()).isEqualTo(AccountStatus.LOCKED);
        assertThat(locked.auditLevel()).contains(AuditLevel.STATEMENTS);
        assertThat(fixture.account(report).orElseThrow().maxConnections()).isEqualTo(OptionalInt.of(3));
        CliRun.run(env, "diff", "-f", edited.toString(), "--prune").expect(0);
    }

    @Test
    void aBackendFailureMidwayLeavesTheCatalogAndTheBackendAsTheyWere() throws Exception {
        String held = user("held");
        String later = "zheld_" + fixture.prefix;
        for (String name : List.of(held, later)) {
            fixture.admin(
                            "grant",
                            name,
                            "--host",
                            "%",
                            "--generate-password",
                            "--privileges",
                            "SELECT",
                            "--on",
                            shop + ".*")
                    .expect(0);
        }
        Path base = dir.resolve("base.yaml");
        fixture.admin("export", "--file", base.toString()).expect(0);
        ObjectNode file = (ObjectNode) YAML.readTree(base.toFile());
        ((ArrayNode) entry(file, held).get("grants"))
                .addObject()
                .put("scope", shop + ".*")
                .putArray("privileges")
                .add("DELETE");
        // undoing this one, which never runs, would fail (no grant on the table to revoke)
        ((ArrayNode) entry(file, later).get("grants"))
                .addObject()
                .put("scope", shop + ".orders")
                .putArray("privileges")
                .add("SELECT");
        ArrayNode accounts = (ArrayNode) file.get("accounts");
        // in name order: held's new grant runs, hfails' grant is refused, zlast and zheld are never reached
        ObjectNode last = accounts.addObject().put("name", "zlast_" + fixture.prefix);
        last.putObject("password").put("env", "NEO_PASSWORD");
        last.putArray("hosts").addObject().put("pattern", "%");
        ObjectNode failing = accounts.addObject().put("name", "hfails_" + fixture.prefix);
        failing.putObject("password").put("env", "NEO_PASSWORD");
        failing.putArray("grants")
                .addObject()
                .put("scope", "nosuchdb_" + fixture.prefix + ".nosuchtable")
                .putArray("privileges")
                .add("SELECT");
        Path bad = dir.resolve("bad.yaml");
        YAML.writeValue(bad.toFile(), file);
        Map<String, String> env = new HashMap<>(fixture.env);
        env.put("NEO_PASSWORD", NEW_PASSWORD);
        long version = fixture.catalogVersion();
        int backendAccounts = derivedAccounts();

        CliRun run = CliRun.run(env, "apply", "-f", bad.toString()).expect(1);

        assertThat(run.err())
                .contains("the backend refused 'GRANT SELECT ON `nosuchdb_")
                .contains("the catalog is unchanged")
                .contains("the backend statements already run were undone");
        assertThat(fixture.catalogVersion()).isEqualTo(version);
        assertThat(fixture.backendGrants(later))
                .containsExactly(new Grant(Privilege.SELECT, GrantScope.database(shop)));
        assertThat(fixture.account("hfails_" + fixture.prefix)).isEmpty();
        assertThat(fixture.account("zlast_" + fixture.prefix)).isEmpty();
        assertThat(derivedAccounts())
                .as("the backend account created before the failure is dropped")
                .isEqualTo(backendAccounts);
        assertThat(fixture.backendGrants(held))
                .as("the grant added before the failure is revoked")
                .containsExactly(new Grant(Privilege.SELECT, GrantScope.database(shop)));
        try (Connection c = fixture.backend.connect(fixture.schema);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT outcome FROM audit_event WHERE reason = 'apply' ORDER BY id DESC LIMIT 1")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).as("the failure is audited").isEqualTo("error");
        }
    }

    /**
     * What ends round-trips with its end, and the file is the source of truth for it: a later or an
     * earlier expires moves the end, none makes the entry permanent, a past one is refused; only the
     * catalog changes, the backend account keeps its grants.
     */
    @Test
    void expiriesRoundTripAndTheFileSetsThem() throws Exception {
        String temp = user("temp");
        fixture.admin(
                        "grant",
                        temp,
                        "--host",
                        "127.0.0.1",
                        "--generate-password",
                        "--privileges",
                        "SELECT",
                        "--on",
                        shop + ".*")
                .expect(0);
        fixture.admin("grant", temp, "--host", "10.0.0.2", "--privileges", "INSERT", "--on", shop + ".*", "--for", "2h")
                .expect(0);
        Grant insert = new Grant(Privilege.INSERT, GrantScope.database(shop));
        HostPattern tenTwo = HostPattern.parse("10.0.0.2");
        Instant end = fixture.account(temp).orElseThrow().expiries().of(insert).orElseThrow();

        Path exported = dir.resolve("ending.yaml");
        fixture.admin("export", "--file", exported.toString()).expect(0);
        assertThat(AccessFileTest.validate(exported)).isEmpty();
        ObjectNode file = (ObjectNode) YAML.readTree(exported.toFile());
        ObjectNode tempEntry = entry(file, temp);
        assertThat(entryOf(tempEntry.get("hosts"), "pattern", "10.0.0.2")
                        .get("expires")
                        .asText())
                .isEqualTo(end.toString());
        assertThat(entryOf(tempEntry.get("hosts"), "pattern", "127.0.0.1").has("expires"))
                .isFalse();
        long version = fixture.catalogVersion();
        assertThat(fixture.admin("diff", "-f", exported.toString()).expect(0).out())
                .isEqualTo("nothing to change: the catalog holds what the file says\n");
        fixture.admin("apply", "-f", exported.toString()).expect(0);
        assertThat(fixture.catalogVersion())
                .as("the round trip changed nothing")
                .isEqualTo(version);

        // the grant ends an hour later, the host pattern never
        Instant later = end.plusSeconds(3600);
        grantEntry(tempEntry, "INSERT").put("expires", later.toString());
        ((ObjectNode) entryOf(tempEntry.get("hosts"), "pattern", "10.0.0.2")).remove("expires");
        Path edited = dir.resolve("edited.yaml");
        YAML.writeValue(edited.toFile(), file);
        String on = "`" + shop.replace("_", "\\_") + "`.*";
        CliRun diff = fixture.admin("diff", "-f", edited.toString()).expect(DiffCommand.DIFFERS);
        assertThat(diff.out())
                .contains("account '" + temp + "': host pattern '10.0.0.2' permanent (was until " + Expiry.text(end)
                        + "; made permanent: the file gives it no expires)")
                .contains("account '" + temp + "': INSERT ON " + on + " until " + Expiry.text(later) + " (was until "
                        + Expiry.text(end) + "; extended)")
                .doesNotContain("backend:");
        fixture.admin("apply", "-f", edited.toString()).expect(0);
        Account extended = fixture.account(temp).orElseThrow();
        assertThat(extended.expiries().of(tenTwo)).isEmpty();
        assertThat(extended.expiries().of(insert)).contains(later);
        assertThat(fixture.backendGrants(temp)).contains(insert);

        // sooner: the file may shorten access, and the plan says so
        Instant sooner = end.minusSeconds(1800);
        grantEntry(tempEntry, "INSERT").put("expires", sooner.toString());
        YAML.writeValue(edited.toFile(), file);
        assertThat(fixture.admin("apply", "-f", edited.toString()).expect(0).out())
                .contains("account '" + temp + "': INSERT ON " + on + " until " + Expiry.text(sooner) + " (was until "
                        + Expiry.text(later) + "; shortened: access ends sooner)");
        assertThat(fixture.account(temp).orElseThrow().expiries().of(insert)).contains(sooner);
        assertThat(fixture.admin("diff", "-f", edited.toString()).expect(0).out())
                .contains("nothing to change");

        // an end already past: refused, nothing changed
        long before = fixture.catalogVersion();
        grantEntry(tempEntry, "INSERT").put("expires", "2020-01-01T00:00:00Z");
        YAML.writeValue(edited.toFile(), file);
        assertThat(fixture.admin("apply", "-f", edited.toString()).expect(1).err())
                .contains("account '" + temp + "': INSERT ON " + on + " expires 2020-01-01T00:00:00Z, which is already"
                        + " past");
        assertThat(fixture.catalogVersion()).isEqualTo(before);

        fixture.admin("user", "drop", temp).expect(0); // the other tests count the accounts
    }

    private static JsonNode entryOf(JsonNode entries, String field, String value) {
        return StreamSupport.stream(entries.spliterator(), false)
                .filter(e -> e.get(field).asText().equals(value))
                .findFirst()
                .orElseThrow();
    }

    private static ObjectNode grantEntry(ObjectNode account, String privilege) {
        return StreamSupport.stream(account.get("grants").spliterator(), false)
                .filter(g -> strings(g.get("privileges")).contains(privilege))
                .map(ObjectNode.class::cast)
                .findFirst()
                .orElseThrow();
    }

    @Test
    void diffExitCodes() throws Exception {
        Path missing = dir.resolve("missing.yaml");
        assertThat(fixture.admin("diff", "-f", missing.toString()).expect(1).err())
                .contains("admin diff: no access file ")
                .contains("missing.yaml");
        Path noPassword = dir.resolve("nopassword.yaml");
        Files.writeString(noPassword, "version: 1\naccounts:\n  - name: new_" + fixture.prefix + "\n");
        assertThat(fixture.admin("diff", "-f", noPassword.toString()).expect(1).err())
                .contains("does not exist yet: give its password by reference");
        assertThat(fixture.admin("diff").expect(2).err()).contains("Missing required option: '--file=FILE'");
        assertThat(fixture.admin("diff", "--help").expect(0).out()).contains("3 something would");
    }

    private static ObjectNode entry(ObjectNode file, String name) {
        return StreamSupport.stream(file.get("accounts").spliterator(), false)
                .filter(a -> a.get("name").asText().equals(name))
                .map(ObjectNode.class::cast)
                .findFirst()
                .orElseThrow();
    }

    private static List<String> strings(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false)
                .map(JsonNode::asText)
                .toList();
    }

    private static int derivedAccounts() throws Exception {
        try (Connection admin = fixture.backend.connect("")) {
            return BackendGrants.derivedAccounts(admin).size();
        }
    }
}
