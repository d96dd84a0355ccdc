package io.grantgate.protocol.message.client;

import io.grantgate.protocol.Bytes;
import io.grantgate.protocol.MalformedPacketException;
import io.grantgate.protocol.PayloadReader;
import io.grantgate.protocol.PayloadWriter;
import io.grantgate.protocol.constant.Capabilities;
import io.grantgate.protocol.constant.CapabilityFlag;
import io.grantgate.protocol.constant.CommandType;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * COM_CHANGE_USER: 0x11, user string&lt;NUL&gt;, the auth response (one length byte with
 * CLIENT_SECURE_CONNECTION, else string&lt;NUL&gt;), schema string&lt;NUL&gt;, and, if the packet goes
 * on, int&lt;2&gt; character set, the plugin name (CLIENT_PLUGIN_AUTH) and connection attributes
 * (CLIENT_CONNECT_ATTRS). The capabilities are the ones negotiated at connect time.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_change_user.html">COM_CHANGE_USER</a>
 * @see <a href="https://mariadb.com/docs/server/reference/clientserver-protocol/2-text-protocol/com_change_user">MariaDB: COM_CHANGE_USER</a>
 */
public record ComChangeUser(
        String username,
        Bytes authResponse,
        String database,
        OptionalInt characterSet,
        Optional<String> authPluginName,
        ConnectAttributes attributes) {

    public ComChangeUser {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(authResponse, "authResponse");
        Objects.requireNonNull(database, "database");
        characterSet.ifPresent(charset -> Objects.checkIndex(charset, 1 << 16));
        if (characterSet.isEmpty() && (authPluginName.isPresent() || !attributes.isEmpty())) {
            throw new IllegalArgumentException("plugin name and attributes come after the character set");
        }
    }

    public static ComChangeUser decode(PayloadReader payload, Capabilities capabilities)
            throws MalformedPacketException {
        if (payload.readInt1() != CommandType.COM_CHANGE_USER.code()) {
            throw new MalformedPacketException("not COM_CHANGE_USER");
        }
        String username = payload.readNulString();
        Bytes authResponse = capabilities.contains(CapabilityFlag.CLIENT_SECURE_CONNECTION)
                ? payload.readFixedBytes(payload.readInt1())
                : payload.readNulBytes();
        String database = payload.readNulString();
        if (!payload.hasRemaining()) {
            return new ComChangeUser(
                    username, authResponse, database, OptionalInt.empty(), Optional.empty(), ConnectAttributes.EMPTY);
        }
        int characterSet = payload.readInt2();
        Optional<String> plugin = capabilities.contains(CapabilityFlag.CLIENT_PLUGIN_AUTH) && payload.hasRemaining()
                ? Optional.of(payload.readNulOrRestString())
                : Optional.empty();
        ConnectAttributes attributes =
                capabilities.contains(CapabilityFlag.CLIENT_CONNECT_ATTRS) && payload.hasRemaining()
                        ? ConnectAttributes.decode(payload)
                        : ConnectAttributes.EMPTY;
        return new ComChangeUser(username, authResponse, database, OptionalInt.of(characterSet), plugin, attributes);
    }

    /** Writes the plugin name when the capabilities have CLIENT_PLUGIN_AUTH, empty if none is set. */
    public byte[] encode(Capabilities capabilities) {
        PayloadWriter out = new PayloadWriter(64)
                .writeInt1(CommandType.COM_CHANGE_USER.code())
                .writeNulString(username);
        if (capabilities.contains(CapabilityFlag.CLIENT_SECURE_CONNECTION)) {
            if (authResponse.length() > 255) {
                throw new IllegalStateException("auth response over 255 bytes");
            }
            out.writeInt1(authResponse.length()).writeBytes(authResponse);
        } else {
            out.writeNulBytes(authResponse);
        }
        out.writeNulString(database);
        if (characterSet.isPresent()) {
            out.writeInt2(characterSet.getAsInt());
            if (capabilities.contains(CapabilityFlag.CLIENT_PLUGIN_AUTH)) {
                out.writeNulString(authPluginName.orElse(""));
            }
            if (capabilities.contains(CapabilityFlag.CLIENT_CONNECT_ATTRS)) {
                attributes.encode(out);
            }
        }
        return out.toByteArray();
    }
}
