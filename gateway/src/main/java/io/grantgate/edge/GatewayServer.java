package io.grantgate.edge;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listener: accepts client connections and runs each session on its own thread (platform or
 * virtual, {@link SessionThreads}), with blocking I/O, its command phase relayed by the
 * {@link RelayLoops} if there are any. Closing it stops accepting and closes every session.
 */
public final class GatewayServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GatewayServer.class);
    /** How long a stop waits for the ended sessions' threads to finish. */
    private static final Duration SESSIONS_WAIT = Duration.ofSeconds(5);

    private final ServerSocket listener;
    private final GatewayContext context;
    private final SessionThreads.SessionExecutor sessions;
    /** Null when sessions relay on their own threads ({@code sessions.relay=thread}). */
    private final RelayLoops loops;
    /** Watches idle sessions' backends for those relayed on their own threads. */
    private final BackendWatch backendWatch;

    private final LoginDeadlines deadlines;

    private static final long ACCEPT_BACKOFF_MILLIS = 50;

    private final ConnectionIds connectionIds = new ConnectionIds();
    private final AtomicLong acceptFailures = new AtomicLong();
    private final Thread acceptor;
    private volatile boolean open = true;

    private GatewayServer(ServerSocket listener, GatewayContext context, SessionThreads threads) {
        this.listener = listener;
        this.context = context;
        this.sessions = threads.executor();
        this.loops =
                threads.relayLoops() > 0 ? RelayLoops.start(threads.relayLoops(), threads.commandsBeforeLoop()) : null;
        this.backendWatch = BackendWatch.start();
        this.deadlines = new LoginDeadlines(context.handshakeTimeout());
        this.acceptor = Thread.ofPlatform().name("gateway-accept").daemon(true).unstarted(this::accept);
    }

    public static GatewayServer start(ListenAddress address, GatewayContext context, SessionThreads threads)
            throws IOException {
        // a channel's socket: accepted sockets then have channels, which a relay loop can take over
        ServerSocket listener = ServerSocketChannel.open().socket();
        try {
            listener.setReuseAddress(true);
            listener.bind(new InetSocketAddress(InetAddress.getByName(address.host()), address.port()), 1024);
        } catch (IOException | RuntimeException e) {
            // a port taken, an address not on this host: the channel is open all the same, and would stay so
            try {
                listener.close();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
        GatewayServer server = new GatewayServer(listener, context, threads);
        server.acceptor.start();
        return server;
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** How much the relay loops did; nothing when sessions relay on their own threads. */
    public RelayLoops.Stats relayStats() {
        return loops == null ? RelayLoops.Stats.NONE : loops.stats();
    }

    private void accept() {
        while (open) {
            try {
                Socket socket = listener.accept();
                long id = connectionIds.next(context.sessions()::holds);
                start(socket, id);
            } catch (SocketException e) {
                if (open) {
                    log.error("the listener failed: {}", e.getMessage());
                }
                return;
            } catch (IOException e) {
                if (!open) {
                    return; // the listener was closed under a blocked accept: a stop, not a failure
                }
                // typically "Too many open files": retrying at once would spin on the same error and
                // flood the log; the pending connections wait in the backlog meanwhile
                long failures = acceptFailures.incrementAndGet();
                if (failures == 1 || failures % 1000 == 0) {
                    log.warn(
                            "accept failed ({} times so far), pausing {} ms: {}",
                            failures,
                            ACCEPT_BACKOFF_MILLIS,
                            e.getMessage());
                }
                pause();
            }
        }
    }

    /**
     * No thread for the session (the OS refused to create one, or the executor is shut down): the
     * client is closed, the listener goes on.
     */
    private void start(Socket socket, long id) {
        try {
            sessions.execute(new ClientSession(socket, id, context, loops, backendWatch, deadlines));
        } catch (RejectedExecutionException | OutOfMemoryError e) {
            log.warn(
                    "no thread for connection {} from {}, closing it: {}",
                    id,
                    socket.getInetAddress().getHostAddress(),
                    e.toString());
            try {
                socket.close();
            } catch (IOException ignored) {
                log.debug("closing connection {}", id);
            }
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(ACCEPT_BACKOFF_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** No session starts once the listener is closed: the accept thread has ended (or is stuck past a second). */
    private void awaitAcceptor() {
        try {
            if (!acceptor.join(Duration.ofSeconds(1))) {
                log.warn("the accept thread did not end within a second of the listener's close");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        open = false;
        try {
            listener.close();
        } catch (IOException ignored) {
            log.debug("closing the listener", ignored);
        }
        awaitAcceptor();
        context.sessions().endAll("the gateway is stopping");
        sessions.shutdownNow();
        awaitSessions();
        deadlines.close();
        if (loops != null) {
            loops.close();
        }
        backendWatch.close();
    }

    /**
     * The ended sessions give their backend connections back and record their ends on their own
     * threads: the audit trail and the pool, closed after this server, must not close under them.
     * Bounded, as a session thread stuck in a write to a dead client must not hold the stop up.
     */
    private void awaitSessions() {
        long deadline = System.nanoTime() + SESSIONS_WAIT.toNanos();
        try {
            while (context.sessions().size() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int left = context.sessions().size();
        if (left > 0) {
            log.warn("{} sessions still running {} after the gateway began to stop", left, SESSIONS_WAIT);
        }
    }
}
