package io.grantgate.backend;

import io.grantgate.auth.AuthPlugin;
import io.grantgate.auth.RsaPasswordCipher;
import io.grantgate.auth.RsaPem;
import io.grantgate.auth.Scramble;
import io.grantgate.auth.Secret;
import io.grantgate.protocol.MalformedPacketException;
import io.grantgate.protocol.PacketBuffer;
import io.grantgate.protocol.constant.Capabilities;
import io.grantgate.protocol.message.server.AuthMoreData;
import io.grantgate.protocol.message.server.AuthSwitchRequest;
import io.grantgate.protocol.message.server.ErrPacket;
import io.grantgate.protocol.message.server.OkPacket;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;

/**
 * The client side of the authentication exchange after a HandshakeResponse41 or COM_CHANGE_USER,
 * until the backend's OK or ERR: follows AuthSwitchRequests to either password plugin, and for
 * caching_sha2_password handles fast-auth success and full authentication (the clear password over
 * TLS, else the server's RSA key on request and the password encrypted with it).
 *
 * <p>One instance per exchange. The password never leaves this class except on the wire, and
 * buffers holding it are zeroed after the write.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_caching_sha2_authentication_exchanges.html">caching_sha2_password exchanges</a>
 */
final class BackendAuthenticator {

    /** caching_sha2_password's request for the server's public key. */
    static final byte REQUEST_PUBLIC_KEY = 0x02;

    private static final String DURING = "authentication";

    private final PacketChannel channel;
    private final Secret password;
    private final boolean tls;
    private final Capabilities capabilities;
    private AuthPlugin plugin;
    private Scramble scramble;
    private boolean awaitingPublicKey;

    BackendAuthenticator(
            PacketChannel channel,
            Secret password,
            boolean tls,
            Capabilities capabilities,
            AuthPlugin plugin,
            Scramble scramble) {
        this.channel = channel;
        this.password = password;
        this.tls = tls;
        this.capabilities = capabilities;
        this.plugin = plugin;
        this.scramble = scramble;
    }

    /** Reads and answers until the backend accepts (its OK) or refuses (its ERR, thrown unchanged). */
    OkPacket authenticate() throws BackendException {
        while (true) {
            PacketBuffer packet = channel.read(DURING);
            int next = packet.lastSequenceId() + 1;
            try {
                switch (packet.firstByte()) {
                    case OkPacket.HEADER -> {
                        return OkPacket.decode(packet.reader(), capabilities);
                    }
                    case ErrPacket.HEADER ->
                        throw BackendException.fromServer(ErrPacket.decode(packet.reader(), capabilities), false);
                    case AuthSwitchRequest.HEADER -> switchPlugin(AuthSwitchRequest.decode(packet.reader()), next);
                    case AuthMoreData.HEADER -> moreData(AuthMoreData.decode(packet.reader()), next);
                    default ->
                        throw new MalformedPacketException("unexpected packet 0x"
                                + Integer.toHexString(packet.firstByte()) + " during authentication");
                }
            } catch (MalformedPacketException | IllegalArgumentException e) {
                throw channel.malformed(
                        e instanceof MalformedPacketException m ? m : new MalformedPacketException(e.getMessage()),
                        DURING);
            }
        }
    }

    private void switchPlugin(AuthSwitchRequest request, int next) throws BackendException {
        plugin = AuthPlugin.fromName(request.pluginName())
                .orElseThrow(() -> BackendException.of(
                        BackendFailure.AUTH_PLUGIN_UNSUPPORTED, null, channel.peer(), request.pluginName()));
        scramble = AuthResponses.scrambleOf(request.pluginData());
        awaitingPublicKey = false;
        sendAndWipe(AuthResponses.respond(plugin, password, scramble), next);
    }

    private void moreData(AuthMoreData more, int next) throws BackendException, MalformedPacketException {
        if (plugin != AuthPlugin.CACHING_SHA2_PASSWORD) {
            throw new MalformedPacketException("AuthMoreData for " + plugin.pluginName());
        }
        if (awaitingPublicKey) {
            RSAPublicKey key = RsaPem.decodePublicKey(more.data().asString(StandardCharsets.US_ASCII));
            awaitingPublicKey = false;
            sendAndWipe(RsaPasswordCipher.encrypt(password.reveal(), scramble, key), next);
        } else if (more.isFastAuthSuccess()) {
            return; // the OK follows
        } else if (more.isPerformFullAuthentication()) {
            fullAuthentication(next);
        } else {
            throw new MalformedPacketException(
                    "unexpected caching_sha2_password data of " + more.data().length() + " bytes");
        }
    }

    /**
     * Over TLS the clear password, NUL-terminated, is safe; over plain TCP it is not, so ask for the
     * server's key. (A pinned server key would save the round trip; the server's own is trusted here
     * because it came over the same connection the password would, which is what MySQL clients do
     * with get-server-public-key.)
     */
    private void fullAuthentication(int next) throws BackendException {
        if (tls) {
            byte[] utf8 = password.reveal().getBytes(StandardCharsets.UTF_8);
            byte[] clear = Arrays.copyOf(utf8, utf8.length + 1);
            Arrays.fill(utf8, (byte) 0);
            sendAndWipe(clear, next);
        } else {
            awaitingPublicKey = true;
            channel.send(next, new byte[] {REQUEST_PUBLIC_KEY}, DURING);
        }
    }

    private void sendAndWipe(byte[] payload, int next) throws BackendException {
        try {
            channel.send(next, payload, DURING);
        } finally {
            Arrays.fill(payload, (byte) 0);
        }
    }
}
