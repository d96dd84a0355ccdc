package io.grantgate.edge;

import io.grantgate.protocol.proxy.AddressText;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The load balancers allowed to send a PROXY protocol header ({@code proxy-protocol.trusted}): a
 * comma-separated list of IPv4 and IPv6 addresses and CIDR networks ({@code 10.0.0.5},
 * {@code 10.1.0.0/16}, {@code fd00::/8}). A connection from one of them must start with a header;
 * one from anywhere else must not. Empty, the default, turns the PROXY protocol off. Literal
 * addresses only: a name would make trust depend on DNS. An IPv4 network also matches the
 * IPv4-mapped form of its addresses (the JDK reports a dual-stack socket's IPv4 peer as IPv4).
 *
 * <p>Immutable and thread-safe.
 */
public final class TrustedProxies {

    /** No proxy is trusted: the PROXY protocol is off. */
    public static final TrustedProxies NONE = new TrustedProxies(List.of());

    private static final int BYTE_BITS = 8;
    private static final int BYTE_MASK = 0xFF;

    private final List<Network> networks;

    private TrustedProxies(List<Network> networks) {
        this.networks = List.copyOf(networks);
    }

    /** One address and its prefix length (all its bits for a single address). */
    private record Network(byte[] address, int prefix, String text) {

        boolean holds(byte[] candidate) {
            if (candidate.length != address.length) {
                return false;
            }
            int whole = prefix / BYTE_BITS;
            if (!Arrays.equals(candidate, 0, whole, address, 0, whole)) {
                return false;
            }
            int rest = prefix % BYTE_BITS;
            if (rest == 0) {
                return true;
            }
            int mask = (BYTE_MASK << (BYTE_BITS - rest)) & BYTE_MASK;
            return (candidate[whole] & mask) == (address[whole] & mask);
        }
    }

    /**
     * Parses the setting's value.
     *
     * @throws IllegalArgumentException naming the entry that is not an address or network
     */
    public static TrustedProxies parse(String setting) {
        List<Network> networks = new ArrayList<>();
        for (String entry : setting.split(",", -1)) {
            String text = entry.strip();
            if (text.isEmpty()) {
                if (setting.isBlank()) {
                    continue;
                }
                throw new IllegalArgumentException("an empty entry in '" + setting + "'");
            }
            networks.add(network(text));
        }
        return new TrustedProxies(networks);
    }

    private static Network network(String text) {
        int slash = text.indexOf('/');
        String addressText = slash < 0 ? text : text.substring(0, slash);
        byte[] address = AddressText.parse(addressText)
                .orElseThrow(() -> new IllegalArgumentException(
                        "'" + text + "' is not an IP address or a network (ADDRESS/PREFIX); names are not taken"));
        int bits = address.length * BYTE_BITS;
        int prefix = bits;
        if (slash >= 0) {
            String prefixText = text.substring(slash + 1);
            if (!prefixText.matches("[0-9]{1,3}") || Integer.parseInt(prefixText) > bits) {
                throw new IllegalArgumentException("'" + text + "': the prefix length must be 0 to " + bits);
            }
            prefix = Integer.parseInt(prefixText);
        }
        return new Network(address, prefix, text);
    }

    /** Whether the PROXY protocol is on: some proxy is trusted. */
    public boolean any() {
        return !networks.isEmpty();
    }

    /** Whether a connection from {@code peer} comes from a trusted proxy, and so must start with a header. */
    public boolean trusts(InetAddress peer) {
        byte[] address = peer.getAddress();
        return networks.stream().anyMatch(n -> n.holds(address));
    }

    @Override
    public String toString() {
        return networks.stream().map(Network::text).collect(Collectors.joining(","));
    }
}
