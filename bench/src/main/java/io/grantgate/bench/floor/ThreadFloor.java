package io.grantgate.bench.floor;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's threading with nothing else: an accept thread hands each connection to a cached pool
 * of platform threads, which does the session with blocking reads and writes on the channel's socket
 * (as {@code GatewayServer} and {@code ClientSession} do) and relays the query over a pooled backend
 * connection. What it costs per connection is what any login on session threads costs on this machine.
 */
public final class ThreadFloor {

    private final ConcurrentLinkedQueue<Socket> backends = new ConcurrentLinkedQueue<>();
    private final ThreadPoolExecutor sessions = new ThreadPoolExecutor(
            0,
            Integer.MAX_VALUE,
            60,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            Thread.ofPlatform().name("session-", 0).daemon(true).factory());

    private ThreadFloor() {}

    public static void serve(int port, BackendLinks links, int backendConnections) throws IOException {
        ThreadFloor floor = new ThreadFloor();
        for (int i = 0; i < backendConnections; i++) {
            floor.backends.add(links.open().socket());
        }
        ServerSocket listener = ServerSocketChannel.open().socket();
        listener.setReuseAddress(true);
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
        System.err.println("thread floor on port " + port);
        while (true) {
            Socket client = listener.accept();
            floor.sessions.execute(() -> floor.session(client));
        }
    }

    private void session(Socket client) {
        try (client) {
            client.setTcpNoDelay(true);
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            byte[] buffer = new byte[1024];
            byte[] result = new byte[4096];
            out.write(FloorPackets.GREETING);
            if (readPacket(in, buffer) < 0) {
                return;
            }
            out.write(FloorPackets.FAST_AUTH_OK);
            while (readPacket(in, buffer) > 4 && buffer[4] != FloorPackets.COM_QUIT) {
                relay(buffer, result, out);
            }
        } catch (IOException e) {
            System.err.println("thread floor: " + e);
        }
    }

    private void relay(byte[] query, byte[] result, OutputStream client) throws IOException {
        Socket backend = backends.poll();
        if (backend == null) {
            throw new IOException("no backend connection left: start with more");
        }
        int length = FloorPackets.wholePacket(query, query.length);
        backend.getOutputStream().write(query, 0, length);
        int response = readResponse(backend.getInputStream(), result);
        // only once the response is read whole: a connection that failed mid-response is dropped
        backends.add(backend);
        client.write(result, 0, response);
    }

    /** One packet into {@code buffer}; its length with the header, or -1 at the end of the stream. */
    private static int readPacket(InputStream in, byte[] buffer) throws IOException {
        int filled = 0;
        int whole;
        while ((whole = FloorPackets.wholePacket(buffer, filled)) < 0) {
            int n = in.read(buffer, filled, buffer.length - filled);
            if (n < 0) {
                return -1;
            }
            filled += n;
        }
        return whole;
    }

    private static int readResponse(InputStream in, byte[] buffer) throws IOException {
        int filled = 0;
        int whole;
        while ((whole = FloorPackets.wholeResponse(buffer, filled)) < 0) {
            int n = in.read(buffer, filled, buffer.length - filled);
            if (n <= 0) {
                throw new IOException("the backend closed, or its response is larger than " + buffer.length + " bytes");
            }
            filled += n;
        }
        return whole;
    }
}
