package io.grantgate.admin;

import io.grantgate.catalog.ClientAddress;
import io.grantgate.catalog.HostPattern;
import io.grantgate.catalog.HostRule;
import java.net.Inet4Address;
import picocli.CommandLine;

/**
 * {@code --client-address}: one IPv4 or IPv6 address, or a network in CIDR form. Addresses are
 * compared as bytes, never as text: {@code ::1} and {@code 0:0:0:0:0:0:0:1} are one address, and
 * {@code 10.1.2.0/23} holds 10.1.3.9 whatever its text looks like.
 */
record ClientNetwork(HostRule.Network network) {

    static ClientNetwork parse(String text) {
        HostRule rule;
        try {
            rule = HostPattern.parse(text).rule();
        } catch (IllegalArgumentException e) {
            throw refused(text, e.getMessage());
        }
        if (rule instanceof HostRule.Network network) {
            return new ClientNetwork(network);
        }
        throw refused(text, "it is a host pattern, not an address");
    }

    /** Whether the address text the gateway recorded is in this network; text that is no address never is. */
    boolean holds(String recorded) {
        if (recorded == null) {
            return false;
        }
        try {
            return network.matches(ClientAddress.parse(recorded));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * A condition on {@code client_address} that every row this network holds meets, so that the
     * database skips most others (by the index on client_address for IPv4): IPv4 clients are
     * recorded in dotted decimal, so an IPv4 network's whole leading octets are a prefix of their
     * text; IPv6 text has a colon. {@link #holds} then decides exactly.
     */
    SqlCondition prefilter() {
        if (!(network.base() instanceof Inet4Address)) {
            return SqlCondition.of("client_address LIKE ?", "%:%");
        }
        if (network.isSingleAddress()) {
            return SqlCondition.of("client_address = ?", network.text());
        }
        String[] octets = network.base().getHostAddress().split("\\.");
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < network.prefixLength() / 8; i++) {
            prefix.append(octets[i]).append('.');
        }
        // digits and dots only: nothing in the prefix is a LIKE wildcard
        return SqlCondition.of("client_address LIKE ?", prefix + "%");
    }

    private static CommandLine.TypeConversionException refused(String text, String why) {
        return new CommandLine.TypeConversionException(
                "'" + text + "' is not an IP address or a network such as" + " 10.0.0.0/8 or 2001:db8::/32: " + why);
    }

    /** Reads the option's text; a refused one is a usage error (exit 2). */
    static final class Converter implements CommandLine.ITypeConverter<ClientNetwork> {
        @Override
        public ClientNetwork convert(String text) {
            return parse(text);
        }
    }
}
