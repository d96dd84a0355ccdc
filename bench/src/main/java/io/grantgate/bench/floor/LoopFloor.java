package io.grantgate.bench.floor;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;

/**
 * The same session as {@link ThreadFloor}'s, done by event loops: each loop has a listener of its own
 * on the shared port (SO_REUSEPORT: the kernel spreads the connections), accepts, logs in and relays
 * with non-blocking reads and writes, woken by one selector for all of its clients and its backend
 * connections. No thread hand-off anywhere. What it costs per connection is what a login redesigned
 * onto the relay loops could at best cost on this machine.
 */
public final class LoopFloor implements Runnable {

    private static final int HANDSHAKE = 0;
    private static final int COMMAND = 1;

    private final Selector selector;
    private final ServerSocketChannel listener;
    private final ArrayDeque<Backend> idleBackends = new ArrayDeque<>();
    private final ByteBuffer ioBuffer = ByteBuffer.allocateDirect(16 * 1024);

    /** A client connection's state; its key's attachment. */
    private static final class Client {
        final SocketChannel channel;
        int phase = HANDSHAKE;
        int filled;
        final byte[] pending = new byte[1024];

        Client(SocketChannel channel) {
            this.channel = channel;
        }
    }

    /** A backend connection, and the client whose result it is reading. */
    private static final class Backend {
        final SocketChannel channel;
        Client client;
        int filled;
        final byte[] response = new byte[4096];

        Backend(SocketChannel channel) {
            this.channel = channel;
        }
    }

    private LoopFloor(int port, BackendLinks links, int backendConnections) throws IOException {
        selector = Selector.open();
        listener = ServerSocketChannel.open();
        listener.setOption(StandardSocketOptions.SO_REUSEPORT, true);
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
        listener.configureBlocking(false);
        listener.register(selector, SelectionKey.OP_ACCEPT);
        for (int i = 0; i < backendConnections; i++) {
            SocketChannel channel = links.open();
            channel.configureBlocking(false);
            Backend backend = new Backend(channel);
            channel.register(selector, SelectionKey.OP_READ, backend);
            idleBackends.add(backend);
        }
    }

    public static void serve(int port, BackendLinks links, int backendConnections, int loops) throws IOException {
        for (int i = 0; i < loops; i++) {
            Thread.ofPlatform().name("loop-" + i).start(new LoopFloor(port, links, backendConnections));
        }
        System.err.println(loops + " loop floors on port " + port);
    }

    @Override
    public void run() {
        try {
            while (true) {
                selector.select(this::ready);
            }
        } catch (IOException e) {
            System.err.println("loop floor: " + e);
        }
    }

    private void ready(SelectionKey key) {
        try {
            if (key.isAcceptable()) {
                accept();
            } else if (key.attachment() instanceof Client client) {
                fromClient(key, client);
            } else {
                fromBackend((Backend) key.attachment());
            }
        } catch (IOException e) {
            System.err.println("loop floor: " + e);
            if (key.attachment() instanceof Client client) {
                close(key, client);
            }
        }
    }

    private void accept() throws IOException {
        SocketChannel channel = listener.accept();
        if (channel == null) {
            return; // another loop's listener was quicker
        }
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        write(channel, FloorPackets.GREETING, FloorPackets.GREETING.length);
        channel.register(selector, SelectionKey.OP_READ, new Client(channel));
    }

    private void fromClient(SelectionKey key, Client client) throws IOException {
        int n = read(client.channel, client.pending, client.filled);
        if (n < 0) {
            close(key, client);
            return;
        }
        client.filled += n;
        int whole = FloorPackets.wholePacket(client.pending, client.filled);
        if (whole < 0) {
            return;
        }
        if (client.phase == HANDSHAKE) {
            client.phase = COMMAND;
            client.filled = 0;
            write(client.channel, FloorPackets.FAST_AUTH_OK, FloorPackets.FAST_AUTH_OK.length);
        } else if (client.pending[4] != FloorPackets.COM_QUIT) {
            Backend backend = idleBackends.poll();
            if (backend == null) {
                throw new IOException("no backend connection left: start with more");
            }
            backend.client = client;
            client.filled = 0;
            write(backend.channel, client.pending, whole);
        } else {
            close(key, client);
        }
    }

    private void fromBackend(Backend backend) throws IOException {
        int n = read(backend.channel, backend.response, backend.filled);
        if (n <= 0) {
            throw new IOException("the backend closed, or its response is larger than " + backend.response.length);
        }
        backend.filled += n;
        int whole = FloorPackets.wholeResponse(backend.response, backend.filled);
        if (whole < 0) {
            return;
        }
        // the response is read whole, so the connection is fit for the next query whatever the client does
        Client client = backend.client;
        backend.filled = 0;
        backend.client = null;
        idleBackends.add(backend);
        try {
            write(client.channel, backend.response, whole);
        } catch (IOException e) {
            close(client.channel.keyFor(selector), client);
        }
    }

    private int read(SocketChannel channel, byte[] into, int offset) throws IOException {
        ioBuffer.clear().limit(Math.min(ioBuffer.capacity(), into.length - offset));
        int n = channel.read(ioBuffer);
        if (n > 0) {
            ioBuffer.flip().get(into, offset, n);
        }
        return n;
    }

    /** Small writes only: the socket's send buffer always takes them whole. */
    private void write(SocketChannel channel, byte[] from, int length) throws IOException {
        ioBuffer.clear();
        ioBuffer.put(from, 0, length).flip();
        int n = channel.write(ioBuffer);
        if (n != length) {
            throw new IOException("a short write: " + n + " of " + length + " bytes");
        }
    }

    private static void close(SelectionKey key, Client client) {
        key.cancel();
        try {
            client.channel.close();
        } catch (IOException ignored) {
            // nothing to do: the floor only counts
        }
    }
}
