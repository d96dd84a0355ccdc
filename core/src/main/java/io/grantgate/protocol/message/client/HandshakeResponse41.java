package io.grantgate.protocol.message.client;

import io.grantgate.protocol.Bytes;
import io.grantgate.protocol.MalformedPacketException;
import io.grantgate.protocol.PayloadReader;
import io.grantgate.protocol.PayloadWriter;
import io.grantgate.protocol.constant.Capabilities;
import io.grantgate.protocol.constant.CapabilityFlag;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The client's answer to HandshakeV10: the 32 bytes of an {@link SslRequest}, the user name as
 * string&lt;NUL&gt;, the auth response, then the fields its capabilities announce: schema
 * (CLIENT_CONNECT_WITH_DB), plugin name (CLIENT_PLUGIN_AUTH), connection attributes
 * (CLIENT_CONNECT_ATTRS) and zstd level (CLIENT_ZSTD_COMPRESSION_ALGORITHM).
 *
 * <p>The auth response has three encodings: string&lt;lenenc&gt; with
 * CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA, else one length byte with CLIENT_SECURE_CONNECTION, else
 * string&lt;NUL&gt;. Each optional field is present exactly when its flag is set, which the
 * constructor enforces so that decode and encode are inverses. This packet comes from an
 * unauthenticated peer: {@link #decode} answers anything it cannot parse with
 * {@link MalformedPacketException}. Bytes after the last announced field are ignored, as MySQL does.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_handshake_response.html">Protocol::HandshakeResponse41</a>
 * @see <a href="https://mariadb.com/docs/server/reference/clientserver-protocol/1-connecting/connection">MariaDB: Handshake response packet</a>
 */
public record HandshakeResponse41(
        Capabilities capabilities,
        long maxPacketSize,
        int characterSet,
        String username,
        Bytes authResponse,
        Optional<String> database,
        Optional<String> authPluginName,
        ConnectAttributes attributes,
        OptionalInt zstdCompressionLevel) {

    public HandshakeResponse41 {
        SslRequest.checkHead(capabilities, maxPacketSize, characterSet);
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(authResponse, "authResponse");
        requirePresence(database.isPresent(), CapabilityFlag.CLIENT_CONNECT_WITH_DB, capabilities);
        requirePresence(authPluginName.isPresent(), CapabilityFlag.CLIENT_PLUGIN_AUTH, capabilities);
        requirePresence(
                zstdCompressionLevel.isPresent(), CapabilityFlag.CLIENT_ZSTD_COMPRESSION_ALGORITHM, capabilities);
        if (!attributes.isEmpty() && !capabilities.contains(CapabilityFlag.CLIENT_CONNECT_ATTRS)) {
            throw new IllegalArgumentException("attributes need CLIENT_CONNECT_ATTRS");
        }
        zstdCompressionLevel.ifPresent(level -> Objects.checkIndex(level, 256));
        if (!capabilities.contains(CapabilityFlag.CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA)
                && capabilities.contains(CapabilityFlag.CLIENT_SECURE_CONNECTION)
                && authResponse.length() > 255) {
            throw new IllegalArgumentException("an auth response over 255 bytes needs the lenenc encoding");
        }
    }

    public static HandshakeResponse41 decode(PayloadReader payload) throws MalformedPacketException {
        SslRequest head = SslRequest.decodeHead(payload);
        Capabilities capabilities = head.capabilities();
        String username = payload.readNulString();
        Bytes authResponse;
        if (capabilities.contains(CapabilityFlag.CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA)) {
            authResponse = payload.readLenEncBytes();
        } else if (capabilities.contains(CapabilityFlag.CLIENT_SECURE_CONNECTION)) {
            authResponse = payload.readFixedBytes(payload.readInt1());
        } else {
            authResponse = payload.readNulBytes();
        }
        Optional<String> database = capabilities.contains(CapabilityFlag.CLIENT_CONNECT_WITH_DB)
                ? Optional.of(payload.readNulString())
                : Optional.empty();
        Optional<String> plugin = capabilities.contains(CapabilityFlag.CLIENT_PLUGIN_AUTH)
                ? Optional.of(payload.readNulOrRestString())
                : Optional.empty();
        ConnectAttributes attributes = capabilities.contains(CapabilityFlag.CLIENT_CONNECT_ATTRS)
                ? ConnectAttributes.decode(payload)
                : ConnectAttributes.EMPTY;
        OptionalInt zstd = capabilities.contains(CapabilityFlag.CLIENT_ZSTD_COMPRESSION_ALGORITHM)
                ? OptionalInt.of(payload.readInt1())
                : OptionalInt.empty();
        return new HandshakeResponse41(
                capabilities,
                head.maxPacketSize(),
                head.characterSet(),
                username,
                authResponse,
                database,
                plugin,
                attributes,
                zstd);
    }

    public byte[] encode() {
        PayloadWriter out = new PayloadWriter(128);
        new SslRequest(capabilities, maxPacketSize, characterSet).encodeHead(out);
        out.writeNulString(username);
        if (capabilities.contains(CapabilityFlag.CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA)) {
            out.writeLenEncBytes(authResponse);
        } else if (capabilities.contains(CapabilityFlag.CLIENT_SECURE_CONNECTION)) {
            out.writeInt1(authResponse.length()).writeBytes(authResponse);
        } else {
            out.writeNulBytes(authResponse);
        }
        database.ifPresent(out::writeNulString);
        authPluginName.ifPresent(out::writeNulString);
        if (capabilities.contains(CapabilityFlag.CLIENT_CONNECT_ATTRS)) {
            attributes.encode(out);
        }
        zstdCompressionLevel.ifPresent(out::writeInt1);
        return out.toByteArray();
    }

    private static void requirePresence(boolean present, CapabilityFlag flag, Capabilities capabilities) {
        if (present != capabilities.contains(flag)) {
            throw new IllegalArgumentException(
                    "the field of " + flag + " must be present exactly when the flag is set");
        }
    }
}
