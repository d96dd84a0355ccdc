package io.grantgate.protocol.message.server;

import io.grantgate.protocol.Bytes;
import io.grantgate.protocol.MalformedPacketException;
import io.grantgate.protocol.PayloadReader;
import io.grantgate.protocol.PayloadWriter;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Protocol::AuthMoreData: 0x01 and plugin data to the end of the packet. The header keeps plugin
 * data from being read as OK, ERR or AuthSwitchRequest; the client answers unwrapped.
 *
 * <p>caching_sha2_password sends one byte in it: {@link #FAST_AUTH_SUCCESS} (the cached hash matched;
 * an OK follows) or {@link #PERFORM_FULL_AUTHENTICATION} (send the password over TLS, or ask for the
 * RSA public key, which comes back PEM-encoded in another AuthMoreData).
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_auth_more_data.html">Protocol::AuthMoreData</a>
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_caching_sha2_authentication_exchanges.html">caching_sha2_password exchanges</a>
 */
public record AuthMoreData(Bytes data) {

    public static final int HEADER = 0x01;
    public static final int FAST_AUTH_SUCCESS = 0x03;
    public static final int PERFORM_FULL_AUTHENTICATION = 0x04;

    public AuthMoreData {
        Objects.requireNonNull(data, "data");
    }

    public static AuthMoreData fastAuthSuccess() {
        return new AuthMoreData(Bytes.of((byte) FAST_AUTH_SUCCESS));
    }

    public static AuthMoreData performFullAuthentication() {
        return new AuthMoreData(Bytes.of((byte) PERFORM_FULL_AUTHENTICATION));
    }

    /** The server's RSA public key, PEM text, for the client to encrypt the password with. */
    public static AuthMoreData publicKey(String pem) {
        return new AuthMoreData(Bytes.of(pem, StandardCharsets.US_ASCII));
    }

    public boolean isFastAuthSuccess() {
        return data.length() == 1 && data.unsignedAt(0) == FAST_AUTH_SUCCESS;
    }

    public boolean isPerformFullAuthentication() {
        return data.length() == 1 && data.unsignedAt(0) == PERFORM_FULL_AUTHENTICATION;
    }

    public static AuthMoreData decode(PayloadReader payload) throws MalformedPacketException {
        if (payload.readInt1() != HEADER) {
            throw new MalformedPacketException("not an AuthMoreData packet");
        }
        return new AuthMoreData(payload.readRestBytes());
    }

    public byte[] encode() {
        return new PayloadWriter(1 + data.length())
                .writeInt1(HEADER)
                .writeBytes(data)
                .toByteArray();
    }
}
