package io.grantgate.bench;

import io.grantgate.tls.SelfSignedCertificate;
import io.grantgate.tls.TlsContext;
import io.grantgate.tls.TlsCryptoProvider;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.Security;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * What a TLS handshake costs the gateway's side, per key algorithm of its certificate: the gateway's
 * own TLS setup ({@link TlsContext}, a generated self-signed pair) against a JDK client, both as
 * {@link SSLEngine}s handing each other bytes in memory on one thread, no sockets. Only the
 * server engine's work (wrap, unwrap, delegated tasks) is timed, as thread CPU time, so the figure
 * holds on a busy machine too. "full" handshakes share nothing; "resumed" ones come from one client
 * context to one peer name, so that TLS 1.3 resumes with the session ticket of the one before.
 * Prints one {@code RESULT} line per algorithm and kind.
 */
@Command(
        name = "tls-handshake",
        mixinStandardHelpOptions = true,
        description = "Server-side CPU per TLS handshake with the gateway's TLS setup: ECDSA P-256 and RSA 2048, "
                + "full and resumed, in memory.")
final class TlsHandshakeCommand implements Callable<Integer> {

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    @Option(
            names = "--handshakes",
            defaultValue = "2000",
            description = "Handshakes measured per algorithm and kind (default: ${DEFAULT-VALUE}).")
    int handshakes;

    @Option(
            names = "--warm-up",
            defaultValue = "1000",
            description = "Handshakes run first and not measured (default: ${DEFAULT-VALUE}).")
    int warmUp;

    @Option(
            names = "--crypto",
            defaultValue = "BOTH",
            description = "Whose public-key arithmetic the handshakes use: TLS_CRYPTO (the gateway's"
                    + " TlsCryptoProvider, its default), JDK (the JDK's alone), or BOTH, measured one after the"
                    + " other (default: ${DEFAULT-VALUE}).")
    CryptoChoice crypto;

    @Option(
            names = "--rounds",
            defaultValue = "1",
            description = "Measurements of each algorithm, kind and crypto (default: ${DEFAULT-VALUE}).")
    int rounds;

    /** A provider set-up to measure under. */
    enum Crypto {
        /** {@link TlsCryptoProvider} first, as the gateway runs. */
        TLS_CRYPTO,
        /** The JDK's providers alone. */
        JDK;

        void use() {
            if (this == TLS_CRYPTO) {
                TlsCryptoProvider.install();
            } else {
                Security.removeProvider(TlsCryptoProvider.NAME);
            }
        }
    }

    /** The --crypto choices. */
    enum CryptoChoice {
        TLS_CRYPTO(Crypto.TLS_CRYPTO),
        JDK(Crypto.JDK),
        BOTH(Crypto.JDK, Crypto.TLS_CRYPTO);

        final List<Crypto> choices;

        CryptoChoice(Crypto... choices) {
            this.choices = List.of(choices);
        }
    }

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    @Override
    public Integer call() throws Exception {
        SelfSignedCertificate.Algorithm[] algorithms = SelfSignedCertificate.Algorithm.values();
        Path[] dirs = new Path[algorithms.length];
        TlsContext[] servers = new TlsContext[algorithms.length];
        SSLContext[] clients = new SSLContext[algorithms.length];
        try {
            for (int a = 0; a < algorithms.length; a++) {
                dirs[a] = Files.createTempDirectory("grantgate-tls-bench");
                servers[a] = TlsContext.load(SelfSignedCertificate.generate(dirs[a], algorithms[a]));
                clients[a] = trusting(servers[a]);
            }
            // every algorithm, kind and crypto warmed before any is measured: the first would pay the JIT
            for (Crypto c : crypto.choices) {
                c.use();
                for (int a = 0; a < algorithms.length; a++) {
                    for (boolean resumed : new boolean[] {false, true}) {
                        run(servers[a], clients[a], resumed, warmUp);
                    }
                }
            }
            for (int round = 1; round <= rounds; round++) {
                for (int a = 0; a < algorithms.length; a++) {
                    for (boolean resumed : new boolean[] {false, true}) {
                        // the cryptos one after the other, at the same moment's load
                        for (Crypto c : crypto.choices) {
                            c.use();
                            Cost cost = run(servers[a], clients[a], resumed, handshakes);
                            System.out.printf(
                                    "RESULT tls_handshake round=%d algorithm=%s kind=%s crypto=%s handshakes=%d"
                                            + " server_cpu_us=%.1f client_cpu_us=%.1f protocol=%s%n",
                                    round,
                                    algorithms[a],
                                    resumed ? "resumed" : "full",
                                    c.name().toLowerCase(Locale.ROOT),
                                    handshakes,
                                    cost.serverNanos / 1_000.0 / handshakes,
                                    cost.clientNanos / 1_000.0 / handshakes,
                                    cost.protocol);
                        }
                    }
                }
            }
            TlsCryptoProvider.install();
        } finally {
            for (Path dir : dirs) {
                if (dir != null) {
                    try (Stream<Path> files = Files.walk(dir)) {
                        files.sorted(Comparator.reverseOrder())
                                .forEach(p -> p.toFile().delete());
                    }
                }
            }
        }
        return 0;
    }

    private record Cost(long serverNanos, long clientNanos, String protocol) {}

    private Cost run(TlsContext server, SSLContext client, boolean resumed, int count) throws SSLException {
        long serverNanos = 0;
        long clientNanos = 0;
        String protocol = "";
        for (int i = 0; i < count; i++) {
            SSLEngine serverEngine = server.serverEngine();
            // with a peer name and port the client context offers the ticket it holds for that peer
            SSLEngine clientEngine = resumed ? client.createSSLEngine("gateway", 3307) : client.createSSLEngine();
            clientEngine.setUseClientMode(true);
            Handshake handshake = new Handshake(serverEngine, clientEngine);
            handshake.complete();
            serverNanos += handshake.serverNanos;
            clientNanos += handshake.clientNanos;
            protocol = serverEngine.getSession().getProtocol();
        }
        return new Cost(serverNanos, clientNanos, protocol);
    }

    /** One handshake, bytes passed between the engines until neither has anything left to do. */
    private final class Handshake {
        private final SSLEngine server;
        private final SSLEngine client;
        private final ByteBuffer toServer;
        private final ByteBuffer toClient;
        private final ByteBuffer appIn;
        long serverNanos;
        long clientNanos;

        Handshake(SSLEngine server, SSLEngine client) {
            this.server = server;
            this.client = client;
            int size = Math.max(
                    server.getSession().getPacketBufferSize(),
                    client.getSession().getPacketBufferSize());
            this.toServer = ByteBuffer.allocate(4 * size);
            this.toClient = ByteBuffer.allocate(4 * size);
            this.appIn = ByteBuffer.allocate(4 * size);
        }

        void complete() throws SSLException {
            client.beginHandshake();
            server.beginHandshake();
            for (int step = 0; step < 100; step++) {
                boolean moved = step(client, toServer, toClient, false) | step(server, toClient, toServer, true);
                if (done(client) && done(server)) {
                    if (toClient.position() == 0 && toServer.position() == 0) {
                        return;
                    }
                    // TLS 1.3: the server's NewSessionTicket follows the handshake; the client keeps it
                    moved |= drain(client, toClient, false) | drain(server, toServer, true);
                }
                if (!moved) {
                    throw new SSLException("the handshake is stuck: client " + client.getHandshakeStatus() + ", server "
                            + server.getHandshakeStatus());
                }
            }
            throw new SSLException("the handshake took more than 100 steps");
        }

        /** Reads what is left for an engine whose handshake is over: post-handshake messages. */
        private boolean drain(SSLEngine engine, ByteBuffer in, boolean timed) throws SSLException {
            if (in.position() == 0) {
                return false;
            }
            long started = threads.getCurrentThreadCpuTime();
            in.flip();
            SSLEngineResult result = engine.unwrap(in, appIn);
            in.compact();
            appIn.clear();
            Runnable task;
            while ((task = engine.getDelegatedTask()) != null) {
                task.run();
            }
            long spent = threads.getCurrentThreadCpuTime() - started;
            if (timed) {
                serverNanos += spent;
            } else {
                clientNanos += spent;
            }
            return result.bytesConsumed() > 0;
        }

        private boolean done(SSLEngine engine) {
            HandshakeStatus status = engine.getHandshakeStatus();
            return status == HandshakeStatus.NOT_HANDSHAKING || status == HandshakeStatus.FINISHED;
        }

        /** One engine's turn: writes what it has for the peer, reads what the peer sent it, runs its tasks. */
        private boolean step(SSLEngine engine, ByteBuffer out, ByteBuffer in, boolean timed) throws SSLException {
            long started = threads.getCurrentThreadCpuTime();
            boolean moved = false;
            HandshakeStatus status = engine.getHandshakeStatus();
            for (int guard = 0; guard < 20; guard++) {
                if (status == HandshakeStatus.NEED_TASK) {
                    Runnable task;
                    while ((task = engine.getDelegatedTask()) != null) {
                        task.run();
                    }
                    moved = true;
                } else if (status == HandshakeStatus.NEED_WRAP) {
                    SSLEngineResult result = engine.wrap(EMPTY, out);
                    moved |= result.bytesProduced() > 0;
                } else if (status == HandshakeStatus.NEED_UNWRAP || status == HandshakeStatus.NEED_UNWRAP_AGAIN) {
                    in.flip();
                    SSLEngineResult result = engine.unwrap(in, appIn);
                    in.compact();
                    appIn.clear();
                    if (result.bytesConsumed() == 0 && result.getStatus() != SSLEngineResult.Status.OK) {
                        break; // needs bytes the peer has not produced yet
                    }
                    moved |= result.bytesConsumed() > 0;
                    if (result.bytesConsumed() == 0) {
                        break;
                    }
                } else {
                    break;
                }
                status = engine.getHandshakeStatus();
            }
            long spent = threads.getCurrentThreadCpuTime() - started;
            if (timed) {
                serverNanos += spent;
            } else {
                clientNanos += spent;
            }
            return moved;
        }
    }

    private static SSLContext trusting(TlsContext server) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("gateway", server.certificate());
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
