package io.grantgate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantgate.provision.BackendGrants;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Untrusted names: each hostile value gets a clear usage error and changes nothing anywhere. */
class BadInputIT {

    private static AdminFixture fixture;

    @BeforeAll
    static void catalog() {
        fixture = new AdminFixture("badinput");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "x'y",
                "a\"b",
                "back\\slash",
                "tick`s",
                "%'; DROP USER root; --",
                "",
                " padded",
                "thirty-three-characters-long-name",
                "new\nline",
                "nul\0byte"
            })
    void hostileUserNamesAreRefused(String name) throws Exception {
        State before = State.now();
        CliRun run = fixture.admin("grant", name, "--host", "%", "--generate-password")
                .expect(2);
        assertThat(run.err()).contains("user name");
        assertThat(State.now()).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "%'; DROP USER root; --",
                "host.example.com",
                "10.0.0.1/8",
                "1.2.3.4/255.0.255.0",
                "'%'",
                "a b",
                "\\%"
            })
    void hostileHostPatternsAreRefused(String host) throws Exception {
        State before = State.now();
        fixture.admin("grant", "victim_" + fixture.prefix, "--host", host, "--generate-password")
                .expect(2);
        assertThat(State.now()).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"shop.*; DROP DATABASE mysql", "*.orders", "shop", "`unterminated.*", "a\\b.*", "mysql.*"})
    void hostileScopesAreRefused(String scope) throws Exception {
        State before = State.now();
        fixture.admin(
                        "grant",
                        "victim_" + fixture.prefix,
                        "--host",
                        "%",
                        "--generate-password",
                        "--privileges",
                        "SELECT",
                        "--on",
                        scope)
                .expect(2);
        assertThat(State.now()).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"SELECT; DROP TABLE x", "SUPER", "FILE", "ALL", "GRANT OPTION", "NOT_A_PRIVILEGE"})
    void unknownOrDangerousPrivilegesAreRefused(String privileges) throws Exception {
        State before = State.now();
        CliRun run = fixture.admin(
                        "grant",
                        "victim_" + fixture.prefix,
                        "--host",
                        "%",
                        "--generate-password",
                        "--privileges",
                        privileges,
                        "--on",
                        "*.*")
                .expect(2);
        assertThat(run.err()).isNotBlank();
        assertThat(State.now()).isEqualTo(before);
    }

    @org.junit.jupiter.api.Test
    void aUnicodeNameIsAValidAccount() throws Exception {
        String name = "пользователь_" + fixture.prefix;
        fixture.admin("grant", name, "--host", "%", "--generate-password").expect(0);

        assertThat(fixture.account(name)).isPresent();
        assertThat(fixture.backendLogin(name).user()).startsWith("gg_").hasSizeLessThanOrEqualTo(32);
        assertThat(fixture.backendExists(fixture.backendLogin(name))).isTrue();
        fixture.admin("user", "drop", name).expect(0);
    }

    /** Everything a refused command must leave as it was: catalog rows, version, backend accounts. */
    private record State(long accounts, long version, long backendAccounts) {

        static State now() throws SQLException {
            try (Connection admin = fixture.backend.connect(fixture.schema);
                    Statement s = admin.createStatement()) {
                return new State(
                        count(s, "SELECT COUNT(*) FROM account"),
                        count(s, "SELECT version FROM catalog_version"),
                        BackendGrants.derivedAccounts(admin).size());
            }
        }

        private static long count(Statement s, String sql) throws SQLException {
            try (ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
