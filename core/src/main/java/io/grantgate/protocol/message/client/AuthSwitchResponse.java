package io.grantgate.protocol.message.client;

import io.grantgate.protocol.Bytes;
import io.grantgate.protocol.PayloadReader;
import java.util.Objects;

/**
 * Protocol::AuthSwitchResponse: the client plugin's answer, the whole payload, no header. The same
 * unwrapped form carries every later client message of an auth exchange (caching_sha2's public key
 * request, its RSA-encrypted password).
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_auth_switch_response.html">Protocol::AuthSwitchResponse</a>
 */
public record AuthSwitchResponse(Bytes data) {

    public AuthSwitchResponse {
        Objects.requireNonNull(data, "data");
    }

    public static AuthSwitchResponse decode(PayloadReader payload) {
        return new AuthSwitchResponse(payload.readRestBytes());
    }

    public byte[] encode() {
        return data.toArray();
    }
}
