package io.grantgate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantgate.config.AdminProperties;
import io.grantgate.testing.ServerLogin;
import io.grantgate.testing.TestBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code admin init} on the test server: what it refuses, and what it never replaces. The whole
 * set-up, a second run and a gateway on it are in the gateway module's DeployOnDebianMariaDbIT.
 */
class InitCommandIT {

    private final TestBackend backend = TestBackend.get();
    private final ServerLogin login = backend.login();

    @TempDir
    Path dir;

    private Map<String, String> env(String schema) {
        return Map.of(
                "GRANTGATE_CATALOG_URL", login.jdbcUrl(schema),
                "GRANTGATE_CATALOG_USER", login.user(),
                "GRANTGATE_CATALOG_PASSWORD", login.password());
    }

    private CliRun init(String schema, String... more) {
        String[] args = new String[more.length + 3];
        args[0] = "init";
        args[1] = "--admin-properties";
        args[2] = dir.resolve("admin.properties").toString();
        System.arraycopy(more, 0, args, 3, more.length);
        return CliRun.run(env(schema), args);
    }

    @Test
    void namesThatCouldBreakTheSqlAndAnAdminLoginAsGatewayLoginAreUsageErrors() {
        String schema = backend.newSchema("initusage");

        assertThat(init(schema, "--gateway-user", "gw'x").expect(2).err()).contains("backend user");
        assertThat(init(schema, "--gateway-host", "10.0.0.1' OR '1").expect(2).err())
                .contains("not allowed in a host");
        assertThat(init(schema, "--gateway-user", login.user()).expect(2).err()).contains("must differ");
        assertThat(init("", "--gateway-user", "gw_noschema").expect(2).err()).contains("names no schema");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void aGatewayLoginWhosePasswordIsKnownNowhereIsNotTakenOverOrReset() throws Exception {
        String schema = backend.newSchema("initexists");
        String user = "gw_" + Long.toString(System.nanoTime() % 100_000_000L, 36);
        try (Connection c = backend.connect("");
                Statement s = c.createStatement()) {
            s.execute("CREATE USER '" + user + "'@'%' IDENTIFIED BY 'someone-elses'");
        }

        CliRun run = init(schema, "--gateway-user", user).expect(1);

        assertThat(run.err()).contains("exists, but").contains("gateway.properties");
        assertThat(dir.resolve("gateway.properties")).doesNotExist();
        assertThat(dir.resolve("master.key")).doesNotExist();
        try (Connection c = backend.connect(schema);
                Statement s = c.createStatement();
                var tables = s.executeQuery("SHOW TABLES")) {
            assertThat(tables.next()).as("the catalog schema left as it was").isFalse();
        }
        try (Connection c = backend.connect("");
                Statement s = c.createStatement()) {
            s.execute("DROP USER '" + user + "'@'%'");
        }
    }

    @Test
    void aKeyAlreadyThereIsKeptAndASettingsFileForAnotherCatalogIsRefused() throws Exception {
        String schema = backend.newSchema("initkeep");
        String user = "gw_" + Long.toString(System.nanoTime() % 100_000_000L, 36);
        init(schema, "--gateway-user", user).expect(0);
        String key = Files.readString(dir.resolve("master.key"));
        Files.delete(dir.resolve("admin.properties"));

        CliRun again = init(schema, "--gateway-user", user, "-o", "json").expect(0);
        assertThat(again.out()).contains("\"changed\" : true"); // admin.properties written again
        assertThat(again.err()).contains("master key: " + dir.resolve("master.key") + " exists (never overwritten)");
        assertThat(Files.readString(dir.resolve("master.key"))).isEqualTo(key);

        String other = backend.newSchema("initother");
        assertThat(init(other, "--gateway-user", user).expect(1).err())
                .contains("gateway.properties is for")
                .contains("move it away");
        assertThat(AdminProperties.read(dir.resolve("gateway.properties")).catalogUrl())
                .isEqualTo(login.jdbcUrl(schema));
        try (Connection c = backend.connect("");
                Statement s = c.createStatement()) {
            s.execute("DROP USER '" + user + "'@'%'");
        }
    }
}
