package io.grantgate.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay on loopback between the gateway and the test server, to play a backend that goes
 * away: {@link #cut()} drops every relayed connection and refuses new ones, as a stopped server
 * does; {@link #resume()} listens again on the same port, as the restarted server would. To play a
 * server that stops answering without closing anything (a partition, a hung server), {@link
 * #stall()} holds every byte in both directions, on old and new connections, until {@link #flow()}. The shared
 * test server itself is never stopped, so other tests are not disturbed.
 */
public final class FaultProxy implements AutoCloseable {

    private final java.util.concurrent.atomic.LongAdder toClients = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder fromClients = new java.util.concurrent.atomic.LongAdder();

    private final InetSocketAddress target;
    private final int port;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket listener;
    private final Object flowing = new Object();
    private boolean stalled;

    public FaultProxy(String targetHost, int targetPort) throws IOException {
        this.target = new InetSocketAddress(targetHost, targetPort);
        ServerSocket first = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.port = first.getLocalPort();
        listen(first);
    }

    /** Bytes relayed from the target to the clients, and from the clients to the target, so far. */
    public long bytesToClients() {
        return toClients.sum();
    }

    public long bytesFromClients() {
        return fromClients.sum();
    }

    public int port() {
        return port;
    }

    /** Connections relayed now (each relayed connection counts its two sockets once). */
    public int connections() {
        return open.size() / 2;
    }

    /** Closes the listener and every relayed connection: connects are refused until {@link #resume()}. */
    public synchronized void cut() throws IOException {
        listener.close();
        for (Socket socket : open) {
            socket.close();
        }
        open.clear();
    }

    /** Holds the bytes each way from now on: connections stay open, nothing arrives. */
    public void stall() {
        synchronized (flowing) {
            stalled = true;
        }
    }

    /** Delivers what was held and relays again. */
    public void flow() {
        synchronized (flowing) {
            stalled = false;
            flowing.notifyAll();
        }
    }

    private void awaitFlowing() throws InterruptedException {
        synchronized (flowing) {
            while (stalled) {
                flowing.wait();
            }
        }
    }

    /**
     * Listens again on the same port. The old listener's close completes only once its blocked
     * accept has returned, so the port may still be taken for a moment: retried for up to 5 s.
     */
    public synchronized void resume() throws IOException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        while (true) {
            ServerSocket again = new ServerSocket();
            again.setReuseAddress(true);
            try {
                again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
                listen(again);
                return;
            } catch (java.net.BindException e) {
                again.close();
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private void listen(ServerSocket socket) {
        listener = socket;
        Thread.ofVirtual().name("fault-proxy-accept-" + port).start(() -> {
            while (!socket.isClosed()) {
                try {
                    Socket client = socket.accept();
                    Socket server = new Socket();
                    server.connect(target, 5000);
                    client.setTcpNoDelay(true);
                    server.setTcpNoDelay(true);
                    open.add(client);
                    open.add(server);
                    pump(client, server, fromClients);
                    pump(server, client, toClients);
                } catch (IOException e) {
                    // the listener was closed by cut() or close(), or the target refused: the loop condition decides
                }
            }
        });
    }

    private void pump(Socket from, Socket to, java.util.concurrent.atomic.LongAdder counted) {
        Thread.ofVirtual().start(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream();
                    OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    awaitFlowing();
                    out.write(buffer, 0, n);
                    counted.add(n);
                }
            } catch (IOException e) {
                // one side went away: the finally closes both, as a dead server would
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        });
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public synchronized void close() throws IOException {
        cut();
        flow();
    }
}
