package io.grantgate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.grantgate.auth.Secret;
import io.grantgate.catalog.CatalogDataSource;
import io.grantgate.config.AdminProperties;
import io.grantgate.migrations.CatalogMigrator;
import io.grantgate.testing.ServerLogin;
import io.grantgate.testing.TestBackend;
import java.nio.file.Path;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code admin migrate} against the real test server. */
class MigrateCommandIT {

    private final TestBackend backend = TestBackend.get();

    private Map<String, String> environmentFor(String schema) {
        ServerLogin login = backend.login();
        return Map.of(
                "GRANTGATE_CATALOG_URL",
                login.jdbcUrl(schema),
                "GRANTGATE_CATALOG_USER",
                login.user(),
                "GRANTGATE_CATALOG_PASSWORD",
                login.password());
    }

    @Test
    void migratesThenReportsUpToDate() {
        Map<String, String> env =
                environmentFor("t_cli_migrate_" + ProcessHandle.current().pid());

        CliRun first = CliRun.run(env, "migrate");
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out())
                .contains("catalog schema migrated from an empty schema to version 7 (7 migrations applied)");

        CliRun second = CliRun.run(env, "migrate");
        assertThat(second.exitCode()).isZero();
        assertThat(second.out()).contains("catalog schema already up to date at version 7");

        CliRun info = CliRun.run(env, "migrate", "--info");
        assertThat(info.exitCode()).isZero();
        assertThat(info.out()).contains("catalog schema version 7, up to date");
    }

    @Test
    void infoOnAnUnmigratedSchemaListsPendingAndChangesNothing() {
        Map<String, String> env = environmentFor(backend.newSchema("cli_info"));

        CliRun info = CliRun.run(env, "migrate", "--info");
        assertThat(info.exitCode()).as(info.err()).isZero();
        assertThat(info.out())
                .contains(
                        "version none (empty schema); pending: V1__catalog_schema, V2__audit, V3__instances, V4__expiry, V5__password_expired, V6__roles, V7__session_pin")
                .contains("run 'admin migrate'");

        assertThat(CliRun.run(env, "migrate", "--info").out())
                .contains(
                        "pending: V1__catalog_schema, V2__audit, V3__instances, V4__expiry, V5__password_expired, V6__roles, V7__session_pin");
    }

    @Test
    void aCatalogBehindThisCommandSaysToMigrate() {
        String schema = backend.newSchema("cli_behind");
        Map<String, String> env = environmentFor(schema);
        try (HikariDataSource pool = CatalogDataSource.open(backend.catalogSettings(schema), "test")) {
            Flyway.configure(CatalogMigrator.class.getClassLoader())
                    .dataSource(pool)
                    .locations(CatalogMigrator.LOCATION)
                    .target("1")
                    .load()
                    .migrate();
        }

        assertThat(CliRun.run(env, "user", "list").expect(1).err())
                .contains("is the catalog migrated? 'admin migrate --info' says");
        assertThat(CliRun.run(env, "audit").expect(1).err()).contains("'admin migrate --info'");
        assertThat(CliRun.run(env, "migrate", "--info").out())
                .contains(
                        "pending: V2__audit, V3__instances, V4__expiry, V5__password_expired, V6__roles, V7__session_pin");

        CliRun.run(env, "migrate").expect(0);
        CliRun.run(env, "user", "list").expect(0);
        CliRun.run(env, "audit").expect(0);
    }

    @Test
    void jsonOutputIsMachineReadable() throws Exception {
        Map<String, String> env = environmentFor(backend.newSchema("cli_json"));

        CliRun run = CliRun.run(env, "migrate", "--output", "json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.get("action").asText()).isEqualTo("migrate");
        assertThat(json.get("version").asText()).isEqualTo("7");
        assertThat(json.get("versionBefore").isNull()).isTrue();
        assertThat(json.get("migrationsApplied").asInt()).isEqualTo(7);
    }

    @Test
    void readsTheLoginFromAnAdminPropertiesFile(@TempDir Path dir) throws Exception {
        ServerLogin login = backend.login();
        Path file = dir.resolve(AdminProperties.FILE_NAME);
        new AdminProperties(login.jdbcUrl(backend.newSchema("cli_file")), login.user(), new Secret(login.password()))
                .write(file);

        CliRun run = CliRun.run(Map.of(), "migrate", "--admin-properties", file.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("to version 7");
    }

    @Test
    void aWrongPasswordFailsWithTheServersReasonAndExitCode1() {
        ServerLogin login = backend.login();
        Map<String, String> env = Map.of(
                "GRANTGATE_CATALOG_URL",
                login.jdbcUrl(""),
                "GRANTGATE_CATALOG_USER",
                login.user(),
                "GRANTGATE_CATALOG_PASSWORD",
                "not-the-password");

        CliRun run = CliRun.run(env, "migrate", "--info");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("Access denied").doesNotContain("not-the-password");
    }
}
