package io.grantgate.bench.client;

import java.io.IOException;
import java.util.Arrays;

/**
 * The parts of a HandshakeV10 a client needs: connection id, capabilities, the 20-byte scramble and
 * the default auth plugin.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_handshake_v10.html">Protocol::HandshakeV10</a>
 */
public record Greeting(long connectionId, int capabilities, byte[] scramble, String authPlugin) {

    public static Greeting decode(byte[] p) throws IOException {
        if (p.length < 1 || p[0] != 10) {
            throw new IOException("not a HandshakeV10 greeting");
        }
        int pos = 1;
        while (pos < p.length && p[pos] != 0) {
            pos++; // server version
        }
        pos++;
        long connectionId = Payload.int4(p, pos) & 0xFFFFFFFFL;
        pos += 4;
        byte[] part1 = Arrays.copyOfRange(p, pos, pos + 8);
        pos += 8 + 1;
        int capabilities = Payload.int2(p, pos);
        pos += 2;
        pos += 1 + 2; // character set, status flags
        capabilities |= Payload.int2(p, pos) << 16;
        pos += 2;
        int authDataLength = p[pos] & 0xFF;
        pos += 1 + 10;
        int part2Length = Math.max(13, authDataLength - 8) - 1; // without the trailing NUL
        byte[] scramble = new byte[8 + part2Length];
        System.arraycopy(part1, 0, scramble, 0, 8);
        System.arraycopy(p, pos, scramble, 8, part2Length);
        pos += part2Length + 1;
        int end = pos;
        while (end < p.length && p[end] != 0) {
            end++;
        }
        String plugin = new String(p, pos, end - pos, java.nio.charset.StandardCharsets.US_ASCII);
        return new Greeting(connectionId, capabilities, scramble, plugin);
    }
}
