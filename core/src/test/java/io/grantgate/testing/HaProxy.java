package io.grantgate.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real HAProxy (Debian's {@code haproxy}, {@link ClientTools.Tool#HAPROXY}) in TCP mode in front
 * of gateway instances, for tests and benchmarks of the gateway behind a load balancer: it listens
 * on a free port of 127.0.0.1 only, balances round robin over the given servers, and sends each a
 * PROXY protocol header of the chosen version (or none). It runs in the foreground as a child of
 * the test's JVM, with its configuration and output in a temporary directory; {@link #close()}
 * stops it and deletes that directory.
 *
 * <pre>{@code
 * try (HaProxy lb = HaProxy.start(ClientTools.require(Tool.HAPROXY), HaProxy.Header.V2,
 *         Optional.of("127.0.0.10"), List.of(new HaProxy.Server("127.0.0.1", gatewayPort)))) {
 *     connect to 127.0.0.1:lb.port() ...
 * }
 * }</pre>
 */
public final class HaProxy implements AutoCloseable {

    /** How long HAProxy gets to listen, and to stop. */
    private static final Duration PATIENCE = Duration.ofSeconds(10);
    /** /proc/net/tcp's state of a listening socket. */
    private static final String TCP_LISTEN = "0A";

    /** What HAProxy sends a server first: a PROXY protocol header of a version, or nothing. */
    public enum Header {
        /** {@code send-proxy}: the text line. */
        V1(" send-proxy"),
        /** {@code send-proxy-v2}: the binary header. */
        V2(" send-proxy-v2"),
        /** Plain TCP relaying: the server sees HAProxy's address. */
        NONE("");

        private final String serverOption;

        Header(String serverOption) {
            this.serverOption = serverOption;
        }
    }

    /** A server HAProxy balances over (a gateway's listen address). */
    public record Server(String host, int port) {
        public Server {
            Objects.requireNonNull(host, "host");
        }
    }

    private final Process process;
    private final Path directory;
    private final int port;

    private HaProxy(Process process, Path directory, int port) {
        this.process = process;
        this.directory = directory;
        this.port = port;
    }

    /**
     * Starts HAProxy and waits until it listens.
     *
     * @param program the haproxy binary ({@code ClientTools.require(Tool.HAPROXY)})
     * @param source the local address HAProxy connects to the servers from (a loopback address such
     *     as 127.0.0.10, so that a test can tell the balancer's connections from a client's); empty
     *     for the system's choice
     */
    public static HaProxy start(Path program, Header header, Optional<String> source, List<Server> servers)
            throws IOException, InterruptedException {
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("no server to balance over");
        }
        Path directory = Files.createTempDirectory("haproxy");
        try {
            int port = freePort();
            Path config = directory.resolve("haproxy.cfg");
            Files.writeString(config, config(port, header, source, servers), StandardCharsets.UTF_8);
            Path output = directory.resolve("haproxy.log");
            Process process = new ProcessBuilder(program.toString(), "-db", "-f", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            HaProxy proxy = new HaProxy(process, directory, port);
            proxy.awaitListening();
            return proxy;
        } catch (IOException | InterruptedException | RuntimeException e) {
            TestBackend.deleteRecursively(directory);
            throw e;
        }
    }

    /** The configuration: one TCP frontend on 127.0.0.1:port, one round-robin backend. */
    static String config(int port, Header header, Optional<String> source, List<Server> servers) {
        StringBuilder config = new StringBuilder();
        config.append("global\n")
                .append("    maxconn 4096\n")
                .append("defaults\n")
                .append("    mode tcp\n")
                .append("    timeout connect 5s\n")
                .append("    timeout client 1h\n")
                .append("    timeout server 1h\n")
                .append("frontend gateways\n")
                .append("    bind 127.0.0.1:")
                .append(port)
                .append('\n')
                .append("    default_backend gateways\n")
                .append("backend gateways\n")
                .append("    balance roundrobin\n");
        source.ifPresent(address -> config.append("    source ").append(address).append('\n'));
        for (int i = 0; i < servers.size(); i++) {
            Server server = servers.get(i);
            config.append("    server gateway")
                    .append(i + 1)
                    .append(' ')
                    .append(server.host())
                    .append(':')
                    .append(server.port())
                    .append(header.serverOption)
                    .append('\n');
        }
        return config.toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    /**
     * Polls the kernel's socket table rather than connecting: a probe connection would be relayed to
     * a gateway as a client.
     */
    private void awaitListening() throws IOException, InterruptedException {
        String local = String.format(Locale.ROOT, "0100007F:%04X", port);
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("haproxy exited with " + process.exitValue() + ": " + output());
            }
            for (String line : Files.readAllLines(Path.of("/proc/net/tcp"))) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length > 3 && fields[1].equals(local) && fields[3].equals(TCP_LISTEN)) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        close();
        throw new IOException("haproxy did not listen on 127.0.0.1:" + port + " within " + PATIENCE);
    }

    /** The port clients connect to, on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** What HAProxy printed so far (warnings, alerts). */
    public String output() {
        try {
            return Files.readString(directory.resolve("haproxy.log"));
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        TestBackend.deleteRecursively(directory);
    }
}
