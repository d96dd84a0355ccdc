package io.grantgate.bench.netfuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A recorded HandshakeResponse41 cut into the part before the auth response, the auth response, and
 * the rest (schema, plugin name, connection attributes), so that a replay can put a response to its
 * own greeting's scramble in place of the recorded one and keep every other byte the client sent.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_handshake_response.html">Protocol::HandshakeResponse41</a>
 */
record HandshakeResponse(int capabilities, byte[] head, String plugin, byte[] tail) {

    /** Parses a recorded frame; null when it is not a HandshakeResponse41 this class understands. */
    static HandshakeResponse parse(byte[] frame) {
        byte[] p = Arrays.copyOfRange(frame, Wire.HEADER_LENGTH, frame.length);
        if (p.length < Wire.HANDSHAKE_RESPONSE_FIXED_LENGTH + 1) {
            return null;
        }
        int capabilities = Wire.int4(p, 0);
        int pos = nulEnd(p, Wire.HANDSHAKE_RESPONSE_FIXED_LENGTH);
        if (pos < 0) {
            return null;
        }
        byte[] head = Arrays.copyOfRange(p, 0, pos + 1); // up to and with the user name's NUL
        pos++;
        int authEnd;
        if ((capabilities & Wire.CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA) != 0) {
            int first = p[pos] & 0xFF;
            if (first >= Wire.LENENC_2) {
                return null; // never for the 20 or 32 bytes a response has
            }
            authEnd = pos + 1 + first;
        } else if ((capabilities & Wire.CLIENT_SECURE_CONNECTION) != 0) {
            authEnd = pos + 1 + (p[pos] & 0xFF);
        } else {
            return null;
        }
        if (authEnd > p.length) {
            return null;
        }
        pos = authEnd;
        int tailStart = pos;
        if ((capabilities & Wire.CLIENT_CONNECT_WITH_DB) != 0) {
            pos = nulEnd(p, pos);
            if (pos < 0) {
                return null;
            }
            pos++;
        }
        String plugin = "";
        if ((capabilities & Wire.CLIENT_PLUGIN_AUTH) != 0) {
            int end = nulEnd(p, pos);
            if (end < 0) {
                return null;
            }
            plugin = new String(p, pos, end - pos, StandardCharsets.US_ASCII);
        }
        return new HandshakeResponse(capabilities, head, plugin, Arrays.copyOfRange(p, tailStart, p.length));
    }

    /** The same response with {@code authResponse} in place of the recorded one. */
    byte[] payloadWith(byte[] authResponse) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(head.length + authResponse.length + tail.length + 1);
        out.writeBytes(head);
        out.write(authResponse.length); // lenenc or 1-byte length: the same byte below 251
        out.writeBytes(authResponse);
        out.writeBytes(tail);
        return out.toByteArray();
    }

    private static int nulEnd(byte[] p, int from) {
        for (int i = from; i < p.length; i++) {
            if (p[i] == 0) {
                return i;
            }
        }
        return -1;
    }
}
