package io.grantgate.edge;

import io.grantgate.protocol.constant.Capabilities;
import io.grantgate.protocol.constant.CapabilityFlag;
import io.grantgate.protocol.constant.MySqlError;
import io.grantgate.protocol.message.client.HandshakeResponse41;
import io.grantgate.protocol.message.server.ErrPacket;
import io.grantgate.protocol.proxy.MalformedProxyHeaderException;
import io.grantgate.protocol.proxy.ProxiedConnection;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One client connection, from accept to close: admission (blocked address, connection limit),
 * HANDSHAKE ({@link ConnectionHandshake}), then AUTH and COMMAND for each account the connection
 * logs in as ({@link AccountSessions}), then CLOSED. This is where the one catch-all lives:
 * protocol and auth errors end the session with an ERR where they happen; anything unexpected
 * becomes 1815 with a correlation id that is also in the log, never a stack trace to the client.
 *
 * <p>Threading: {@link #run} is the session's thread, which owns the socket and every object of the
 * session; other threads reach the session only through its {@link SessionHandle}, registered in
 * the {@link SessionRegistry} while it runs.
 */
final class ClientSession implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(ClientSession.class);

    private final Socket socket;
    private final GatewayContext context;
    private final SessionHandle handle;
    /** Null: commands relay on this session's thread. */
    private final RelayLoops loops;

    private final LoginDeadlines.Deadline deadline;
    private final BackendWatch backendWatch;
    /** For the catch-all: where to send 1815, once the connection has a channel. Confined to the session's thread. */
    private ClientChannel channel;
    /**
     * Who the session serves: the TCP peer, or the client a trusted load balancer's PROXY header
     * names. Every check and record from the admission on uses it. Confined to the session's thread.
     */
    private InetSocketAddress client;
    /** What the load balancer sent past its header: the client's first bytes. */
    private byte[] afterProxyHeader = new byte[0];

    ClientSession(
            Socket socket,
            long connectionId,
            GatewayContext context,
            RelayLoops loops,
            BackendWatch backendWatch,
            LoginDeadlines deadlines) {
        this.socket = socket;
        this.deadline = deadlines.start(socket);
        this.context = context;
        this.loops = loops;
        this.backendWatch = backendWatch;
        // the plain socket, also under TLS: closing an SSLSocket from another thread could wait for
        // a write the session's thread is blocked in
        this.client = (InetSocketAddress) socket.getRemoteSocketAddress();
        this.handle =
                new SessionHandle(connectionId, socket, new ConnectionAudit(context.audit(), connectionId, client));
    }

    @Override
    public void run() {
        MDC.put("connectionId", "conn=" + handle.connectionId() + " ");
        context.sessions().add(handle);
        try {
            if (!identified()) {
                return;
            }
            InetAddress peer = client.getAddress();
            if (!admitted(peer)) {
                return;
            }
            try {
                serve(peer);
            } finally {
                context.limits().releaseConnection();
            }
        } catch (SocketTimeoutException e) {
            InetAddress peer = client.getAddress();
            // the login deadline passed just as the login succeeded (its reads have no timeout of their own: the
            // deadline closes the socket under them, the IOException below)
            log.info("connection from {} timed out before it logged in", peer.getHostAddress());
            handle.audit().loginDenied("", "handshake_timeout", "denied", Optional.empty(), "");
        } catch (IOException e) {
            InetAddress peer = client.getAddress();
            if (deadline.expired()) {
                // bytes kept coming, too slowly to log in: the deadline closed the socket under a read
                log.info(
                        "connection from {} did not log in within {}, closed",
                        peer.getHostAddress(),
                        context.handshakeTimeout());
                handle.audit().loginDenied("", "handshake_timeout", "denied", Optional.empty(), "");
                // as a handshake that timed out on a read: it counts towards blocking the address
                context.guard().connectError(peer);
                context.events().refused(peer, "login deadline");
            } else {
                log.debug("connection from {} ended: {}", peer.getHostAddress(), e.toString());
            }
        } catch (RuntimeException e) {
            String id = UUID.randomUUID().toString().substring(0, 8);
            log.error(
                    "internal error {} in session from {}",
                    id,
                    client.getAddress().getHostAddress(),
                    e);
            ClientChannel open = channel;
            if (open != null) {
                // the client gets the correlation id, the log gets the stack trace
                open.sendQuietly(
                        MySqlError.ER_INTERNAL_ERROR.err("correlation id " + id),
                        Capabilities.of(CapabilityFlag.CLIENT_PROTOCOL_41));
            }
        } finally {
            deadline.met();
            close();
            context.sessions().remove(handle);
            MDC.clear();
        }
    }

    /**
     * From a trusted load balancer, the connection must start with a PROXY header, read before the
     * greeting (whose turn it would otherwise be) with the login deadline running: a header naming a
     * client makes that client the session's; LOCAL or UNKNOWN keeps the balancer's own address, as
     * the specification says (health checks). No header, a malformed one or none in time closes the
     * connection without a word: the balancer speaks no MySQL, and the specification has the
     * receiver abort. Not counted against {@code auth.max-connect-errors}: blocking a trusted
     * balancer's address would lock out every client behind it. False when the connection closes.
     */
    private boolean identified() throws IOException {
        InetSocketAddress balancer = client;
        if (!context.proxies().trusts(balancer.getAddress())) {
            return true;
        }
        String why;
        String reason;
        try {
            ProxyHeaderReader.Received received = ProxyHeaderReader.read(socket.getInputStream());
            afterProxyHeader = received.following();
            Optional<ProxiedConnection> proxied = received.header().connection();
            if (proxied.isPresent()) {
                client = new InetSocketAddress(
                        InetAddress.getByAddress(proxied.get().sourceAddress().toArray()),
                        proxied.get().sourcePort());
                handle.audit().proxied(client, balancer);
            }
            context.events().proxyHeaderAccepted(received.header().version());
            log.debug(
                    "PROXY header v{} from {}: {}",
                    received.header().version(),
                    balancer.getAddress().getHostAddress(),
                    proxied.isPresent()
                            ? "client " + client.getAddress().getHostAddress() + ":" + client.getPort()
                            : received.header().kind() + ", the connection's own address applies");
            return true;
        } catch (MalformedProxyHeaderException e) {
            why = "its PROXY header is malformed: " + e.getMessage();
            reason = "malformed";
        } catch (EOFException e) {
            why = e.getMessage();
            reason = "missing";
        } catch (IOException e) {
            if (!deadline.expired()) {
                throw e; // the connection broke: nothing to refuse
            }
            why = "no PROXY header within " + context.handshakeTimeout();
            reason = "timeout";
        }
        log.info(
                "no greeting for a connection from trusted proxy {} (proxy-protocol.trusted), closed: {}",
                balancer.getAddress().getHostAddress(),
                why);
        context.events().proxyHeaderRefused(reason);
        handle.audit().loginDenied("", "proxy_header", "denied", Optional.empty(), "");
        return false;
    }

    /** A blocked address or a full gateway is refused before the greeting; true when the connection may go on. */
    private boolean admitted(InetAddress peer) {
        if (context.guard().addressBlocked(peer)) {
            refuse(
                    MySqlError.ER_HOST_IS_BLOCKED.err(peer.getHostAddress()),
                    peer,
                    "address blocked after repeated errors");
            return false;
        }
        if (!context.limits().acquireConnection()) {
            refuse(MySqlError.ER_CON_COUNT_ERROR.err(), peer, "too many connections");
            return false;
        }
        return true;
    }

    private void serve(InetAddress peer) throws IOException {
        socket.setTcpNoDelay(true);
        channel = new ClientChannel(socket, context.maxPacketSize());
        channel.unread(afterProxyHeader);
        ConnectionHandshake handshake =
                new ConnectionHandshake(context, channel, handle.connectionId(), peer, handle.audit());
        Optional<HandshakeResponse41> response = handshake.exchange();
        if (response.isEmpty()) {
            return;
        }
        Capabilities negotiated = response.get().capabilities().intersect(context.serverCapabilities());
        new AccountSessions(context, channel, handle, loops, backendWatch, peer, negotiated, deadline)
                .run(response.get(), handshake.scramble());
    }

    /** Before the handshake: the client knows no capabilities yet, so the ERR has no SQLSTATE marker. */
    private void refuse(ErrPacket err, InetAddress peer, String why) {
        context.events().refused(peer, why);
        handle.audit()
                .loginDenied(
                        "",
                        err.errorCode() == MySqlError.ER_HOST_IS_BLOCKED.code()
                                ? "address_blocked"
                                : "too_many_connections",
                        "denied",
                        Optional.empty(),
                        "");
        log.info("refused {}: {}", peer.getHostAddress(), why);
        try {
            new ClientChannel(socket, context.maxPacketSize()).send(err.encode(Capabilities.NONE));
        } catch (IOException ignored) {
            log.debug("could not tell {} why it was refused", peer.getHostAddress());
        }
    }

    /** close_notify first over TLS, so that the client sees a clean end; then the socket. */
    private void close() {
        ClientChannel open = channel;
        if (open != null) {
            open.closeTls();
        }
        closeQuietly(socket);
        if (open != null) {
            open.releaseCompressor();
        }
    }

    private void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            log.debug("closing session {}", handle.connectionId());
        }
    }
}
