package io.grantgate.protocol.message.server;

import io.grantgate.protocol.Bytes;
import io.grantgate.protocol.MalformedPacketException;
import io.grantgate.protocol.PayloadReader;
import io.grantgate.protocol.PayloadWriter;
import java.util.Objects;

/**
 * Protocol::AuthSwitchRequest: 0xFE, the plugin to switch to as string&lt;NUL&gt;, and that plugin's
 * initial data to the end of the packet. For both password plugins the data is a new 20-byte
 * scramble followed by a NUL, kept here exactly as sent.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_auth_switch_request.html">Protocol::AuthSwitchRequest</a>
 */
public record AuthSwitchRequest(String pluginName, Bytes pluginData) {

    public static final int HEADER = 0xFE;

    public AuthSwitchRequest {
        Objects.requireNonNull(pluginName, "pluginName");
        Objects.requireNonNull(pluginData, "pluginData");
    }

    public static AuthSwitchRequest decode(PayloadReader payload) throws MalformedPacketException {
        if (payload.readInt1() != HEADER) {
            throw new MalformedPacketException("not an AuthSwitchRequest");
        }
        String plugin = payload.readNulString();
        return new AuthSwitchRequest(plugin, payload.readRestBytes());
    }

    public byte[] encode() {
        return new PayloadWriter(2 + pluginName.length() + pluginData.length())
                .writeInt1(HEADER)
                .writeNulString(pluginName)
                .writeBytes(pluginData)
                .toByteArray();
    }
}
