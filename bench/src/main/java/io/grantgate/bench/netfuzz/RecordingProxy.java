package io.grantgate.bench.netfuzz;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on loopback in front of a gateway that records what each client sends, cut into frames
 * and labelled with the session's phase, which it follows by watching the server's side: the login
 * ends with the server's OK or ERR, a COM_CHANGE_USER's auth exchange likewise, and after an
 * SSLRequest both directions are TLS. Each connection is written, once both sides have closed, as
 * {@code <scenario>.session} (then {@code <scenario>-2.session}, ...) into the output directory.
 *
 * <p>Threads: one accept thread, two pumps per connection.
 */
public final class RecordingProxy implements AutoCloseable {

    private static final int BUFFER = 64 * 1024;

    private final InetSocketAddress target;
    private final Path directory;
    private final ServerSocket listener;
    private final Thread acceptor;
    private final Map<String, Integer> connectionsPerScenario = new HashMap<>();
    private final List<Path> written = new ArrayList<>();
    private final AtomicInteger open = new AtomicInteger();
    private volatile String scenario = "unnamed";

    public RecordingProxy(InetSocketAddress target, Path directory) throws IOException {
        this.target = target;
        this.directory = directory;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = Thread.ofPlatform().name("recording-proxy-accept").start(this::acceptLoop);
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Names the connections accepted from now on. */
    public void scenario(String name) {
        this.scenario = name;
    }

    /** Waits until every accepted connection has ended and been written. */
    public void awaitIdle(long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (open.get() > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        if (open.get() > 0) {
            throw new IllegalStateException(open.get() + " recorded connections still open");
        }
    }

    public synchronized List<Path> written() {
        return List.copyOf(written);
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                open.incrementAndGet();
                String name = nextName();
                Thread.ofPlatform().name("recording-" + name).start(() -> relay(client, name));
            } catch (IOException e) {
                if (!listener.isClosed()) {
                    System.err.println("recording proxy: accept failed: " + e);
                }
            }
        }
    }

    private synchronized String nextName() {
        int n = connectionsPerScenario.merge(scenario, 1, Integer::sum);
        return n == 1 ? scenario : scenario + "-" + n;
    }

    private void relay(Socket client, String name) {
        Recording recording = new Recording();
        try (client;
                Socket server = new Socket()) {
            server.connect(target, 5_000);
            client.setTcpNoDelay(true);
            server.setTcpNoDelay(true);
            Thread back = Thread.ofPlatform()
                    .name("recording-" + name + "-server")
                    .start(() -> pump(server, client, recording::fromServer));
            pump(client, server, recording::fromClient);
            back.join();
            new SessionRecording(name, recording.packets()).write(directory);
            synchronized (this) {
                written.add(directory.resolve(name + SessionRecording.SUFFIX));
            }
        } catch (IOException | InterruptedException e) {
            System.err.println("recording proxy: " + name + ": " + e);
        } finally {
            open.decrementAndGet();
        }
    }

    /** Copies one direction until its end, showing each read to the recording before passing it on. */
    private static void pump(Socket from, Socket to, Observer observer) {
        byte[] buffer = new byte[BUFFER];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                observer.saw(buffer, n);
                out.write(buffer, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            // one side went away: end both
            closeQuietly(to);
            closeQuietly(from);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is all that is left to do
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        listener.close();
        acceptor.join();
    }

    @FunctionalInterface
    private interface Observer {
        void saw(byte[] bytes, int length);
    }

    /**
     * The phase tracking of one connection. The server's pump moves the phase on before it passes
     * the packet that moves it on to the client, so the client's next frame is labelled right.
     */
    private static final class Recording {
        private final FrameSplitter clientFrames = new FrameSplitter();
        private final FrameSplitter serverFrames = new FrameSplitter();
        private final List<RecordedPacket> packets = new ArrayList<>();
        private Phase phase = Phase.LOGIN;
        private boolean tls;
        private boolean greeted;

        synchronized void fromClient(byte[] bytes, int length) {
            if (tls) {
                packets.add(new RecordedPacket(Phase.TLS, java.util.Arrays.copyOf(bytes, length)));
                return;
            }
            for (byte[] frame : clientFrames.add(bytes, 0, length)) {
                if (tls) {
                    packets.add(new RecordedPacket(Phase.TLS, frame));
                    continue;
                }
                packets.add(new RecordedPacket(phase, frame));
                if (phase == Phase.LOGIN && packets.size() == 1 && Wire.isSslRequest(frame)) {
                    tls = true;
                } else if (phase == Phase.COMMAND
                        && Wire.sequenceId(frame) == 0
                        && Wire.firstByte(frame) == Wire.COM_CHANGE_USER) {
                    phase = Phase.CHANGE_USER_AUTH;
                }
            }
            if (tls) {
                byte[] rest = clientFrames.takeRest();
                if (rest.length > 0) {
                    packets.add(new RecordedPacket(Phase.TLS, rest));
                }
            }
        }

        synchronized void fromServer(byte[] bytes, int length) {
            if (tls) {
                return;
            }
            for (byte[] frame : serverFrames.add(bytes, 0, length)) {
                if (!greeted) {
                    greeted = true;
                    continue;
                }
                int first = Wire.firstByte(frame);
                if ((phase == Phase.LOGIN || phase == Phase.CHANGE_USER_AUTH)
                        && (first == Wire.OK || first == Wire.ERR)) {
                    phase = Phase.COMMAND;
                }
            }
        }

        synchronized List<RecordedPacket> packets() {
            return List.copyOf(packets);
        }
    }
}
