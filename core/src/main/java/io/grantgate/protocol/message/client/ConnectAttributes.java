package io.grantgate.protocol.message.client;

import io.grantgate.protocol.MalformedPacketException;
import io.grantgate.protocol.PayloadReader;
import io.grantgate.protocol.PayloadWriter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The connection attributes a client sends with CLIENT_CONNECT_ATTRS (_client_name, _os, program_name
 * ...), in the order sent: an int&lt;lenenc&gt; byte count, then string&lt;lenenc&gt; key and value
 * pairs. A repeated key keeps its first position and its last value. Values are free text; they
 * identify nothing and are never trusted.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_handshake_response.html">Protocol::HandshakeResponse41</a>
 */
public record ConnectAttributes(Map<String, String> values) {

    public static final ConnectAttributes EMPTY = new ConnectAttributes(Map.of());

    public ConnectAttributes {
        Objects.requireNonNull(values, "values");
        values.forEach((key, value) -> {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        });
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    public static ConnectAttributes decode(PayloadReader payload) throws MalformedPacketException {
        PayloadReader block = payload.slice(payload.readLength());
        Map<String, String> values = new LinkedHashMap<>();
        while (block.hasRemaining()) {
            String key = block.readLenEncString();
            values.put(key, block.readLenEncString());
        }
        return new ConnectAttributes(values);
    }

    public void encode(PayloadWriter out) {
        PayloadWriter block = new PayloadWriter();
        values.forEach((key, value) -> block.writeLenEncString(key).writeLenEncString(value));
        out.writeLenEncInt(block.size()).writeBytes(block.array(), 0, block.size());
    }
}
