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
import io.grantgate.catalog.Expiries;
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
import java.nio.file.attribute.PosixFilePermissions;
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
        Files.setPosixFilePermissions(dir.resolve("reporting.password"), PosixFilePermissions.fromString("rw-------"));

        assertThat(validate(file)).isEmpty();
        List<DesiredAccount> read = new AccessFileAccounts(Map.of("SHOP_APP_PASSWORD", "from-the-Env1"), dir)
                .accounts(AccessFileFormat.read(file));
        assertThat(read)
                .extracting(a -> a.password().map(p -> p.reveal()).orElse("keep"))
                .contains("from-the-Env1", "from-a-F1le", "keep");
    }

    /** What ends is exported with its expires, privileges of one scope split by their end, and reads back so. */
    @Test
    void anEntryThatEndsIsExportedWithItsExpires() throws IOException {
        Instant soon = Instant.parse("2026-12-03T11:00:00.250Z");
        Instant later = Instant.parse("2026-12-04T09:30:00Z");
        Grant select = new Grant(Privilege.SELECT, GrantScope.database("shop"));
        Grant insert = new Grant(Privilege.INSERT, GrantScope.database("shop"));
        Grant update = new Grant(Privilege.UPDATE, GrantScope.database("shop"));
        Account ending = new Account(
                3,
                new UserName("temp"),
                AuthPlugin.CACHING_SHA2_PASSWORD,
                CachingSha2Verifier.create("pw"),
                AccountStatus.ACTIVE,
                false,
                OptionalInt.empty(),
                List.of(HostPattern.parse("10.0.0.1"), HostPattern.parse("%")),
                Set.of(select, insert, update),
                Optional.empty(),
                Optional.empty(),
                new Expiries(
                        Map.of(HostPattern.parse("10.0.0.1"), soon),
                        Map.of(insert, later, update, soon),
                        Set.of(),
                        Set.of()),
                false);

        String yaml = AccessFileFormat.yaml.write(AccessExport.of(List.of(ending)));

        assertThat(yaml)
                .contains("  - pattern: 10.0.0.1\n        expires: 2026-12-03T11:00:00.250Z\n      - pattern: '%'\n")
                .contains("  - scope: shop.*\n        privileges:\n          - SELECT\n"
                        + "      - scope: shop.*\n        privileges:\n          - UPDATE\n"
                        + "        expires: 2026-12-03T11:00:00.250Z\n"
                        + "      - scope: shop.*\n        privileges:\n          - INSERT\n"
                        + "        expires: 2026-12-04T09:30:00Z\n");
        for (AccessFileFormat format : AccessFileFormat.values()) {
            Path file = dir.resolve("ending." + format);
            Files.writeString(file, format.write(AccessExport.of(List.of(ending))));
            DesiredAccount read = new AccessFileAccounts(Map.of(), dir)
                    .accounts(AccessFileFormat.read(file))
                    .getFirst();
            assertThat(read.grants()).as(format.name()).isEqualTo(ending.grants());
            assertThat(read.expiries()).as(format.name()).isEqualTo(ending.expiries());
            assertThat(validate(file)).as(format.name()).isEmpty();
        }
    }

    @Test
    void expiresIsAnInstantGivenOnce() throws IOException {
        assertThat(refused("hosts: [{pattern: '%', expires: tomorrow}]"))
                .contains("account 'a' of the access file: host pattern '%': expires must be an ISO-8601 time"
                        + " with its offset, e.g. 2026-12-31T18:00:00Z, not 'tomorrow'");
        assertThat(refused("grants: [{scope: 'shop.*', privileges: [SELECT], expires: '2026-12-31T18:00'}]"))
                .contains("the grant on shop.*: expires must be an ISO-8601 time");
        assertThat(refused("hosts: [{pattern: '%'}, {pattern: '%', expires: '2030-01-01T00:00:00Z'}]"))
                .contains("host pattern '%' is listed twice, with different expires");
        assertThat(refused("grants: [{scope: 'shop.*', privileges: [SELECT], expires: '2030-01-01T00:00:00Z'},"
                        + " {scope: 'shop.*', privileges: [SELECT, INSERT], expires: '2030-01-02T00:00:00Z'}]"))
                .contains("SELECT ON `shop`.* is listed twice, with different expires");

        Path file = dir.resolve("offset.yaml");
        Files.writeString(
                file,
                "version: 1\naccounts:\n  - name: a\n    hosts: [{pattern: '%', expires: '2030-01-01T01:00:00.1234+01:00'}]\n");
        DesiredAccount read = new AccessFileAccounts(Map.of(), dir)
                .accounts(AccessFileFormat.read(file))
                .getFirst();
        assertThat(read.expiries().of(HostPattern.parse("%"))).contains(Instant.parse("2030-01-01T00:00:00.123Z"));
        assertThat(validate(file)).isEmpty();
    }

    @Test
    void passwordsAreReferencesOnly() throws IOException {
        assertThat(refused("password: hunter2"))
                .contains("account 'a' of the access file: password must be keep, {env: VAR} or {file: PATH}");
        assertThat(refused("password: {env: NOT_SET_HERE}"))
                .contains("the environment variable NOT_SET_HERE is not set");
        assertThat(refused("password: {file: missing.txt}")).contains("password: no file");
        Path shared = dir.resolve("shared.password");
        Files.writeString(shared, "Sh4red-secret\n");
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(refused("password: {file: shared.password}"))
                .contains("password: password file " + shared + " is accessible to group or others (mode rw-r--r--)")
                .contains("chmod 600");
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rw-------"));
        Path good = dir.resolve("good.yaml");
        Files.writeString(good, "version: 1\naccounts:\n  - name: a\n    password: {file: shared.password}\n");
        assertThat(new AccessFileAccounts(Map.of(), dir).accounts(AccessFileFormat.read(good)))
                .extracting(a -> a.password().orElseThrow().reveal())
                .containsExactly("Sh4red-secret");
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
                "hosts: [{pattern: '%', expires: tomorrow}]",
                "grants: [{scope: 'shop.*', privileges: [SELECT], expires: '2026-12-31T18:00'}]",
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
