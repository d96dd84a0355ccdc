package io.grantgate.edge;

import io.grantgate.protocol.proxy.MalformedProxyHeaderException;
import io.grantgate.protocol.proxy.ProxyHeader;
import io.grantgate.protocol.proxy.ProxyHeaderDecoder;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads the PROXY protocol header a trusted load balancer sends first on each connection, before
 * the gateway's greeting. Blocking reads on the session's thread: the caller bounds them with the
 * socket's read timeout and the login deadline, so a proxy that sends nothing or half a header does
 * not hold the thread past the handshake timeout.
 *
 * <p>Stateless; one call per connection.
 */
final class ProxyHeaderReader {

    /** Enough for any version 1 line and a version 2 header with a few TLVs; a longer one grows it. */
    private static final int INITIAL_BUFFER = 256;

    /**
     * The header, and whatever the connection had sent past it (a client speaks only after the
     * greeting, so normally nothing): those bytes are the MySQL protocol's.
     */
    record Received(ProxyHeader header, byte[] following) {}

    private ProxyHeaderReader() {}

    /**
     * @throws MalformedProxyHeaderException when the connection starts with anything but a valid header
     * @throws EOFException when it closes before a whole header came
     */
    static Received read(InputStream in) throws IOException, MalformedProxyHeaderException {
        byte[] buffer = new byte[INITIAL_BUFFER];
        int filled = 0;
        while (true) {
            switch (ProxyHeaderDecoder.decode(buffer, filled)) {
                case ProxyHeaderDecoder.Decoded decoded -> {
                    return new Received(decoded.header(), Arrays.copyOfRange(buffer, decoded.length(), filled));
                }
                case ProxyHeaderDecoder.Incomplete incomplete -> {
                    // bounded by the decoder: a header announces at most 16 + 65 535 bytes
                    if (incomplete.atLeast() > buffer.length) {
                        buffer = Arrays.copyOf(buffer, incomplete.atLeast());
                    }
                    int n = in.read(buffer, filled, buffer.length - filled);
                    if (n < 0) {
                        throw new EOFException(
                                filled == 0
                                        ? "it closed without sending a PROXY header"
                                        : "it closed after " + filled + " bytes of a PROXY header");
                    }
                    filled += n;
                }
            }
        }
    }
}
