package io.grantgate.catalog;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.Objects;

/**
 * The parsed forms of a {@link HostPattern}. Each knows its normalised text and matches the real
 * peer address, never a name: an IPv4-mapped IPv6 peer ({@code ::ffff:1.2.3.4}) is matched as the
 * IPv4 address it carries, and an IPv6 scope id is ignored.
 */
public sealed interface HostRule {

    /** The normalised text, as stored in {@code account_host.host_pattern}. */
    String text();

    boolean matches(InetAddress peer);

    /** {@code %}: any client, IPv4 or IPv6. */
    record AnyHost() implements HostRule {

        @Override
        public String text() {
            return "%";
        }

        @Override
        public boolean matches(InetAddress peer) {
            return true;
        }
    }

    /**
     * {@code localhost}: the loopback addresses {@code 127.0.0.1} and {@code ::1} only. MySQL gives
     * {@code localhost} to socket connections and to TCP clients whose address resolves to that
     * name; with no DNS, GrantGate pins it to the two addresses a local TCP client has.
     */
    record Localhost() implements HostRule {

        private static final InetAddress IPV4 = IpLiteral.address(new byte[] {127, 0, 0, 1});
        private static final InetAddress IPV6 = IpLiteral.address(IpLiteral.parseIpv6("::1"));

        @Override
        public String text() {
            return "localhost";
        }

        @Override
        public boolean matches(InetAddress peer) {
            InetAddress address = IpLiteral.unmapped(peer);
            return address.equals(IPV4) || address.equals(IPV6);
        }
    }

    /**
     * An address ({@code prefixLength} 32 or 128) or a network in CIDR form; {@code ip/netmask}
     * parses to this too. An IPv4-mapped IPv6 network of prefix 96 or more is kept as the IPv4
     * network it covers, since mapped peers are matched as IPv4.
     *
     * @param base the network address, with every bit past the prefix zero
     */
    record Network(InetAddress base, int prefixLength) implements HostRule {

        public Network {
            Objects.requireNonNull(base, "base");
            byte[] bytes = base.getAddress();
            if (IpLiteral.isMapped(bytes) && prefixLength >= 96) {
                base = IpLiteral.unmapped(base);
                prefixLength -= 96;
            } else {
                base = IpLiteral.address(bytes); // drops a scope id or a host name
            }
            checkPrefix(base, prefixLength);
        }

        /** True for one address rather than a range. */
        public boolean isSingleAddress() {
            return prefixLength == bits(base);
        }

        /** Address bits outside the prefix: 0 for one address, 8 for a /24. */
        public int hostBits() {
            return bits(base) - prefixLength;
        }

        @Override
        public String text() {
            String address = IpLiteral.format(base);
            return isSingleAddress() ? address : address + "/" + prefixLength;
        }

        @Override
        public boolean matches(InetAddress peer) {
            byte[] candidate = IpLiteral.unmapped(peer).getAddress();
            byte[] network = base.getAddress();
            return candidate.length == network.length && firstBitsEqual(candidate, network, prefixLength);
        }

        private static void checkPrefix(InetAddress base, int prefixLength) {
            int bits = bits(base);
            if (prefixLength < 0 || prefixLength > bits) {
                throw new IllegalArgumentException("prefix length " + prefixLength + " is not between 0 and " + bits);
            }
            byte[] bytes = base.getAddress();
            if (!isNetworkAddress(bytes, prefixLength)) {
                // MySQL tests client_ip & netmask == host_ip, so such a pattern could never match
                String suggestion = IpLiteral.format(IpLiteral.address(masked(bytes, prefixLength)));
                throw new IllegalArgumentException("host pattern '" + IpLiteral.format(base) + "/" + prefixLength
                        + "' has address bits set past its prefix; did you mean '" + suggestion + "/" + prefixLength
                        + "'?");
            }
        }

        private static boolean isNetworkAddress(byte[] bytes, int prefixLength) {
            return Arrays.equals(bytes, masked(bytes, prefixLength));
        }

        private static byte[] masked(byte[] bytes, int prefixLength) {
            byte[] out = bytes.clone();
            for (int bit = prefixLength; bit < out.length * 8; bit++) {
                out[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
            }
            return out;
        }

        private static boolean firstBitsEqual(byte[] a, byte[] b, int bits) {
            for (int bit = 0; bit < bits; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((a[bit / 8] & mask) != (b[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }

        private static int bits(InetAddress address) {
            return address.getAddress().length * 8;
        }
    }

    /**
     * MySQL's {@code %} and {@code _} wildcards on IPv4 text, e.g. {@code 192.168.88.%} or
     * {@code 10.0.0._}, matched like SQL {@code LIKE} against the peer's dotted decimal text:
     * {@code %} is any run of characters, dots included ({@code 1%} matches 1.x.x.x and 100.x.x.x
     * alike, as in MySQL), {@code _} is one character. IPv6 peers never match.
     *
     * @param pattern the validated pattern, see {@link Ipv4WildcardSyntax}
     */
    record Ipv4Wildcard(String pattern) implements HostRule {

        public Ipv4Wildcard {
            Ipv4WildcardSyntax.check(pattern);
        }

        /** Characters before the first wildcard: the longer, the more specific. */
        public int literalPrefixLength() {
            int i = 0;
            while (i < pattern.length() && pattern.charAt(i) != '%' && pattern.charAt(i) != '_') {
                i++;
            }
            return i;
        }

        @Override
        public String text() {
            return pattern;
        }

        @Override
        public boolean matches(InetAddress peer) {
            return IpLiteral.unmapped(peer) instanceof Inet4Address v4
                    && Ipv4WildcardSyntax.like(pattern, v4.getHostAddress());
        }
    }
}
