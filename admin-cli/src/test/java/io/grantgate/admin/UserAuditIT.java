package io.grantgate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grantgate.catalog.AuditLevel;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code admin user audit USER --level}, and the level in {@code user show|list}, on the real test server. */
class UserAuditIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static AdminFixture fixture;

    @BeforeAll
    static void catalog() {
        fixture = new AdminFixture("useraudit");
    }

    @Test
    void aLevelIsSetShownAndClearedAndEachChangeBumpsTheVersion() throws Exception {
        String name = "audited_" + fixture.prefix;
        fixture.admin("grant", name, "--host", "%", "--generate-password").expect(0);
        assertThat(fixture.admin("user", "show", name).expect(0).out())
                .contains("audit level:     default (the gateways' audit.default-level)");
        long version = fixture.catalogVersion();

        CliRun set =
                fixture.admin("user", "audit", name, "--level", "statements").expect(0);

        assertThat(set.out())
                .contains("audit level of account '" + name + "' set to statements (was default)")
                .contains("catalog version " + (version + 1) + ": running gateways pick the change up");
        assertThat(fixture.catalogVersion()).isEqualTo(version + 1);
        assertThat(fixture.account(name).orElseThrow().auditLevel()).contains(AuditLevel.STATEMENTS);
        assertThat(lastAdminChange(name)).isEqualTo("audit ok");
        assertThat(fixture.admin("user", "show", name).expect(0).out()).contains("audit level:     statements");
        assertThat(fixture.admin("user", "list").expect(0).out())
                .containsPattern(name + "\\s+active\\s+.*\\sstatements\\s");
        JsonNode listed = JSON.readTree(
                fixture.admin("user", "list", "-o", "json").expect(0).out());
        assertThat(listed.valueStream()
                        .filter(a -> a.get("user").asText().equals(name))
                        .map(a -> a.get("auditLevel").asText()))
                .containsExactly("statements");

        CliRun again =
                fixture.admin("user", "audit", name, "--level", "statements").expect(0);
        assertThat(again.out())
                .contains("nothing to change: account '" + name + "' already has audit level statements");
        assertThat(fixture.catalogVersion()).isEqualTo(version + 1);

        JsonNode cleared = JSON.readTree(fixture.admin("user", "audit", name, "--level", "default", "-o", "json")
                .expect(0)
                .out());
        assertThat(cleared.get("action").asText()).isEqualTo("audit");
        assertThat(cleared.get("applied").asBoolean()).isTrue();
        assertThat(cleared.get("catalogVersion").asLong()).isEqualTo(version + 2);
        assertThat(cleared.get("summary").get(0).asText())
                .isEqualTo("audit level of account '" + name + "' set to default (was statements)");
        assertThat(fixture.account(name).orElseThrow().auditLevel()).isEmpty();
        JsonNode shown = JSON.readTree(fixture.admin("user", "show", name, "--output", "json")
                .expect(0)
                .out());
        assertThat(shown.get("auditLevel").asText()).isEqualTo("default");

        fixture.admin("user", "audit", name, "--level", "off").expect(0);
        assertThat(fixture.account(name).orElseThrow().auditLevel()).contains(AuditLevel.OFF);
        fixture.admin("user", "drop", name).expect(0);
    }

    @Test
    void aDryRunPrintsThePlanAndChangesNothing() throws Exception {
        String name = "dry_" + fixture.prefix;
        fixture.admin("grant", name, "--host", "%", "--generate-password").expect(0);
        long version = fixture.catalogVersion();

        CliRun dry = fixture.admin("user", "audit", name, "--level", "logins", "--dry-run")
                .expect(0);

        assertThat(dry.out())
                .contains("dry run: nothing was changed")
                .contains("audit level of account '" + name + "' set to logins (was default)")
                .containsPattern("catalog: UPDATE account SET audit_level = 'logins' WHERE id = \\d+;")
                .contains("catalog: UPDATE catalog_version SET version = version + 1");
        assertThat(fixture.catalogVersion()).isEqualTo(version);
        assertThat(fixture.account(name).orElseThrow().auditLevel()).isEmpty();

        JsonNode json =
                JSON.readTree(fixture.admin("user", "audit", name, "--level", "logins", "--dry-run", "-o", "json")
                        .expect(0)
                        .out());
        assertThat(json.get("dryRun").asBoolean()).isTrue();
        assertThat(json.get("applied").asBoolean()).isFalse();
        assertThat(json.get("plan").get(0).asText()).contains("audit_level = 'logins'");
        assertThat(fixture.catalogVersion()).isEqualTo(version);
        fixture.admin("user", "drop", name).expect(0);
    }

    @Test
    void refusedLevelsAndNamesAreUsageErrorsAndAMissingAccountAFailure() throws Exception {
        long version = fixture.catalogVersion();

        assertThat(fixture.admin("user", "audit", "someone", "--level", "verbose")
                        .expect(2)
                        .err())
                .contains("'verbose' is not a level: use off, logins, statements or default");
        assertThat(fixture.admin("user", "audit", "someone", "--level", "STATEMENTS")
                        .expect(2)
                        .err())
                .contains("is not a level");
        assertThat(fixture.admin("user", "audit", "someone").expect(2).err()).contains("--level");
        assertThat(fixture.admin("user", "audit", "x'; DROP TABLE account; --", "--level", "off")
                        .expect(2)
                        .err())
                .contains("user name");
        assertThat(fixture.admin("user", "audit", "ghost_" + fixture.prefix, "--level", "off")
                        .expect(1)
                        .err())
                .contains("no account 'ghost_" + fixture.prefix + "'");
        assertThat(fixture.catalogVersion()).isEqualTo(version);
    }

    /** The outcome of the newest admin change audited for {@code user}: "action outcome". */
    private static String lastAdminChange(String user) throws Exception {
        try (Connection c = fixture.backend.connect(fixture.schema);
                PreparedStatement s = c.prepareStatement("SELECT reason, outcome FROM audit_event"
                        + " WHERE event_type = 'admin_change' AND user_name = ? ORDER BY id DESC LIMIT 1")) {
            s.setString(1, user);
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getString(1) + " " + rs.getString(2);
            }
        }
    }
}
