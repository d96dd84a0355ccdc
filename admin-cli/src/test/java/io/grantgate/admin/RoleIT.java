package io.grantgate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.grantgate.catalog.Grant;
import io.grantgate.catalog.GrantScope;
import io.grantgate.catalog.Privilege;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Roles on the real test server: a role's privileges reach every member's backend account (plain
 * grants), a change to a role re-provisions all members in one change (one version bump, one
 * audit row; undone on a backend failure), and taking a role away revokes on the backend only what
 * the member has from no other source. Roles go through {@code export}/{@code apply} too.
 */
class RoleIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();

    private static AdminFixture fixture;
    private static String db;
    private static Grant select;
    private static Grant insert;

    @TempDir
    Path dir;

    @BeforeAll
    static void catalogAndDatabase() throws Exception {
        fixture = new AdminFixture("roles");
        db = "roles_" + fixture.prefix;
        try (Connection c = fixture.backend.connect("");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE `" + db + "`");
        }
        select = new Grant(Privilege.SELECT, GrantScope.database(db));
        insert = new Grant(Privilege.INSERT, GrantScope.database(db));
    }

    private static String name(String base) {
        return base + "_" + fixture.prefix;
    }

    /** {@code a} with no grant of its own, {@code b} with SELECT of its own; both members of {@code role}. */
    private static void twoMembers(String role, String a, String b) {
        fixture.admin("role", "create", role).expect(0);
        fixture.admin("role", "grant", role, "--privileges", "SELECT", "--on", db + ".*")
                .expect(0);
        fixture.admin("grant", a, "--host", "127.0.0.1", "--generate-password").expect(0);
        fixture.admin(
                        "grant",
                        b,
                        "--host",
                        "127.0.0.1",
                        "--generate-password",
                        "--privileges",
                        "SELECT",
                        "--on",
                        db + ".*")
                .expect(0);
        fixture.admin("grant", a, "--role", role).expect(0);
        fixture.admin("grant", b, "--role", role).expect(0);
    }

    @Test
    void aRoleReachesItsMembersAndLeavesThemOnlyWhatNoOtherSourceGives() throws Exception {
        String role = name("readers");
        String a = name("a");
        String b = name("b");
        twoMembers(role, a, b);
        assertThat(fixture.backendGrants(a)).containsExactly(select);
        assertThat(fixture.backendGrants(b)).containsExactly(select);

        long version = fixture.catalogVersion();
        long changes = adminChanges();
        JsonNode granted =
                json(fixture.admin("role", "grant", role, "--privileges", "INSERT", "--on", db + ".*", "-o", "json")
                        .expect(0));
        assertThat(fixture.catalogVersion()).as("one change for both members").isEqualTo(version + 1);
        assertThat(adminChanges()).isEqualTo(changes + 1);
        assertThat(granted.get("summary").toString())
                .contains("'" + a + "' now has")
                .contains("'" + b + "' now has");
        assertThat(fixture.backendGrants(a)).containsExactlyInAnyOrder(select, insert);
        assertThat(fixture.backendGrants(b)).containsExactlyInAnyOrder(select, insert);

        String on = GrantScope.database(db).toSql();
        assertThat(fixture.admin("show-grants", b).expect(0).out())
                .contains("GRANT SELECT ON " + on + " TO '" + b + "'@'127.0.0.1' -- also from role '" + role + "'")
                .contains("GRANT INSERT ON " + on + " TO '" + b + "'@'127.0.0.1' -- from role '" + role + "'");
        JsonNode shown = json(fixture.admin("user", "show", a, "-o", "json").expect(0));
        assertThat(shown.get("roles").toString()).isEqualTo("[\"" + role + "\"]");
        JsonNode first = shown.get("effectiveGrants").get(0);
        assertThat(first.get("grant").asText()).isEqualTo("SELECT ON " + on);
        assertThat(first.get("own").asBoolean()).isFalse();
        assertThat(first.get("roles").toString()).isEqualTo("[\"" + role + "\"]");
        JsonNode roleShown =
                json(fixture.admin("role", "show", role, "-o", "json").expect(0));
        assertThat(roleShown.get("members").toString()).isEqualTo("[\"" + a + "\",\"" + b + "\"]");
        assertThat(roleShown.get("grants"))
                .extracting(JsonNode::asText)
                .containsExactly("SELECT ON " + on, "INSERT ON " + on);

        // a held SELECT only through the role; b holds it itself too
        fixture.admin("revoke", a, "--role", role).expect(0);
        assertThat(fixture.backendGrants(a)).isEmpty();
        CliRun revoked = fixture.admin("revoke", b, "--role", role).expect(0);
        assertThat(revoked.out())
                .contains("no longer has 1 privilege on ")
                .contains("(INSERT)")
                .doesNotContain("SELECT");
        assertThat(fixture.backendGrants(b)).containsExactly(select);
        assertThat(fixture.admin("revoke", b, "--role", role).expect(0).out()).contains("nothing to revoke");
        assertThat(json(fixture.admin("role", "show", role, "-o", "json").expect(0))
                        .get("members")
                        .size())
                .isZero();
    }

    @Test
    void revokingFromARoleAndDroppingItTakeOnlyWhatMembersHaveNowhereElse() throws Exception {
        String role = name("staff");
        String a = name("c");
        String b = name("d");
        twoMembers(role, a, b);

        fixture.admin("role", "revoke", role, "--privileges", "SELECT", "--on", db + ".*")
                .expect(0);
        assertThat(fixture.backendGrants(a)).isEmpty();
        assertThat(fixture.backendGrants(b)).containsExactly(select);
        fixture.admin("role", "grant", role, "--privileges", "SELECT,INSERT", "--on", db + ".*")
                .expect(0);

        CliRun refused = fixture.admin("role", "drop", role).expect(1);
        assertThat(refused.err()).contains("has 2 members").contains("--force");
        assertThat(fixture.backendGrants(a)).containsExactlyInAnyOrder(select, insert);

        long version = fixture.catalogVersion();
        fixture.admin("role", "drop", role, "--force").expect(0);
        assertThat(fixture.catalogVersion()).isEqualTo(version + 1);
        assertThat(fixture.backendGrants(a)).isEmpty();
        assertThat(fixture.backendGrants(b)).containsExactly(select);
        assertThat(fixture.account(a).orElseThrow().roles()).isEmpty();
        assertThat(fixture.admin("role", "list").expect(0).out()).doesNotContain(role);
        assertThat(fixture.admin("role", "show", role).expect(1).err()).contains("no role '" + role + "'");
    }

    @Test
    void aBackendFailureUndoesTheMembersAlreadyReprovisioned() throws Exception {
        String role = name("fragile");
        String a = name("e");
        String b = name("f");
        twoMembers(role, a, b);
        // b's backend account gone behind the catalog's back: the GRANT to it fails after a's ran
        try (Connection c = fixture.backend.connect("");
                Statement s = c.createStatement()) {
            s.execute("DROP USER " + fixture.backendLogin(b).sql());
        }
        long version = fixture.catalogVersion();

        CliRun failed = fixture.admin("role", "grant", role, "--privileges", "INSERT", "--on", db + ".*")
                .expect(1);

        assertThat(failed.err()).contains("the catalog is unchanged").contains("undone");
        assertThat(fixture.catalogVersion()).isEqualTo(version);
        assertThat(fixture.backendGrants(a)).as("a's INSERT was undone").containsExactly(select);
        assertThat(json(fixture.admin("role", "show", role, "-o", "json").expect(0))
                        .get("grants")
                        .toString())
                .doesNotContain("INSERT");
    }

    @Test
    void roleNamesAreCheckedLikeUserNames() {
        assertThat(fixture.admin("role", "create", "bad'name").expect(2).err()).contains("contains a quote character");
        assertThat(fixture.admin("role", "create", "x".repeat(33)).expect(2).err())
                .contains("longer than 32 characters");
        assertThat(fixture.admin("grant", name("g"), "--role", "nobody_" + fixture.prefix)
                        .expect(1)
                        .err())
                .contains("no account");
        String role = name("dry");
        assertThat(fixture.admin("role", "create", role, "--dry-run").expect(0).out())
                .contains("INSERT INTO role (role_name) VALUES ('" + role + "')");
        assertThat(fixture.admin("role", "list").expect(0).out()).doesNotContain(role);
    }

    @Test
    void rolesRoundTripThroughExportAndApply() throws Exception {
        String role = name("auditors");
        String a = name("h");
        String b = name("i");
        twoMembers(role, a, b);
        Path file = dir.resolve("access.yaml");
        fixture.admin("export", "--file", file.toString()).expect(0);
        String exported = Files.readString(file);
        assertThat(exported).contains("roles:\n  - name: " + role).contains("    roles:\n      - " + role);

        assertThat(fixture.admin("diff", "-f", file.toString()).expect(0).out()).contains("nothing to change");
        long version = fixture.catalogVersion();
        fixture.admin("apply", "-f", file.toString()).expect(0);
        assertThat(fixture.catalogVersion()).isEqualTo(version);

        // a new role, given to a in the same file: one apply creates it and provisions a
        String writers = name("writers");
        ObjectNode access = (ObjectNode) YAML.readTree(exported);
        ObjectNode newRole = ((ArrayNode) access.get("roles")).addObject().put("name", writers);
        ObjectNode grant = newRole.putArray("grants").addObject().put("scope", db + ".*");
        grant.putArray("privileges").add("INSERT");
        for (JsonNode account : access.get("accounts")) {
            if (account.get("name").asText().equals(a)) {
                ((ArrayNode) account.get("roles")).add(writers);
            }
        }
        Files.writeString(file, YAML.writeValueAsString(access));
        assertThat(fixture.admin("diff", "-f", file.toString()).expect(3).out())
                .contains("role '" + writers + "' created")
                .contains("account '" + a + "' has role '" + writers + "'");
        fixture.admin("apply", "-f", file.toString()).expect(0);
        assertThat(fixture.backendGrants(a)).containsExactlyInAnyOrder(select, insert);
        assertThat(fixture.admin("diff", "-f", file.toString()).expect(0).out()).contains("nothing to change");

        // --prune with a file that keeps the accounts but names no role: roles and memberships go
        Path noRoles = dir.resolve("no-roles.yaml");
        fixture.admin("export", "--file", noRoles.toString()).expect(0);
        ObjectNode withoutRoles = (ObjectNode) YAML.readTree(noRoles.toFile());
        withoutRoles.remove("roles");
        withoutRoles.get("accounts").forEach(account -> ((ObjectNode) account).remove("roles"));
        Files.writeString(noRoles, YAML.writeValueAsString(withoutRoles));
        CliRun pruned =
                fixture.admin("apply", "-f", noRoles.toString(), "--prune").expect(0);
        assertThat(pruned.out()).contains("role '" + role + "' dropped").contains("role '" + writers + "' dropped");
        assertThat(fixture.backendGrants(a)).isEmpty();
        assertThat(fixture.backendGrants(b)).containsExactly(select);
        assertThat(fixture.admin("role", "list").expect(0).out()).doesNotContain(role);
    }

    private static long adminChanges() throws SQLException {
        try (Connection c = fixture.backend.connect(fixture.schema);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM audit_event WHERE event_type = 'admin_change'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static JsonNode json(CliRun run) throws Exception {
        return JSON.readTree(run.out());
    }
}
