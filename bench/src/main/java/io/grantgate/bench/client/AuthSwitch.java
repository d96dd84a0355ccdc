package io.grantgate.bench.client;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An AuthSwitchRequest: 0xFE, the plugin name, its data (a fresh scramble and a NUL).
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_auth_switch_request.html">Protocol::AuthSwitchRequest</a>
 */
public record AuthSwitch(String plugin, byte[] scramble) {

    public static AuthSwitch decode(byte[] p) {
        int end = 1;
        while (end < p.length && p[end] != 0) {
            end++;
        }
        String plugin = new String(p, 1, end - 1, StandardCharsets.US_ASCII);
        int dataStart = end + 1;
        int dataEnd = p.length > dataStart && p[p.length - 1] == 0 ? p.length - 1 : p.length;
        return new AuthSwitch(plugin, Arrays.copyOfRange(p, dataStart, Math.max(dataStart, dataEnd)));
    }
}
