package io.grantgate.backend;

import io.grantgate.auth.AuthPlugin;
import io.grantgate.auth.Scramble;
import io.grantgate.protocol.Bytes;
import io.grantgate.protocol.MalformedPacketException;
import io.grantgate.protocol.PacketBuffer;
import io.grantgate.protocol.constant.Capabilities;
import io.grantgate.protocol.constant.CapabilityFlag;
import io.grantgate.protocol.message.client.ConnectAttributes;
import io.grantgate.protocol.message.client.HandshakeResponse41;
import io.grantgate.protocol.message.client.SslRequest;
import io.grantgate.protocol.message.server.ErrPacket;
import io.grantgate.protocol.message.server.HandshakeV10;
import io.grantgate.protocol.message.server.OkPacket;
import io.grantgate.tls.TlsContext;
import java.io.IOException;
import java.net.Socket;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import java.util.OptionalInt;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * The connection phase on an open socket: greeting, optional TLS upgrade, HandshakeResponse41 and
 * the authentication exchange. Produces the negotiated state a {@link BackendConnection} keeps.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase.html">Connection Phase</a>
 */
final class BackendHandshake {

    /** What the connection phase settled. The scramble is kept for a COM_CHANGE_USER fallback. */
    record Result(
            HandshakeV10 greeting, Capabilities capabilities, AuthPlugin plugin, Scramble scramble, OkPacket ok) {}

    private final PacketChannel channel;
    private final BackendEndpoint endpoint;
    private final BackendCredentials credentials;
    private final BackendConnectOptions options;

    BackendHandshake(
            PacketChannel channel,
            BackendEndpoint endpoint,
            BackendCredentials credentials,
            BackendConnectOptions options) {
        this.channel = channel;
        this.endpoint = endpoint;
        this.credentials = credentials;
        this.options = options;
    }

    Result perform() throws BackendException {
        HandshakeV10 greeting = readGreeting();
        boolean attrs = !options.attributes().isEmpty();
        Capabilities capabilities = ClientCapabilities.negotiate(
                options.requested(),
                greeting.capabilities(),
                endpoint.useTls(),
                options.schema().isPresent(),
                attrs);
        int sequence = 1;
        if (endpoint.useTls()) {
            if (!greeting.capabilities().contains(CapabilityFlag.CLIENT_SSL)) {
                throw BackendException.of(
                        BackendFailure.TLS_FAILED, null, channel.peer(), "the server does not offer TLS");
            }
            channel.send(
                    sequence++,
                    new SslRequest(capabilities, options.maxPacketSize(), options.characterSet()).encode(),
                    "the TLS request");
            upgrade();
        }
        Scramble scramble = scrambleOf(greeting.authPluginData());
        // a default plugin we do not speak (ed25519, sha256_password …): answer as native, the server switches
        AuthPlugin plugin = AuthPlugin.fromName(greeting.authPluginName()).orElse(AuthPlugin.MYSQL_NATIVE_PASSWORD);
        byte[] auth = AuthResponses.respond(plugin, credentials.password(), scramble);
        HandshakeResponse41 response = new HandshakeResponse41(
                capabilities,
                options.maxPacketSize(),
                options.characterSet(),
                credentials.user(),
                Bytes.of(auth),
                options.schema(),
                Optional.of(plugin.pluginName()),
                attrs ? options.attributes() : ConnectAttributes.EMPTY,
                OptionalInt.empty());
        java.util.Arrays.fill(auth, (byte) 0);
        channel.send(sequence, response.encode(), "the handshake response");
        OkPacket ok = new BackendAuthenticator(
                        channel, credentials.password(), endpoint.useTls(), capabilities, plugin, scramble)
                .authenticate();
        return new Result(greeting, capabilities, plugin, scramble, ok);
    }

    private HandshakeV10 readGreeting() throws BackendException {
        PacketBuffer packet = channel.read("the server greeting");
        try {
            if (packet.firstByte() == ErrPacket.HEADER) {
                // too many connections, host blocked …: sent before capabilities are known
                throw BackendException.fromServer(ErrPacket.decode(packet.reader(), Capabilities.NONE), false);
            }
            return HandshakeV10.decode(packet.reader());
        } catch (MalformedPacketException e) {
            throw channel.malformed(e, "the server greeting");
        }
    }

    private Scramble scrambleOf(Bytes pluginData) throws BackendException {
        try {
            return AuthResponses.scrambleOf(pluginData);
        } catch (IllegalArgumentException e) {
            throw channel.malformed(new MalformedPacketException(e.getMessage()), "the server greeting");
        }
    }

    private void upgrade() throws BackendException {
        try {
            SSLContext context =
                    endpoint.sslContext().isPresent() ? endpoint.sslContext().get() : SSLContext.getDefault();
            Socket plain = channel.socket();
            SSLSocket tls =
                    (SSLSocket) context.getSocketFactory().createSocket(plain, endpoint.host(), endpoint.port(), true);
            SSLParameters parameters = tls.getSSLParameters();
            parameters.setProtocols(TlsContext.PROTOCOLS);
            if (endpoint.verifyHostname()) {
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
            }
            tls.setSSLParameters(parameters);
            tls.setUseClientMode(true);
            tls.startHandshake();
            channel.attach(tls);
        } catch (NoSuchAlgorithmException | IOException e) {
            throw BackendException.of(BackendFailure.TLS_FAILED, e, channel.peer(), e.getMessage());
        }
    }
}
