package io.grantgate.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantgate.audit.AuditMode;
import io.grantgate.catalog.AuditLevel;
import io.grantgate.command.AuditPolicy;
import io.grantgate.command.CollectingTrail;
import io.grantgate.command.StatementAudit;
import io.grantgate.protocol.ErrAccountRewrite;
import io.grantgate.protocol.constant.Capabilities;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;

/**
 * One gateway session's command phase ({@link CommandLoop}) between two loopback connections, as in
 * production: the gateway's client socket is accepted from a {@link ServerSocketChannel}, so that a
 * relay loop can take its channel, and its backend connection is a {@link SocketChannel} behind a
 * {@link RecordingLease}. The test holds the other ends: {@link #client()} plays the client and
 * {@link #backend()} the backend. The session runs on a thread of its own, as on a session thread.
 */
final class RelayHarness implements AutoCloseable {

    private static final int MAX_PACKET = 1 << 24;
    private static final int READ_TIMEOUT_MILLIS = 10_000;

    /**
     * Where the session relays: on its thread throughout, or on a relay loop after some commands;
     * with {@code tls}, the client's connection is TLS (the JDK's client against {@link ClientTls}).
     */
    record RelayPath(String name, int commandsBefore, boolean tls) {
        static final RelayPath THREAD = new RelayPath("thread", -1, false);
        static final RelayPath LOOP = new RelayPath("loop", 0, false);
        /** A loop after two commands on the thread: the move with whatever the client sent ahead. */
        static final RelayPath LOOP_AFTER_TWO = new RelayPath("loop after 2", 2, false);

        static final RelayPath THREAD_TLS = new RelayPath("thread over TLS", -1, true);
        static final RelayPath LOOP_TLS = new RelayPath("loop over TLS", 0, true);
        static final RelayPath LOOP_AFTER_TWO_TLS = new RelayPath("loop after 2 over TLS", 2, true);

        static final List<RelayPath> ALL = List.of(THREAD, LOOP, LOOP_AFTER_TWO);
        /** The same over TLS: every client write is its own TLS record (a 1-byte write, a 1-byte record). */
        static final List<RelayPath> TLS = List.of(THREAD_TLS, LOOP_TLS, LOOP_AFTER_TWO_TLS);

        RelayPath(String name, int commandsBefore) {
            this(name, commandsBefore, false);
        }

        static final List<RelayPath> ALL_AND_TLS =
                List.of(THREAD, LOOP, LOOP_AFTER_TWO, THREAD_TLS, LOOP_TLS, LOOP_AFTER_TWO_TLS);

        @Override
        public String toString() {
            return name;
        }
    }

    private final ServerSocketChannel listener;
    /** The test's end of the client connection: over TLS, the JDK's TLS client on it. */
    private final Socket client;

    private final ClientChannel clientChannel;
    private final Socket backend;
    private final SocketChannel gatewayClient;
    private final SocketChannel gatewayBackend;
    private final RelayLoops loops;
    /** As in production: the backend of a session idle on its thread is watched. */
    private final BackendWatch backendWatch = BackendWatch.start();

    private final RecordingLease lease;
    private final List<Long> kills = new CopyOnWriteArrayList<>();
    /** Every relay test runs with statements audited, so the audit is exercised on both paths throughout. */
    private final CollectingTrail trail;

    private final CompletableFuture<CommandLoop.Ending> ending = new CompletableFuture<>();
    private final Thread session;

    private RelayHarness(
            RelayPath path,
            Capabilities capabilities,
            int socketBuffer,
            CollectingTrail trail,
            ErrAccountRewrite errors)
            throws IOException {
        this.trail = trail;
        listener = ServerSocketChannel.open();
        if (socketBuffer > 0) {
            listener.setOption(StandardSocketOptions.SO_RCVBUF, socketBuffer); // accepted sockets inherit it
        }
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Socket plainClient = new Socket();
        options(plainClient, socketBuffer);
        plainClient.connect(listener.getLocalAddress());
        gatewayClient = listener.accept();
        gatewayBackend = SocketChannel.open();
        options(gatewayBackend.socket(), socketBuffer);
        gatewayBackend.connect(listener.getLocalAddress());
        backend = listener.accept().socket();
        options(gatewayClient.socket(), socketBuffer);
        options(backend, socketBuffer);
        loops = path.commandsBefore() < 0 ? null : RelayLoops.start(1, path.commandsBefore());
        lease = new RecordingLease(gatewayBackend, capabilities);
        clientChannel = new ClientChannel(gatewayClient.socket(), MAX_PACKET);
        if (path.tls()) {
            // both ends of the handshake at once: the gateway's on a thread, as on a session's
            SSLSocket tls = TestTls.client(plainClient);
            CompletableFuture<Void> upgraded = CompletableFuture.runAsync(() -> {
                try {
                    clientChannel.upgrade(TestTls.server());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            tls.startHandshake();
            upgraded.join();
            client = tls;
        } else {
            client = plainClient;
        }
        CommandLoop commands = new CommandLoop(
                clientChannel,
                lease,
                capabilities,
                (target, queryOnly) -> {
                    kills.add(((io.grantgate.command.KillTarget.ConnectionId) target).id());
                    return CommandLoop.KillAnswer.OK;
                },
                loops,
                backendWatch,
                new StatementAudit(
                        new AuditPolicy(trail, "test", AuditLevel.STATEMENTS, 64, Clock.systemUTC()),
                        1,
                        "u",
                        AuditLevel.STATEMENTS),
                errors,
                CommandLoop.PasswordHandler.REFUSING,
                false);
        session = Thread.ofPlatform().name("relay-session").daemon(true).start(() -> runSession(commands));
    }

    /** What the session's audit recorded (statement text and values cut at 64 bytes). */
    CollectingTrail trail() {
        return trail;
    }

    static RelayHarness start(RelayPath path, Capabilities capabilities) throws IOException {
        return new RelayHarness(path, capabilities, 0, new CollectingTrail(AuditMode.ASYNC), ErrAccountRewrite.NONE);
    }

    /** With the backend's access errors rewritten to name another account. */
    static RelayHarness rewriting(RelayPath path, Capabilities capabilities, ErrAccountRewrite errors)
            throws IOException {
        return new RelayHarness(path, capabilities, 0, new CollectingTrail(AuditMode.ASYNC), errors);
    }

    /** With statements audited to this trail. */
    static RelayHarness audited(RelayPath path, Capabilities capabilities, CollectingTrail trail) throws IOException {
        return new RelayHarness(path, capabilities, 0, trail, ErrAccountRewrite.NONE);
    }

    /** With socket buffers of this size on all four sockets, so that how much is in flight is bounded. */
    static RelayHarness withSocketBuffers(RelayPath path, Capabilities capabilities, int bytes) throws IOException {
        return new RelayHarness(
                path, capabilities, bytes, new CollectingTrail(AuditMode.ASYNC), ErrAccountRewrite.NONE);
    }

    /** As ClientSession does: the lease goes back with what the loop says it owes, whatever ended the loop. */
    private void runSession(CommandLoop commands) {
        try {
            CommandLoop.Ending end = commands.run();
            lease.release(commands.backendEnding());
            ending.complete(end);
        } catch (Throwable t) {
            lease.release(commands.backendEnding());
            ending.completeExceptionally(t);
        }
    }

    /** The test's end of the client connection. */
    Socket client() {
        return client;
    }

    /** The test's end of the backend connection. */
    Socket backend() {
        return backend;
    }

    void play(RelayScript script) throws InterruptedException {
        script.play(client, backend);
    }

    /** How {@link CommandLoop#run} ended; what it threw, if it threw. */
    CommandLoop.Ending awaitEnding() throws Exception {
        try {
            return ending.get(READ_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** What the session gave its backend connection back as; only after it ended. */
    List<BackendLease.Ending> releases() {
        return lease.releases;
    }

    List<Long> kills() {
        return kills;
    }

    /** What reached the test's ends of the two connections after the script: nothing, unless something went astray. */
    record Leftovers(byte[] client, byte[] backend) {}

    /**
     * After the session: closes the gateway's ends, as the session and the pool would, and reads
     * what is left at the test's ends (none from an end the test closed itself).
     */
    Leftovers leftovers() throws IOException {
        clientChannel.closeTls(); // as the session does: close_notify first
        gatewayClient.close();
        gatewayBackend.close();
        return new Leftovers(
                client.isClosed() ? new byte[0] : client.getInputStream().readAllBytes(),
                backend.isClosed() ? new byte[0] : backend.getInputStream().readAllBytes());
    }

    /** After a script that ended with COM_QUIT: neither side got anything the script did not expect. */
    void assertNothingMore() throws IOException {
        Leftovers left = leftovers();
        assertThat(left.client()).as("bytes the client got after its responses").isEmpty();
        assertThat(left.backend())
                .as("bytes the backend got after its commands")
                .isEmpty();
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable closeable : new AutoCloseable[] {client, backend, gatewayClient, gatewayBackend, listener}) {
            closeable.close();
        }
        if (loops != null) {
            loops.close();
        }
        session.join(READ_TIMEOUT_MILLIS);
        backendWatch.close();
    }

    private static void options(Socket socket, int buffer) throws IOException {
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        if (buffer > 0) {
            socket.setSendBufferSize(buffer);
            socket.setReceiveBufferSize(buffer);
        }
    }

    /** A backend connection over a real socket, buffered as the pool's are; it records how it is given back. */
    static final class RecordingLease implements BackendLease {
        private final SocketChannel channel;
        private final Capabilities capabilities;
        private final InputStream in;
        private final OutputStream out;
        private final List<Ending> releases = new CopyOnWriteArrayList<>();

        RecordingLease(SocketChannel channel, Capabilities capabilities) throws IOException {
            this.channel = channel;
            this.capabilities = capabilities;
            // the sizes of the pool's connections (backend.PacketChannel)
            this.in = new BufferedInputStream(channel.socket().getInputStream(), 8 * 1024);
            this.out = new BufferedOutputStream(channel.socket().getOutputStream(), 16 * 1024);
        }

        @Override
        public InputStream in() {
            return in;
        }

        @Override
        public OutputStream out() {
            return out;
        }

        @Override
        public Optional<SocketChannel> plainChannel() {
            return Optional.of(channel);
        }

        @Override
        public Capabilities capabilities() {
            return capabilities;
        }

        @Override
        public long connectionId() {
            return 7;
        }

        @Override
        public io.grantgate.backend.BackendEndpoint node() {
            return io.grantgate.backend.BackendEndpoint.plain("127.0.0.1", 3306);
        }

        @Override
        public void release(Ending ending) {
            releases.add(ending);
        }
    }
}
