package io.grantgate.backend;

import io.grantgate.protocol.PacketBuffer;
import io.grantgate.protocol.PacketReader;
import io.grantgate.protocol.PacketWriter;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Test-only: an in-process server on a loopback ServerSocket that plays one scripted conversation
 * with the first client, packet by packet, so the unit tests can check the exact bytes the client
 * sends and feed it exchanges the embedded MariaDB cannot (caching_sha2_password, malformed packets).
 */
final class FakeBackend implements AutoCloseable {

    /** The server side of one conversation. */
    interface Script {
        void play(Peer peer) throws Exception;
    }

    /** Reads and writes packets on the accepted connection. */
    static final class Peer {
        private final Socket socket;
        private final PacketReader reader;
        private final PacketWriter writer;

        Peer(Socket socket) throws IOException {
            this.socket = socket;
            this.reader = new PacketReader(socket.getInputStream(), 1 << 24);
            this.writer = new PacketWriter(new BufferedOutputStream(socket.getOutputStream()));
        }

        /** The next packet's payload; fails if its sequence id is not {@code sequenceId}. */
        byte[] read(int sequenceId) throws IOException {
            PacketBuffer buffer = new PacketBuffer();
            if (!reader.read(buffer, sequenceId)) {
                throw new IOException("the client closed the connection");
            }
            return buffer.toByteArray();
        }

        void send(int sequenceId, byte[] payload) throws IOException {
            writer.write(sequenceId, payload);
            writer.flush();
        }

        void sendRaw(byte[] bytes) throws IOException {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
        }

        void close() throws IOException {
            socket.close();
        }
    }

    private final ServerSocket server;
    private final CompletableFuture<Void> done = new CompletableFuture<>();

    FakeBackend(Script script) throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("fake-backend").start(() -> {
            try (Socket socket = server.accept()) {
                script.play(new Peer(socket));
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        });
    }

    BackendEndpoint endpoint() {
        return BackendEndpoint.plain("127.0.0.1", server.getLocalPort());
    }

    /** Waits for the script to finish and rethrows what failed in it (its assertions included). */
    void awaitScript() throws Exception {
        try {
            done.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw (Error) e.getCause();
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
