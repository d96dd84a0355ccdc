package io.grantgate.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grantgate.tls.TlsContext;
import io.grantgate.tls.TlsFiles;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ClientTls} against the JDK's own TLS client, over loopback: the session's thread's blocking
 * face with the client's bytes read one at a time, the relay loop's non-blocking face with the
 * client's bytes trickled one at a time and reads into a few bytes of room, partial writes to a
 * client that is slow to read, the move between the faces mid-stream, TLS 1.3 key updates,
 * TLS 1.2 renegotiation refused, and close_notify both ways.
 */
class ClientTlsTest {

    private static final int TIMEOUT_MILLIS = 20_000;
    private static final int SMALL_BUFFER = 16 * 1024;

    @TempDir
    static Path dir;

    private static TlsContext server;
    private static SSLContext trusting;

    private ServerSocketChannel listener;
    private SocketChannel gateway;
    private Socket client;
    private ServerSocket trickleListener;

    @BeforeAll
    static void loadTls() throws Exception {
        server = TlsContext.load(new TlsFiles.SelfSigned(dir));
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("gateway", server.certificate());
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        trusting = SSLContext.getInstance("TLS");
        trusting.init(null, factory.getTrustManagers(), null);
    }

    @AfterEach
    void close() throws IOException {
        for (AutoCloseable c : new AutoCloseable[] {client, gateway, listener, trickleListener}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // the test's end
            }
        }
    }

    @Test
    void theBlockingFaceTakesTheClientsBytesOneAtATimeAndEarlyBytes() throws Exception {
        connect(false);
        SSLSocket tls = clientTls(client, "TLSv1.3");
        CompletableFuture<Void> handshake = CompletableFuture.runAsync(() -> run(tls::startHandshake));
        // libmariadb's ClientHello comes right behind its SSLRequest: some of it was read already
        Socket oneByte = oneByteReads(gateway.socket());
        byte[] early = oneByte.getInputStream().readNBytes(3);
        ClientTls accepted = ClientTls.accept(server, oneByte, early);
        handshake.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        assertThat(accepted.session().getProtocol()).isEqualTo("TLSv1.3");

        byte[] sent = randomBytes(100_000, 1);
        CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> run(() -> {
            tls.getOutputStream().write(sent);
            tls.getOutputStream().flush();
        }));
        byte[] received = accepted.in().readNBytes(sent.length);
        writing.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        assertThat(received).isEqualTo(sent);

        accepted.out().write(received, 0, received.length);
        assertThat(tls.getInputStream().readNBytes(sent.length)).isEqualTo(sent);
    }

    @Test
    void theNonBlockingFaceReassemblesTrickledRecordsAndWritesToASlowReader() throws Exception {
        connect(true);
        SSLSocket tls = clientTls(client, "TLSv1.3");
        CompletableFuture<Void> handshake = CompletableFuture.runAsync(() -> run(tls::startHandshake));
        ClientTls accepted = ClientTls.accept(server, gateway.socket(), new byte[0]);
        handshake.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);

        byte[] sent = randomBytes(20_000, 2);
        CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> run(() -> {
            // several records, each trickled through one byte at a time
            for (int i = 0; i < sent.length; i += 5_000) {
                tls.getOutputStream().write(sent, i, 5_000);
                tls.getOutputStream().flush();
            }
        }));
        gateway.configureBlocking(false);
        byte[] received = readNonBlocking(accepted, sent.length, 7);
        writing.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        assertThat(received).isEqualTo(sent);

        // 4 MiB to a client that reads only after a while: the socket fills and writes are partial
        byte[] response = randomBytes(4 << 20, 3);
        CompletableFuture<byte[]> reading = CompletableFuture.supplyAsync(() -> {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(300));
            return call(() -> tls.getInputStream().readNBytes(response.length));
        });
        boolean sawPending = writeNonBlocking(accepted, response);
        assertThat(reading.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)).isEqualTo(response);
        assertThat(sawPending).as("a full socket left records pending").isTrue();
    }

    @Test
    void aSessionMovesBetweenTheFacesMidStream() throws Exception {
        connect(false);
        SSLSocket tls = clientTls(client, "TLSv1.3");
        CompletableFuture<Void> handshake = CompletableFuture.runAsync(() -> run(tls::startHandshake));
        ClientTls accepted = ClientTls.accept(server, gateway.socket(), new byte[0]);
        handshake.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);

        byte[] sent = randomBytes(60_000, 4);
        tls.getOutputStream().write(sent);
        tls.getOutputStream().flush();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        received.write(accepted.in().readNBytes(10));
        gateway.configureBlocking(false);
        received.write(readNonBlocking(accepted, 30_000, 1_000));
        gateway.configureBlocking(true);
        received.write(accepted.in().readNBytes(sent.length - 30_010));
        assertThat(received.toByteArray()).isEqualTo(sent);
    }

    @Test
    void aTls13KeyUpdateIsAnsweredAndDataFlowsOnBothWays() throws Exception {
        connect(false);
        SSLSocket tls = clientTls(client, "TLSv1.3");
        CompletableFuture<Void> handshake = CompletableFuture.runAsync(() -> run(tls::startHandshake));
        ClientTls accepted = ClientTls.accept(server, gateway.socket(), new byte[0]);
        handshake.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        gateway.configureBlocking(false);

        for (int round = 0; round < 3; round++) {
            tls.getOutputStream().write(new byte[] {1, 2, 3});
            tls.getOutputStream().flush();
            // on an established TLS 1.3 connection the JDK sends a KeyUpdate that asks for one back
            tls.startHandshake();
            tls.getOutputStream().write(new byte[] {4, 5, 6});
            tls.getOutputStream().flush();
            assertThat(readNonBlocking(accepted, 6, 16)).containsExactly(1, 2, 3, 4, 5, 6);
            writeNonBlocking(accepted, new byte[] {7, 8});
            assertThat(tls.getInputStream().readNBytes(2)).containsExactly(7, 8);
        }
    }

    @Test
    void aTls12RenegotiationEndsTheSession() throws Exception {
        connect(false);
        SSLSocket tls = clientTls(client, "TLSv1.2");
        CompletableFuture<Void> handshake = CompletableFuture.runAsync(() -> run(tls::startHandshake));
        ClientTls accepted = ClientTls.accept(server, gateway.socket(), new byte[0]);
        handshake.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        assertThat(accepted.session().getProtocol()).isEqualTo("TLSv1.2");
        tls.getOutputStream().write(1);
        tls.getOutputStream().flush();
        assertThat(accepted.in().read()).isEqualTo(1);

        CompletableFuture.runAsync(() -> {
            try {
                tls.startHandshake();
            } catch (IOException expected) {
                // the gateway refuses
            }
        });
        assertThatThrownBy(() -> accepted.in().read())
                .isInstanceOf(SSLException.class)
                .hasMessageContaining("renegotiation refused");
    }

    @Test
    void closeNotifyGoesBothWays() throws Exception {
        connect(false);
        SSLSocket tls = clientTls(client, "TLSv1.3");
        CompletableFuture<Void> handshake = CompletableFuture.runAsync(() -> run(tls::startHandshake));
        ClientTls accepted = ClientTls.accept(server, gateway.socket(), new byte[0]);
        handshake.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);

        tls.shutdownOutput(); // close_notify
        gateway.configureBlocking(false);
        assertThat(readUntilEnd(accepted))
                .as("the client's close_notify is the end of its input")
                .isEqualTo(-1);
        accepted.close();
        assertThat(tls.getInputStream().read()).as("the gateway's close_notify").isEqualTo(-1);
    }

    // ---- the wire ---------------------------------------------------------------------------------

    /**
     * A gateway end accepted from a channel, as in production, and a plain client socket; with
     * {@code trickled}, every byte the client sends passes alone through a relay, with a pause after
     * each, so the gateway's reads mostly get one byte.
     */
    private void connect(boolean trickled) throws IOException {
        listener = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        int port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
        if (!trickled) {
            client = new Socket(InetAddress.getLoopbackAddress(), port);
            gateway = listener.accept();
        } else {
            // small socket buffers all the way, so that a client that does not read fills them soon
            trickleListener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            client = new Socket();
            client.setReceiveBufferSize(SMALL_BUFFER);
            client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), trickleListener.getLocalPort()));
            Socket clientEnd = trickleListener.accept();
            clientEnd.setSendBufferSize(SMALL_BUFFER);
            Socket toGateway = new Socket();
            toGateway.setReceiveBufferSize(SMALL_BUFFER);
            toGateway.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            gateway = listener.accept();
            gateway.socket().setSendBufferSize(SMALL_BUFFER);
            toGateway.setTcpNoDelay(true);
            Thread.ofVirtual().start(() -> copy(clientEnd, toGateway, true));
            Thread.ofVirtual().start(() -> copy(toGateway, clientEnd, false));
        }
        client.setTcpNoDelay(true);
        gateway.socket().setSoTimeout(TIMEOUT_MILLIS);
    }

    private static void copy(Socket from, Socket to, boolean oneByteAtATime) {
        try (from;
                to) {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] buffer = new byte[oneByteAtATime ? 1 : 4 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
                out.flush();
                if (oneByteAtATime) {
                    LockSupport.parkNanos(20_000);
                }
            }
        } catch (IOException ignored) {
            // one side closed
        }
    }

    private static SSLSocket clientTls(Socket plain, String protocol) throws IOException {
        SSLSocket tls = (SSLSocket) trusting.getSocketFactory().createSocket(plain, "localhost", plain.getPort(), true);
        tls.setEnabledProtocols(new String[] {protocol});
        tls.setSoTimeout(TIMEOUT_MILLIS);
        return tls;
    }

    /** The same socket, but its input gives one byte per read. */
    private static Socket oneByteReads(Socket socket) throws IOException {
        InputStream oneByte = new FilterInputStream(socket.getInputStream()) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 1));
            }
        };
        return new Socket() {
            @Override
            public InputStream getInputStream() {
                return oneByte;
            }

            @Override
            public OutputStream getOutputStream() throws IOException {
                return socket.getOutputStream();
            }

            @Override
            public SocketChannel getChannel() {
                return socket.getChannel();
            }
        };
    }

    /** Reads {@code count} bytes on the non-blocking face into {@code room} bytes at a time, as a loop does. */
    private static byte[] readNonBlocking(ClientTls tls, int count, int room) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[room];
        try (Selector selector = Selector.open()) {
            SelectionKey key = tls.channel().register(selector, SelectionKey.OP_READ);
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MILLIS);
            while (received.size() < count) {
                int n = tls.read(buffer, 0, Math.min(room, count - received.size()));
                assertThat(n).as("the client's end").isNotNegative();
                received.write(buffer, 0, n);
                if (n == 0) {
                    assertThat(tls.inputBuffered())
                            .as("nothing held back when a read gives nothing")
                            .isFalse();
                    assertThat(System.nanoTime()).as("in time").isLessThan(deadline);
                    selector.select(100);
                }
            }
            key.cancel();
            selector.selectNow();
        }
        return received.toByteArray();
    }

    private static int readUntilEnd(ClientTls tls) throws IOException {
        byte[] buffer = new byte[16];
        try (Selector selector = Selector.open()) {
            SelectionKey key = tls.channel().register(selector, SelectionKey.OP_READ);
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MILLIS);
            int n;
            while ((n = tls.read(buffer, 0, buffer.length)) == 0 && System.nanoTime() < deadline) {
                selector.select(100);
            }
            key.cancel();
            selector.selectNow();
            return n;
        }
    }

    /** Writes all of {@code bytes} on the non-blocking face; whether some write left records pending. */
    private static boolean writeNonBlocking(ClientTls tls, byte[] bytes) throws IOException {
        boolean sawPending = false;
        int written = 0;
        try (Selector selector = Selector.open()) {
            SelectionKey key = tls.channel().register(selector, 0);
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MILLIS);
            while (written < bytes.length || tls.outputPending()) {
                if (tls.flush() && written < bytes.length) {
                    written += tls.write(bytes, written, Math.min(16 * 1024, bytes.length - written));
                }
                if (tls.outputPending()) {
                    sawPending = true;
                    key.interestOps(SelectionKey.OP_WRITE);
                    selector.select(100);
                    assertThat(System.nanoTime()).as("in time").isLessThan(deadline);
                }
            }
            key.cancel();
            selector.selectNow();
        }
        return sawPending;
    }

    private static byte[] randomBytes(int count, long seed) {
        byte[] bytes = new byte[count];
        new Random(seed).nextBytes(bytes);
        return Arrays.copyOf(bytes, count);
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private interface IoCall<T> {
        T call() throws IOException;
    }

    private static void run(IoAction action) {
        try {
            action.run();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static <T> T call(IoCall<T> action) {
        try {
            return action.call();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
