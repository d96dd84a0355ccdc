package io.grantgate.edge;

import io.grantgate.auth.Scramble;
import io.grantgate.catalog.Account;
import io.grantgate.catalog.CatalogSnapshot;
import io.grantgate.edge.LoginOutcome.Accepted;
import io.grantgate.edge.LoginOutcome.Denied;
import io.grantgate.protocol.Bytes;
import io.grantgate.protocol.MalformedPacketException;
import io.grantgate.protocol.PacketBuffer;
import io.grantgate.protocol.ProtocolException;
import io.grantgate.protocol.constant.CapabilityFlag;
import io.grantgate.protocol.constant.Capabilities;
import io.grantgate.protocol.constant.MySqlError;
import io.grantgate.protocol.constant.ServerStatus;
import io.grantgate.protocol.message.client.ComChangeUser;
import io.grantgate.protocol.message.client.HandshakeResponse41;
import io.grantgate.protocol.message.client.SslRequest;
import io.grantgate.protocol.message.server.ErrPacket;
import io.grantgate.protocol.message.server.HandshakeV10;
import io.grantgate.protocol.message.server.OkPacket;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One client connection, on its own thread: HANDSHAKE (greeting, optional TLS) → AUTH
 * ({@link LoginExchange}) → COMMAND ({@link CommandLoop}) → CLOSED. This is where the one catch-all
 * lives: protocol and auth errors end the session with an ERR; anything unexpected becomes 1815
 * with a correlation id that is also in the log, never a stack trace to the client.
 */
final class ClientSession implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(ClientSession.class);

    private final Socket socket;
    private final long connectionId;
    private final GatewayContext context;
    private volatile Accepted login;
    private volatile BackendLease backend;
    private volatile boolean revoked;
    /** After a TLS upgrade: closing it sends close_notify, so the client reads our last packet cleanly. */
    private volatile java.net.Socket tlsSocket;
    /** For the catch-all: where to send 1815. Confined to the session's thread. */
    private ClientChannel channel;
    /** Null: commands relay on this session's thread. */
    private final RelayLoops loops;
    /** The command phase running now, for a revocation to reach a session a relay loop holds. */
    private volatile CommandLoop commands;

    ClientSession(Socket socket, long connectionId, GatewayContext context, RelayLoops loops) {
        this.socket = socket;
        this.connectionId = connectionId;
        this.context = context;
        this.loops = loops;
    }

    long connectionId() {
        return connectionId;
    }

    String userName() {
        Accepted l = login;
        return l == null ? null : l.account().user().value();
    }

    @Override
    public void run() {
        InetAddress peer = socket.getInetAddress();
        MDC.put("connectionId", "conn=" + connectionId + " ");
        context.sessions().add(this);
        try {
            if (context.guard().addressBlocked(peer)) {
                refuse(MySqlError.ER_HOST_IS_BLOCKED.err(peer.getHostAddress()), peer, "address blocked after repeated errors");
                return;
            }
            if (!context.limits().acquireConnection()) {
                refuse(MySqlError.ER_CON_COUNT_ERROR.err(), peer, "too many connections");
                return;
            }
            try {
                serve(peer);
            } finally {
                context.limits().releaseConnection();
            }
        } catch (IOException e) {
            log.debug("connection from {} ended: {}", peer.getHostAddress(), e.toString());
        } catch (RuntimeException e) {
            String id = UUID.randomUUID().toString().substring(0, 8);
            log.error("internal error {} in session from {}", id, peer.getHostAddress(), e);
            ClientChannel open = channel;
            if (open != null) {
                // the client gets the correlation id, the log gets the stack trace
                sendQuietly(open, MySqlError.ER_INTERNAL_ERROR.err("correlation id " + id), Capabilities.of(CapabilityFlag.CLIENT_PROTOCOL_41));
            }
        } finally {
            closeTls();
            try {
                socket.close();
            } catch (IOException ignored) {
                log.debug("closing session {}", connectionId);
            }
            context.sessions().remove(this);
            MDC.clear();
        }
    }

    private void serve(InetAddress peer) throws IOException {
        socket.setTcpNoDelay(true);
        socket.setSoTimeout((int) context.handshakeTimeout().toMillis());
        ClientChannel channel = new ClientChannel(socket, context.maxPacketSize());
        this.channel = channel;
        Scramble scramble = Scramble.random();
        HandshakeResponse41 response;
        try {
            channel.send(greeting(scramble).encode());
            PacketBuffer first = channel.receive();
            if (SslRequest.isSslRequest(first.array(), first.length())) {
                channel.upgrade(context.tls());
                first = channel.receive();
            }
            response = HandshakeResponse41.decode(first.reader());
        } catch (SocketTimeoutException e) {
            handshakeFailed(peer, "handshake timeout", null, channel);
            return;
        } catch (MalformedPacketException e) {
            handshakeFailed(peer, "bad handshake: " + e.getMessage(), MySqlError.ER_HANDSHAKE_ERROR.err(), channel);
            return;
        } catch (ProtocolException e) {
            handshakeFailed(peer, e.getMessage(), e.error().err(), channel);
            return;
        } finally {
            tlsSocket = channel.isSecure() ? channel.socket() : null;
        }
        Capabilities negotiated = response.capabilities().intersect(context.serverCapabilities());
        LoginExchange exchange = loginExchange(channel, scramble);
        CatalogSnapshot snapshot = context.catalog().snapshot();
        LoginOutcome outcome = exchange.authenticate(response, snapshot, peer);
        switch (outcome) {
            case Denied denied -> deny(channel, denied, peer, negotiated);
            case Accepted accepted -> run(channel, accepted, response, negotiated, peer);
        }
    }

    private LoginExchange loginExchange(ClientChannel channel, Scramble scramble) {
        return new LoginExchange(channel, scramble, context.fastAuth(), context.rsa(), context.guard(), context.requireSecureTransport());
    }

    private void handshakeFailed(InetAddress peer, String why, ErrPacket err, ClientChannel channel) {
        context.guard().connectError(peer);
        context.events().refused(peer, why);
        log.info("handshake with {} failed: {}", peer.getHostAddress(), why);
        if (err != null) {
            sendQuietly(channel, err, Capabilities.of(CapabilityFlag.CLIENT_PROTOCOL_41));
        }
    }

    /** Sessions of one connection: the first login, then one per successful COM_CHANGE_USER. */
    private void run(ClientChannel channel, Accepted accepted, HandshakeResponse41 response, Capabilities negotiated,
            InetAddress peer) throws IOException {
        socket.setSoTimeout(0);
        Login next = new Login(accepted, response.characterSet(), response.database());
        while (next != null) {
            next = session(channel, next, negotiated, peer);
        }
    }

    /** An accepted login and what the session it opens starts with. */
    private record Login(Accepted accepted, int characterSet, Optional<String> schema) {
    }

    /** One account's session; returns the next login after a COM_CHANGE_USER, or null when the connection ends. */
    private Login session(ClientChannel channel, Login next, Capabilities negotiated, InetAddress peer) throws IOException {
        Account account = next.accepted().account();
        String user = account.user().value();
        MDC.put("user", "user=" + user + " ");
        int limit = account.maxConnections().orElse(0);
        if (!context.limits().acquireAccount(user, limit)) {
            sendQuietly(channel, MySqlError.ER_USER_LIMIT_REACHED.err(user, "max_user_connections", limit), negotiated);
            return null;
        }
        CommandLoop loop = null;
        try {
            BackendLease lease;
            try {
                lease = context.backends().borrow(account, negotiated, next.characterSet(), next.schema());
            } catch (BackendConnector.BackendRefusedException e) {
                sendQuietly(channel, e.err(), negotiated);
                log.info("login of '{}' from {} refused by the backend: {}", user, peer.getHostAddress(), e.getMessage());
                return null;
            }
            login = next.accepted();
            backend = lease;
            channel.send(OkPacket.of(ServerStatus.SERVER_STATUS_AUTOCOMMIT.mask()).encode(negotiated));
            context.events().loginAccepted(user, peer, connectionId, channel.isSecure());
            log.info("'{}' logged in from {} via '{}'{}", user, peer.getHostAddress(), next.accepted().host().text(),
                    channel.isSecure() ? " over TLS" : "");
            loop = new CommandLoop(channel, lease, negotiated, this::kill, loops);
            commands = loop;
            if (revoked) {
                return null; // revoked before the loop could be reached
            }
            CommandLoop.Ending ending = loop.run();
            if (ending instanceof CommandLoop.Ending.Closed closed) {
                context.events().sessionEnded(user, connectionId, revoked ? "revoked" : closed.why());
                return null;
            }
            context.events().sessionEnded(user, connectionId, "changed user");
            return changeUser(channel, negotiated, next.characterSet(), peer);
        } finally {
            commands = null;
            BackendLease lease = backend;
            backend = null;
            login = null;
            if (lease != null) {
                lease.release(revoked || loop == null ? BackendLease.Ending.BROKEN : loop.backendEnding());
            }
            context.limits().releaseAccount(user);
        }
    }

    /**
     * COM_CHANGE_USER: the gateway authenticates the new account itself, with a fresh scramble sent
     * in an AuthSwitchRequest, and the session moves to that account's backend connection. A failed
     * change ends the connection, as the client's old identity is gone.
     */
    private Login changeUser(ClientChannel channel, Capabilities negotiated, int characterSet, InetAddress peer) throws IOException {
        ComChangeUser change;
        try {
            change = ComChangeUser.decode(channel.buffer().reader(), negotiated);
        } catch (MalformedPacketException e) {
            sendQuietly(channel, MySqlError.ER_MALFORMED_PACKET.err(), negotiated);
            return null;
        }
        LoginExchange exchange = loginExchange(channel, Scramble.random());
        LoginOutcome outcome = exchange.authenticate(change.username(), new byte[0], "", context.catalog().snapshot(), peer);
        return switch (outcome) {
            case Denied denied -> {
                deny(channel, denied, peer, negotiated);
                yield null;
            }
            case Accepted accepted -> new Login(accepted, change.characterSet().orElse(characterSet),
                    change.database().isEmpty() ? Optional.empty() : Optional.of(change.database()));
        };
    }

    private void deny(ClientChannel channel, Denied denied, InetAddress peer, Capabilities negotiated) {
        context.events().loginDenied(denied.user(), peer, connectionId, denied.reason());
        log.info("access denied for '{}' from {}: {}", denied.user(), peer.getHostAddress(), denied.reason().code());
        sendQuietly(channel, MySqlError.ER_ACCESS_DENIED_ERROR.err(denied.user(), peer.getHostAddress(),
                denied.usedPassword() ? "YES" : "NO"), negotiated);
    }

    private HandshakeV10 greeting(Scramble scramble) {
        return new HandshakeV10(context.serverVersion(), connectionId, Bytes.of(scramble.bytes()), context.serverCapabilities(),
                context.characterSet(), ServerStatus.SERVER_STATUS_AUTOCOMMIT.mask(), "caching_sha2_password");
    }

    /** Before the handshake: the client knows no capabilities yet, so the ERR has no SQLSTATE marker. */
    private void refuse(ErrPacket err, InetAddress peer, String why) {
        context.events().refused(peer, why);
        log.info("refused {}: {}", peer.getHostAddress(), why);
        try {
            ClientChannel channel = new ClientChannel(socket, context.maxPacketSize());
            channel.send(err.encode(Capabilities.NONE));
        } catch (IOException ignored) {
            log.debug("could not tell {} why it was refused", peer.getHostAddress());
        }
    }

    private static void sendQuietly(ClientChannel channel, ErrPacket err, Capabilities capabilities) {
        try {
            channel.send(err.encode(capabilities));
        } catch (IOException ignored) {
            log.debug("the client left before its error {} reached it", err.errorCode());
        }
    }

    private void closeTls() {
        java.net.Socket tls = tlsSocket;
        if (tls != null) {
            try {
                tls.close();
            } catch (IOException ignored) {
                log.debug("closing TLS of session {}", connectionId);
            }
        }
    }

    /**
     * KILL [QUERY] of a gateway connection id from this session: allowed on the sessions of the same
     * account only, as MySQL allows an account without PROCESS or CONNECTION_ADMIN; any other id is
     * unknown (1094), so a client cannot learn which ids other accounts hold.
     */
    private Optional<ErrPacket> kill(long targetId, boolean queryOnly) {
        Accepted self = login;
        ClientSession target = context.sessions().find(targetId).orElse(null);
        Accepted other = target == null ? null : target.login;
        BackendLease otherBackend = target == null ? null : target.backend;
        if (self == null || other == null || !other.account().user().equals(self.account().user())) {
            log.info("KILL {}{} refused: no session of '{}' has that id", queryOnly ? "QUERY " : "", targetId, userName());
            return Optional.of(MySqlError.ER_NO_SUCH_THREAD.err(targetId));
        }
        log.info("KILL {}{} by session {} of '{}'", queryOnly ? "QUERY " : "", targetId, connectionId, userName());
        if (queryOnly) {
            if (otherBackend != null) {
                context.killer().kill(other.account(), otherBackend.connectionId(), true);
            }
        } else {
            target.revoke();
        }
        return Optional.empty();
    }

    /** Whether the session may go on under a new catalog snapshot. */
    boolean allowedBy(CatalogSnapshot snapshot) {
        Accepted l = login;
        return l == null || snapshot.keeps(l.account().user(), l.host(), l.account());
    }

    /** Ends the session now: its running backend statement is killed and the socket closed. */
    void revoke() {
        revoked = true;
        BackendLease lease = backend;
        Accepted l = login;
        if (lease != null && l != null) {
            context.killer().kill(l.account(), lease.connectionId(), false);
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            log.debug("closing revoked session {}", connectionId);
        }
        CommandLoop running = commands;
        if (running != null) {
            running.abort("revoked");
        }
    }
}
