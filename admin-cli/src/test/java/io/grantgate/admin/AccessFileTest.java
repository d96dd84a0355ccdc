package io.grantgate.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.grantgate.auth.AuthPlugin;
import io.grantgate.auth.CachingSha2Verifier;
import io.grantgate.auth.NativePasswordVerifier;
import io.grantgate.catalog.Account;
import io.grantgate.catalog.AccountStatus;
import io.grantgate.catalog.AuditLevel;
import io.grantgate.catalog.Grant;
import io.grantgate.catalog.GrantScope;
import io.grantgate.catalog.HostPattern;
import io.grantgate.catalog.Privilege;
import io.grantgate.catalog.Role;
import io.grantgate.catalog.RoleName;
import io.grantgate.catalog.UserName;
import io.grantgate.provision.DesiredAccount;
import io.grantgate.provision.DesiredRole;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The access file without a database: what export writes reads back as the same accounts, in YAML
 * and JSON, is valid against docs/access-file.schema.json (validated with networknt's JSON Schema
 * validator, draft 2020-12), as is the example in docs/admin.md; bad files are refused with the
 * account and the field named.
 */
class AccessFileTest {

    private static final Path DOCS = Path.of("..", "docs");

    @TempDir
    Path dir;

    private static List<Account> accounts() {
        return List.of(
                new Account(
                        2,
                        new UserName("xuys"),
                        AuthPlugin.CACHING_SHA2_PASSWORD,
                        CachingSha2Verifier.create("pw"),
                        AccountStatus.ACTIVE,
                        false,
                        OptionalInt.empty(),
                        List.of(HostPattern.parse("%"), HostPattern.parse("10.0.0.0/8"), HostPattern.parse("::1")),
                        Set.of(
                                new Grant(Privilege.SELECT, GrantScope.database("shop_1")),
                                new Grant(Privilege.INSERT, GrantScope.database("shop_1")),
                                new Grant(Privilege.SELECT, GrantScope.table("my.db", "t`1")),
                                new Grant(Privilege.SELECT, GrantScope.database("123")),
                                new Grant(Privilege.CONNECTION_ADMIN, GrantScope.global())),
                        Optional.empty(),
                        Optional.of(AuditLevel.OFF),
                        io.grantgate.catalog.Expiries.NONE,
                        false),
                new Account(
                        1,
                        new UserName("Ops Team"),
                        AuthPlugin.MYSQL_NATIVE_PASSWORD,
                        NativePasswordVerifier.create("pw"),
                        AccountStatus.LOCKED,
                        true,
                        OptionalInt.of(5),
                        List.of(HostPattern.parse("192.168.1.%")),
                        Set.of(),
                        Optional.empty(),
                        Optional.empty(),
                        io.grantgate.catalog.Expiries.NONE,
                        false));
    }

    @Test
    void anExportReadsBackAsTheSameAccountsInBothFormats() throws IOException {
        for (AccessFileFormat format : AccessFileFormat.values()) {
            Path file = dir.resolve("access." + format);
            Files.writeString(file, format.write(AccessExport.of(accounts())));

            List<DesiredAccount> read = new AccessFileAccounts(Map.of(), dir).accounts(AccessFileFormat.read(file));

            assertThat(read).as(format.name()).hasSize(2);
            assertThat(read.get(0).user().value()).isEqualTo("Ops Team");
            for (DesiredAccount desired : read) {
                Account account = accounts().stream()
                        .filter(a -> a.user().equals(desired.user()))
                        .findFirst()
                        .orElseThrow();
                assertThat(desired.authPlugin()).isEqualTo(account.authPlugin());
                assertThat(desired.password()).isEmpty();
                assertThat(desired.status()).isEqualTo(account.status());
                assertThat(desired.requireTls()).isEqualTo(account.requireTls());
                assertThat(desired.maxConnections()).isEqualTo(account.maxConnections());
                assertThat(desired.auditLevel()).isEqualTo(account.auditLevel());
                assertThat(desired.hosts()).isEqualTo(account.hosts());
                assertThat(desired.grants()).isEqualTo(account.grants());
            }
            assertThat(validate(file)).as(format.name()).isEmpty();
        }
    }

    @Test
    void theYamlIsPlainAndStable() {
        String yaml = AccessFileFormat.yaml.write(AccessExport.of(accounts()));

        assertThat(yaml)
                .isEqualTo(
                        AccessFileFormat.yaml.write(AccessExport.of(accounts().reversed())));
        assertThat(yaml)
                .startsWith("version: 1\naccounts:\n  - name: Ops Team\n    authPlugin: mysql_native_password\n"
                        + "    password: keep\n    status: locked\n    requireTls: true\n    maxConnections: 5\n")
                .contains("auditLevel: \"off\"")
                .contains("scope: '*.*'\n        privileges:\n          - CONNECTION ADMIN")
                .contains("scope: shop_1.*\n        privileges:\n          - SELECT\n          - INSERT")
                .contains("scope: '`my.db`.`t``1`'")
                .contains("pattern: '%'")
                .doesNotContain("$A$");
    }

    @Test
    void rolesAndTheAccountsRolesReadBackAndAreValid() throws IOException {
        Grant select = new Grant(Privilege.SELECT, GrantScope.database("shop"));
        Grant insert = new Grant(Privilege.INSERT, GrantScope.database("shop"));
        RoleName readers = new RoleName("readers");
        List<Role> roles = List.of(
                new Role(new RoleName("writers"), Instant.EPOCH, Set.of(insert), List.of(new UserName("neo"))),
                new Role(readers, Instant.EPOCH, Set.of(select), List.of(new UserName("neo"))),
                new Role(new RoleName("empty"), Instant.EPOCH, Set.of(), List.of()));
        Account neo = new Account(
                3,
                new UserName("neo"),
                AuthPlugin.CACHING_SHA2_PASSWORD,
                CachingSha2Verifier.create("pw"),
                AccountStatus.ACTIVE,
                false,
                OptionalInt.empty(),
                List.of(HostPattern.parse("%")),
                Set.of(select),
                Optional.empty(),
                Optional.empty(),
                io.grantgate.catalog.Expiries.NONE,
                false,
                Map.of(readers, Set.of(select), new RoleName("writers"), Set.of(insert)));
        for (AccessFileFormat format : AccessFileFormat.values()) {
            Path file = dir.resolve("roles." + format);
            Files.writeString(file, format.write(AccessExport.of(roles, List.of(neo))));

            AccessFile read = AccessFileFormat.read(file);
            AccessFileAccounts reading = new AccessFileAccounts(Map.of(), dir);
            assertThat(reading.roles(read))
                    .as(format.name())
                    .containsExactly(
                            new DesiredRole(new RoleName("empty"), Set.of()),
                            new DesiredRole(readers, Set.of(select)),
                            new DesiredRole(new RoleName("writers"), Set.of(insert)));
            DesiredAccount account = reading.accounts(read).getFirst();
            // its own grant only: what its roles give is theirs
            assertThat(account.grants()).containsExactly(select);
            assertThat(account.roles()).containsExactlyInAnyOrder(readers, new RoleName("writers"));
            assertThat(validate(file)).as(format.name()).isEmpty();
        }
        assertThat(AccessFileFormat.yaml.write(AccessExport.of(roles, List.of(neo))))
                .startsWith("version: 1\nroles:\n  - name: empty\n    grants: []\n  - name: readers\n")
                .contains("    roles:\n      - readers\n      - writers\n");
        assertThat(refused("roles: [\"it's\"]")).contains("role name 'it\\u0027s' contains a quote character");
        assertThat(refused("roles: [r, r]")).contains("role 'r' is named twice");
    }

    @Test
    void theExampleInTheDocsIsValidAndReads() throws IOException {
        Matcher example = Pattern.compile("(?s)<!-- access-file example -->\\s*```yaml\\n(.*?)```")
                .matcher(Files.readString(DOCS.resolve("admin.md")));
        assertThat(example.find())
                .as("docs/admin.md has the access file example")
                .isTrue();
        Path file = dir.resolve("example.yaml");
        Files.writeString(file, example.group(1));
        Files.writeString(dir.resolve("reporting.password"), "from-a-F1le\n");

        assertThat(validate(file)).isEmpty();
        List<DesiredAccount> read = new AccessFileAccounts(Map.of("SHOP_APP_PASSWORD", "from-the-Env1"), dir)
                .accounts(AccessFileFormat.read(file));
        assertThat(read)
                .extracting(a -> a.password().map(p -> p.reveal()).orElse("keep"))
                .contains("from-the-Env1", "from-a-F1le", "keep");
    }

    @Test
    void passwordsAreReferencesOnly() throws IOException {
        assertThat(refused("password: hunter2"))
                .contains("account 'a' of the access file: password must be keep, {env: VAR} or {file: PATH}");
        assertThat(refused("password: {env: NOT_SET_HERE}"))
                .contains("the environment variable NOT_SET_HERE is not set");
        assertThat(refused("password: {file: missing.txt}")).contains("password: no file");
        assertThat(refused("password: {env: A, file: b}")).contains("password must be keep");
    }

    @Test
    void badFilesAreRefusedWithWhereAndWhat() throws IOException {
        assertThat(refused("colour: blue"))
                .contains("Unrecognized field \"colour\"")
                .contains("(line 5, column 1)");
        assertThat(refused("status: frozen")).contains("status must be locked or unlocked, not 'frozen'");
        assertThat(refused("auditLevel: verbose")).contains("auditLevel must be off, logins, statements or default");
        assertThat(refused("hosts: [{pattern: example.com}]")).contains("account 'a' of the access file: host pattern");
        assertThat(refused("grants: [{scope: 'shop.*', privileges: [SELCT]}]"))
                .contains("account 'a' of the access file")
                .contains("SELCT");
        assertThat(refused("maxConnections: 0")).contains("maxConnections must be at least 1");
        Path twice = dir.resolve("twice.yaml");
        Files.writeString(twice, "version: 1\nversion: 1\naccounts: []\n");
        assertThatThrownBy(() -> AccessFileFormat.read(twice)).hasMessageContaining("Duplicate field 'version'");
        Path future = dir.resolve("future.yaml");
        Files.writeString(future, "version: 2\naccounts: []\n");
        assertThatThrownBy(() -> new AccessFileAccounts(Map.of(), dir).accounts(AccessFileFormat.read(future)))
                .hasMessageContaining("version must be 1, was 2");
    }

    @Test
    void theSchemaRefusesWhatTheReaderRefuses() throws IOException {
        for (String line : List.of(
                "password: hunter2",
                "password: {env: A, file: b}",
                "colour: blue",
                "status: frozen",
                "maxConnections: 0",
                "hosts: ['%']",
                "roles: [{name: r}]",
                "grants: [{scope: 'shop.*', privileges: []}]")) {
            Path file = dir.resolve("bad.yaml");
            Files.writeString(file, "version: 1\naccounts:\n  - name: a\n    " + line + "\n");
            assertThat(validate(file)).as(line).isNotEmpty();
        }
    }

    private String refused(String line) throws IOException {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "version: 1\naccounts:\n  - name: a\n    " + line + "\n");
        try {
            new AccessFileAccounts(Map.of(), dir).accounts(AccessFileFormat.read(file));
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted: " + line);
    }

    /** What the schema finds wrong with {@code file}; empty when it is valid. */
    static Set<ValidationMessage> validate(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(json.readTree(DOCS.resolve("access-file.schema.json").toFile()));
        JsonNode node = new YAMLMapper().readTree(file.toFile());
        return schema.validate(node);
    }
}
