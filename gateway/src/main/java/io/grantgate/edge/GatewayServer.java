package io.grantgate.edge;

import io.grantgate.ops.config.ListenAddress;
import io.grantgate.ops.config.SessionThreads;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listener: accepts client connections and runs each session on its own thread (platform or
 * virtual, {@link SessionThreads}), with blocking I/O. Closing it stops accepting and closes every session.
 */
public final class GatewayServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GatewayServer.class);

    private final ServerSocket listener;
    private final GatewayContext context;
    private final ExecutorService sessions;
    private final AtomicLong connectionIds = new AtomicLong();
    private final Thread acceptor;
    private volatile boolean open = true;

    private GatewayServer(ServerSocket listener, GatewayContext context, SessionThreads threads) {
        this.listener = listener;
        this.context = context;
        this.sessions = threads.executor();
        this.acceptor = Thread.ofPlatform().name("gateway-accept").daemon(true).unstarted(this::accept);
    }

    public static GatewayServer start(ListenAddress address, GatewayContext context, SessionThreads threads) throws IOException {
        ServerSocket listener = new ServerSocket();
        listener.setReuseAddress(true);
        listener.bind(new InetSocketAddress(InetAddress.getByName(address.host()), address.port()), 1024);
        GatewayServer server = new GatewayServer(listener, context, threads);
        server.acceptor.start();
        return server;
    }

    public int port() {
        return listener.getLocalPort();
    }

    private void accept() {
        while (open) {
            try {
                Socket socket = listener.accept();
                long id = connectionIds.incrementAndGet();
                sessions.execute(new ClientSession(socket, id, context));
            } catch (SocketException e) {
                if (open) {
                    log.error("the listener failed: {}", e.getMessage());
                }
                return;
            } catch (IOException e) {
                log.warn("accept failed: {}", e.getMessage());
            }
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
        context.sessions().all().forEach(ClientSession::revoke);
        sessions.shutdownNow();
    }
}
