package io.grantgate.protocol.proxy;

import io.grantgate.protocol.Bytes;
import java.util.Objects;

/**
 * The original endpoints of a relayed TCP connection, as a PROXY header carries them: the client's
 * address and port, and the address and port the client connected to (the load balancer's).
 * Addresses are 4 bytes (IPv4) or 16 (IPv6), in network order; both of one family.
 */
public record ProxiedConnection(Bytes sourceAddress, int sourcePort, Bytes destinationAddress, int destinationPort) {

    /** The largest TCP port. */
    public static final int MAX_PORT = 0xFFFF;

    public ProxiedConnection {
        Objects.requireNonNull(sourceAddress, "sourceAddress");
        Objects.requireNonNull(destinationAddress, "destinationAddress");
        if ((sourceAddress.length() != AddressText.IPV4_BYTES && sourceAddress.length() != AddressText.IPV6_BYTES)
                || destinationAddress.length() != sourceAddress.length()) {
            throw new IllegalArgumentException(
                    "addresses of " + sourceAddress.length() + " and " + destinationAddress.length() + " bytes");
        }
        if (sourcePort < 0 || sourcePort > MAX_PORT || destinationPort < 0 || destinationPort > MAX_PORT) {
            throw new IllegalArgumentException("ports " + sourcePort + ", " + destinationPort);
        }
    }
}
