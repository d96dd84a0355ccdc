package io.grantgate.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A MariaDB Galera cluster of Debian's {@code mariadbd} and {@code galera-4}, every node on loopback
 * ports of its own (SQL, group communication, IST, SST) with a data directory of its own.
 *
 * <p>No state transfer at start-up: the first node is installed and bootstrapped alone, given the
 * admin login, and stopped cleanly; the others start from copies of its data directory, so they hold
 * the same state (cluster UUID and seqno in {@code grastate.dat}) and join without an SST. A node
 * killed and started again recovers its position from InnoDB and catches up by IST from another
 * node's gcache. The group-communication timeouts are shortened (a node that vanishes is evicted
 * after about 2 s instead of 5-15 s), so a test does not wait for the defaults.
 *
 * <p>Run as root, the nodes run as Debian's {@code mysql} user, their directories given to it: the
 * rsync that carries a state transfer (IST included) runs as a daemon on the joiner, and as root it
 * drops to {@code nobody}, which cannot write a root-owned data directory.
 */
public final class GaleraCluster implements AutoCloseable {

    public static final Path MARIADBD = Path.of("/usr/sbin/mariadbd");
    public static final Path INSTALL_DB = Path.of("/usr/bin/mariadb-install-db");
    public static final Path PROVIDER = Path.of("/usr/lib/galera/libgalera_smm.so");

    private static final String USER = "grantgate_admin";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final String GROUP_TIMEOUTS = "evs.keepalive_period=PT0.5S;evs.inactive_check_period=PT0.5S;"
            + "evs.suspect_timeout=PT2S;evs.inactive_timeout=PT4S;evs.install_timeout=PT4S;gcache.size=32M";

    /** The ports and directory of one node. */
    private record Node(int index, Path dataDir, int sqlPort, int groupPort, int istPort, int sstPort) {}

    private final Path directory;
    private final String runAs;
    private final String password;
    private final List<Node> nodes;
    private final Process[] processes;

    private GaleraCluster(Path directory, String password, List<Node> nodes) {
        this.directory = directory;
        this.runAs = "root".equals(System.getProperty("user.name")) ? "mysql" : System.getProperty("user.name");
        this.password = password;
        this.nodes = nodes;
        this.processes = new Process[nodes.size()];
    }

    /**
     * Installs and starts {@code size} nodes under {@code directory} (which it deletes on close) and
     * returns once every node is synced.
     */
    public static GaleraCluster start(Path directory, int size) throws IOException, InterruptedException {
        Files.createDirectories(directory);
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            nodes.add(new Node(i, directory.resolve("node" + (i + 1)), freePort(), freePort(), freePort(), freePort()));
        }
        String password = "gg-" + Long.toString(System.nanoTime(), 36);
        GaleraCluster cluster = new GaleraCluster(directory, password, nodes);
        try {
            cluster.seed();
            cluster.startNode(0, true);
            // the others join at once, each catching up by IST (the bootstrap itself moved the seqno on)
            for (int i = 1; i < size; i++) {
                cluster.processes[i] = cluster.launch(nodes.get(i), false, List.of());
            }
            for (int i = 1; i < size; i++) {
                cluster.awaitSynced(i);
            }
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** The first node's data directory, installed, with the admin login, and stopped: every node starts from a copy. */
    private void seed() throws IOException, InterruptedException {
        Node first = nodes.getFirst();
        // the nodes' user must reach its data directory
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        run(
                List.of(
                        INSTALL_DB.toString(),
                        "--no-defaults",
                        "--user=" + runAs,
                        "--datadir=" + first.dataDir(),
                        "--tmpdir=" + temporary(),
                        "--auth-root-authentication-method=socket",
                        "--skip-test-db"),
                directory.resolve("install.log"));
        Path init = directory.resolve("init.sql");
        Files.writeString(
                init,
                "CREATE USER '" + USER + "'@'%' IDENTIFIED BY '" + password + "';\n"
                        + "GRANT ALL PRIVILEGES ON *.* TO '" + USER + "'@'%' WITH GRANT OPTION;\n",
                StandardCharsets.UTF_8);
        processes[0] = launch(first, true, List.of("--init-file=" + init));
        awaitSynced(0);
        stop(0);
        for (Node node : nodes.subList(1, nodes.size())) {
            copy(first.dataDir(), node.dataDir(), runAs);
        }
    }

    /** Starts (or starts again) node {@code index} and waits until it is synced with the cluster. */
    public void startNode(int index, boolean bootstrap) throws IOException, InterruptedException {
        processes[index] = launch(nodes.get(index), bootstrap, List.of());
        awaitSynced(index);
    }

    /** Starts node {@code index} again after a {@link #kill}, joining the running nodes. */
    public void restart(int index) throws IOException, InterruptedException {
        startNode(index, false);
    }

    /** SIGKILL: the node vanishes as in a crash, its connections reset by the kernel. */
    public void kill(int index) throws InterruptedException {
        Process process = processes[index];
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        processes[index] = null;
    }

    public boolean isRunning(int index) {
        return processes[index] != null && processes[index].isAlive();
    }

    public int size() {
        return nodes.size();
    }

    public int sqlPort(int index) {
        return nodes.get(index).sqlPort();
    }

    /** The admin login (every privilege, WITH GRANT OPTION) on node {@code index}. */
    public ServerLogin login(int index) {
        return new ServerLogin("127.0.0.1", sqlPort(index), USER, password);
    }

    /** {@code 127.0.0.1:p1,127.0.0.1:p2,…}: the nodes in order, as a multi-host JDBC URL or {@code backend.addresses} lists them. */
    public String hostList() {
        return nodes.stream().map(n -> "127.0.0.1:" + n.sqlPort()).collect(Collectors.joining(","));
    }

    /**
     * Connector/J failover URL over every node: connections go to the first node that answers, a
     * new one moves on when it is gone; {@code failOverReadOnly=false} because the catalog is written
     * (Connector/J makes a failed-over connection read-only by default).
     */
    public String jdbcUrl(String schema) {
        return "jdbc:mysql://" + hostList() + "/" + schema
                + "?failOverReadOnly=false&connectTimeout=2000&socketTimeout=10000&sslMode=DISABLED"
                + "&allowPublicKeyRetrieval=true";
    }

    /** The node's {@code wsrep_local_state} (4 is Synced), or -1 when it does not answer. */
    public int localState(int index) {
        try (Connection c = DriverManager.getConnection(
                        "jdbc:mysql://127.0.0.1:" + sqlPort(index)
                                + "/?connectTimeout=1000&socketTimeout=2000&sslMode=DISABLED&allowPublicKeyRetrieval=true",
                        USER,
                        password);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW GLOBAL STATUS LIKE 'wsrep_local_state'")) {
            return rs.next() ? Integer.parseInt(rs.getString(2)) : -1;
        } catch (SQLException | NumberFormatException e) {
            return -1;
        }
    }

    /** The last lines of node {@code index}'s error log, for a failure message. */
    public String logTail(int index) {
        Path log = nodes.get(index).dataDir().resolve("error.log");
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** A directory of the cluster's own for the servers' temporary files, writable by the nodes' user. */
    private Path temporary() throws IOException {
        Path tmp = directory.resolve("tmp");
        if (!Files.isDirectory(tmp)) {
            Files.createDirectories(tmp);
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
        }
        return tmp;
    }

    private Process launch(Node node, boolean bootstrap, List<String> extra) throws IOException {
        String groupAddress = "127.0.0.1:" + node.groupPort();
        String members = nodes.stream().map(n -> "127.0.0.1:" + n.groupPort()).collect(Collectors.joining(","));
        List<String> command = new ArrayList<>(List.of(
                MARIADBD.toString(),
                "--no-defaults",
                "--user=" + runAs,
                "--datadir=" + node.dataDir(),
                // not the shared /tmp: other servers' temporary tables are there
                "--tmpdir=" + temporary(),
                "--socket=" + node.dataDir().resolve("s"),
                "--pid-file=" + node.dataDir().resolve("mariadbd.pid"),
                "--log-error=" + node.dataDir().resolve("error.log"),
                "--port=" + node.sqlPort(),
                "--bind-address=127.0.0.1",
                "--skip-name-resolve",
                "--innodb-buffer-pool-size=32M",
                "--innodb-log-file-size=16M",
                "--innodb-flush-log-at-trx-commit=2",
                "--innodb-autoinc-lock-mode=2",
                "--binlog-format=ROW",
                "--default-storage-engine=InnoDB",
                "--performance-schema=OFF",
                "--wsrep-on=ON",
                "--wsrep-provider=" + PROVIDER,
                "--wsrep-cluster-name=grantgate-test",
                "--wsrep-cluster-address=gcomm://" + (bootstrap ? "" : members),
                "--wsrep-node-name=node" + (node.index() + 1),
                "--wsrep-node-address=" + groupAddress,
                "--wsrep-node-incoming-address=127.0.0.1:" + node.sqlPort(),
                "--wsrep-sst-method=rsync",
                "--wsrep-sst-receive-address=127.0.0.1:" + node.sstPort(),
                "--wsrep-provider-options=gmcast.listen_addr=tcp://" + groupAddress + ";ist.recv_addr=127.0.0.1:"
                        + node.istPort() + ";" + GROUP_TIMEOUTS));
        if (bootstrap) {
            command.add("--wsrep-new-cluster");
        }
        command.addAll(extra);
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(node.dataDir()
                        .resolveSibling("node" + (node.index() + 1) + ".out")
                        .toFile())
                .start();
    }

    private void awaitSynced(int index) throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Process process = processes[index];
            if (process == null || !process.isAlive()) {
                throw new IllegalStateException(
                        "Galera node " + (index + 1) + " exited while starting:\n" + logTail(index));
            }
            if (localState(index) == 4) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        throw new IllegalStateException(
                "Galera node " + (index + 1) + " not synced within " + START_TIMEOUT + ":\n" + logTail(index));
    }

    /** SIGTERM and wait: a clean shutdown, which records the node's position in grastate.dat. */
    private void stop(int index) throws InterruptedException {
        Process process = processes[index];
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        processes[index] = null;
    }

    /** Stops every node (SIGKILL: nothing of them is kept) and deletes the directory, unless {@code -Dgalera.keep=true} (for its logs). */
    @Override
    public void close() {
        IntStream.range(0, processes.length).forEach(i -> {
            if (processes[i] != null) {
                processes[i].destroyForcibly();
            }
        });
        for (Process process : processes) {
            if (process != null) {
                try {
                    process.waitFor(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        if (!Boolean.getBoolean("galera.keep")) {
            TestBackend.deleteRecursively(directory);
        }
    }

    private static void copy(Path from, Path to, String owner) throws IOException {
        UserPrincipal user = to.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(owner);
        try (var files = Files.walk(from)) {
            for (Path source : files.toList()) {
                String name = source.getFileName().toString();
                if (name.endsWith(".pid") || name.equals("s") || name.equals("gvwstate.dat")) {
                    continue;
                }
                Path target = to.resolve(from.relativize(source));
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
                Files.setOwner(target, user);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static void run(List<String> command, Path log) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException(command.getFirst() + " failed:\n" + Files.readString(log));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
