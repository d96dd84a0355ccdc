package io.grantgate.edge;

import io.grantgate.auth.Scramble;
import io.grantgate.protocol.Bytes;
import io.grantgate.protocol.MalformedPacketException;
import io.grantgate.protocol.PacketBuffer;
import io.grantgate.protocol.PacketHeader;
import io.grantgate.protocol.ProtocolException;
import io.grantgate.protocol.constant.Capabilities;
import io.grantgate.protocol.constant.CapabilityFlag;
import io.grantgate.protocol.constant.MySqlError;
import io.grantgate.protocol.constant.ServerStatus;
import io.grantgate.protocol.message.client.HandshakeResponse41;
import io.grantgate.protocol.message.client.SslRequest;
import io.grantgate.protocol.message.server.ErrPacket;
import io.grantgate.protocol.message.server.HandshakeV10;
import io.grantgate.protocol.proxy.ProxyHeaderDecoder;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection phase up to the client's HandshakeResponse41: the greeting (the backend's version,
 * the gateway's capabilities, a fresh scramble), then TLS if the client sends an SSLRequest. A
 * client that times out, sends garbage or breaks the protocol is counted against its address
 * ({@link io.grantgate.auth.LoginGuard}) and told why when the protocol allows.
 *
 * <p>Threading: runs once, on the session's thread, before anything else of the session exists.
 */
final class ConnectionHandshake {

    private static final Logger log = LoggerFactory.getLogger(ConnectionHandshake.class);

    private final GatewayContext context;
    private final ClientChannel channel;
    private final long connectionId;
    private final InetAddress peer;
    private final Scramble scramble = Scramble.random();

    private final ConnectionAudit audit;

    ConnectionHandshake(
            GatewayContext context, ClientChannel channel, long connectionId, InetAddress peer, ConnectionAudit audit) {
        this.audit = audit;
        this.context = context;
        this.channel = channel;
        this.connectionId = connectionId;
        this.peer = peer;
    }

    /** The scramble the greeting sent, which the client's first auth response answers. */
    Scramble scramble() {
        return scramble;
    }

    /** The client's response to the greeting, after TLS if it asked; empty when the handshake failed (already answered). */
    Optional<HandshakeResponse41> exchange() throws IOException {
        try {
            channel.send(greeting().encode());
            if (sendsProxyHeader()) {
                return Optional.empty();
            }
            PacketBuffer first = channel.receive();
            if (SslRequest.isSslRequest(first.array(), first.length())) {
                channel.upgrade(context.tls());
                first = channel.receive();
            }
            return Optional.of(HandshakeResponse41.decode(first.reader()));
        } catch (MalformedPacketException e) {
            failed("bad handshake: " + e.getMessage(), "protocol_error", MySqlError.ER_HANDSHAKE_ERROR.err());
        } catch (ProtocolException e) {
            failed(e.getMessage(), "protocol_error", e.error().err());
        }
        return Optional.empty();
    }

    /**
     * A PROXY protocol header where the client's first packet belongs: this connection does not come
     * from a trusted load balancer (those are read before the greeting), so the address it would
     * claim is refused, as MariaDB refuses one from outside {@code proxy_protocol_networks}. Told
     * with an error rather than left to fail as a packet out of order, so that a balancer set up
     * with {@code send-proxy} but missing from {@code proxy-protocol.trusted} shows what is wrong.
     */
    private boolean sendsProxyHeader() throws IOException {
        byte[] next = channel.peek(PacketHeader.SIZE);
        if (!ProxyHeaderDecoder.startsLikeHeader(next, 0, next.length)) {
            return false;
        }
        context.events().proxyHeaderRefused("untrusted");
        failed(
                "a PROXY protocol header from an address not in proxy-protocol.trusted",
                "proxy_header",
                MySqlError.ER_PROXY_HEADER_NOT_ACCEPTED.err(peer.getHostAddress()));
        return true;
    }

    private HandshakeV10 greeting() {
        return new HandshakeV10(
                context.serverVersion(),
                connectionId,
                Bytes.of(scramble.bytes()),
                context.serverCapabilities(),
                context.characterSet(),
                ServerStatus.SERVER_STATUS_AUTOCOMMIT.mask(),
                "caching_sha2_password");
    }

    private void failed(String why, String reason, ErrPacket err) {
        audit.loginDenied("", reason, "denied", channel.tlsSession(), "");
        context.guard().connectError(peer);
        context.events().refused(peer, why);
        log.info("handshake with {} failed: {}", peer.getHostAddress(), why);
        if (err != null) {
            channel.sendQuietly(err, Capabilities.of(CapabilityFlag.CLIENT_PROTOCOL_41));
        }
    }
}
