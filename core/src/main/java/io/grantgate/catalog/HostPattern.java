package io.grantgate.catalog;

import java.net.InetAddress;
import java.util.Comparator;
import java.util.Objects;

/**
 * Where an account may connect from, in MySQL's host syntax, matched against the real client
 * address only: GrantGate never looks names up in DNS, so host names and name patterns
 * ({@code %.example.com}) are refused.
 *
 * <p>Accepted forms, all normalised to lower case for storage and display:
 * <ul>
 *   <li>{@code %}: any client, IPv4 or IPv6;</li>
 *   <li>{@code localhost}: the loopback addresses {@code 127.0.0.1} and {@code ::1}, and no other;</li>
 *   <li>an IPv4 address, {@code 192.168.88.234}, or an IPv6 address, {@code fe80::1}, written back in
 *       RFC 5952 form ({@code FE80:0:0::1} becomes {@code fe80::1});</li>
 *   <li>a network: {@code 10.0.0.0/255.255.255.0} (MySQL's {@code ip/netmask}, the mask contiguous),
 *       {@code 10.0.0.0/24} (CIDR, MySQL 8.0.23+) or {@code 2001:db8::/32} (IPv6 CIDR, which MySQL
 *       itself lacks). Both IPv4 forms are stored as CIDR, so that one set of addresses has one text and
 *       the catalog's key catches duplicates; {@code /32} and {@code /128} become plain addresses. A
 *       network with bits set past its prefix ({@code 10.0.0.1/8}) is refused, as MySQL would never
 *       match it;</li>
 *   <li>{@code %} and {@code _} wildcards on IPv4 text, {@code 192.168.88.%}, {@code 10.0.0._}, matched
 *       like SQL {@code LIKE} on the client's dotted decimal address.</li>
 * </ul>
 * An IPv4 client reaching a dual-stack listener appears as {@code ::ffff:a.b.c.d}; it is matched as
 * {@code a.b.c.d}. At most {@value #MAX_LENGTH} characters; quotes, backslash, whitespace and control
 * characters are refused.
 *
 * @param rule the parsed pattern
 * @see <a href="https://dev.mysql.com/doc/refman/8.4/en/account-names.html">Specifying Account Names</a>
 */
public record HostPattern(HostRule rule) {

    /** MySQL's limit for the host part of an account name. */
    public static final int MAX_LENGTH = 255;

    /**
     * Most specific first, in the spirit of MySQL's sort of the user table: single addresses
     * (and {@code localhost}), then networks from the narrowest, then wildcard patterns from the
     * longest text before the first wildcard, then {@code %}. Unlike MySQL, which ranks
     * {@code ip/netmask} with single addresses, a network ranks after any single address. Ties are
     * broken by text, so the order is total and consistent with {@code equals}.
     */
    public static final Comparator<HostPattern> MOST_SPECIFIC_FIRST = Comparator.comparingInt(HostPattern::rank)
            .thenComparingInt(HostPattern::breadth)
            .thenComparing(HostPattern::text);

    public HostPattern {
        Objects.requireNonNull(rule, "rule");
    }

    /** Parses and normalises admin input or a stored pattern; see the type's description. */
    public static HostPattern parse(String text) {
        return new HostPattern(HostPatternParser.parse(text));
    }

    /** The normalised text, as stored in {@code account_host.host_pattern}. */
    public String text() {
        return rule.text();
    }

    /** Whether a client connecting from {@code peer}, its socket's real address, may use this pattern. */
    public boolean matches(InetAddress peer) {
        Objects.requireNonNull(peer, "peer");
        return rule.matches(peer);
    }

    @Override
    public String toString() {
        return text();
    }

    private int rank() {
        return switch (rule) {
            case HostRule.Localhost ignored -> 0;
            case HostRule.Network network -> network.isSingleAddress() ? 0 : 1;
            case HostRule.Ipv4Wildcard ignored -> 2;
            case HostRule.AnyHost ignored -> 3;
        };
    }

    private int breadth() {
        return switch (rule) {
            case HostRule.Network network -> network.hostBits();
            case HostRule.Ipv4Wildcard wildcard -> -wildcard.literalPrefixLength();
            case HostRule.Localhost ignored -> 0;
            case HostRule.AnyHost ignored -> 0;
        };
    }
}
