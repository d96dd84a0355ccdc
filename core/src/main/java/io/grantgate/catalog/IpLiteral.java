package io.grantgate.catalog;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * Strict text forms of IP addresses, parsed and written without ever touching DNS.
 *
 * <p>Why not {@code InetAddress.getByName}: it falls back to a DNS lookup for anything it does not
 * read as a literal, and it reads {@code 10.1} and {@code 010.0.0.1} as addresses, where MySQL's
 * textual host matching would not. Here IPv4 is exactly four decimal octets without leading zeros,
 * IPv6 is RFC 4291 text (with {@code ::} and an optional dotted IPv4 tail) without zone id, and
 * IPv6 is written back in RFC 5952 form: lower case, leading zeros dropped, the longest run of zero
 * groups as {@code ::}.
 */
final class IpLiteral {

    private static final byte[] MAPPED_PREFIX = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff};

    private IpLiteral() {}

    /** Four octets, e.g. {@code 192.168.88.234}; throws with the reason otherwise. */
    static byte[] parseIpv4(String text) {
        String[] octets = text.split("\\.", -1);
        if (octets.length != 4) {
            throw new IllegalArgumentException("an IPv4 address has four octets separated by dots");
        }
        byte[] address = new byte[4];
        for (int i = 0; i < 4; i++) {
            address[i] = (byte) octet(octets[i]);
        }
        return address;
    }

    /** Sixteen bytes from IPv6 text, e.g. {@code fe80::1} or {@code ::ffff:10.0.0.1}. */
    static byte[] parseIpv6(String text) {
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            throw new IllegalArgumentException("an IPv6 address has at most one '::'");
        }
        // only the last group may be a dotted IPv4 tail, so the side before '::' may not end in one
        int[] head = gap < 0 ? groups(text, true) : groups(text.substring(0, gap), false);
        int[] tail = gap < 0 ? new int[0] : groups(text.substring(gap + 2), true);
        int missing = 8 - head.length - tail.length;
        if (gap < 0 ? missing != 0 : missing < 1) {
            throw new IllegalArgumentException("an IPv6 address has eight groups of hex digits, or fewer with '::'");
        }
        byte[] address = new byte[16];
        for (int i = 0; i < head.length; i++) {
            putGroup(address, i, head[i]);
        }
        for (int i = 0; i < tail.length; i++) {
            putGroup(address, 8 - tail.length + i, tail[i]);
        }
        return address;
    }

    /**
     * The address for these 4 or 16 bytes; no lookup happens, as no host name is given. Sixteen
     * bytes stay an {@link Inet6Address} even when IPv4-mapped ({@code InetAddress.getByAddress}
     * would turn those into IPv4 behind the caller's back).
     */
    static InetAddress address(byte[] bytes) {
        try {
            if (bytes.length == 16) {
                return Inet6Address.getByAddress(null, bytes, -1);
            }
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("an IP address has 4 or 16 bytes, not " + bytes.length, e);
        }
    }

    /**
     * An IPv4-mapped IPv6 address ({@code ::ffff:1.2.3.4}, what a dual-stack socket reports for an
     * IPv4 client) as the IPv4 address it carries; any other address unchanged, scope id dropped.
     */
    static InetAddress unmapped(InetAddress peer) {
        byte[] bytes = peer.getAddress();
        if (peer instanceof Inet6Address && isMapped(bytes)) {
            return address(Arrays.copyOfRange(bytes, 12, 16));
        }
        return address(bytes);
    }

    static boolean isMapped(byte[] bytes) {
        return bytes.length == 16 && Arrays.equals(bytes, 0, 12, MAPPED_PREFIX, 0, 12);
    }

    /** Dotted decimal for IPv4, RFC 5952 for IPv6. */
    static String format(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length == 4) {
            return address.getHostAddress();
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        return formatGroups(groups);
    }

    private static String formatGroups(int[] groups) {
        int bestStart = -1;
        int bestLength = 1; // RFC 5952: a single zero group is not shortened
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = Math.max(j, i + 1);
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }

    private static int octet(String text) {
        if (text.isEmpty() || text.length() > 3 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("octet '" + text + "' is not a number from 0 to 255");
        }
        if (text.length() > 1 && text.charAt(0) == '0') {
            // MySQL compares host text, so 010 never matches a client at 10; some tools read it as octal 8
            throw new IllegalArgumentException("octet '" + text + "' has a leading zero");
        }
        int value = Integer.parseInt(text);
        if (value > 255) {
            throw new IllegalArgumentException("octet '" + text + "' is greater than 255");
        }
        return value;
    }

    /**
     * The 16-bit groups of one side of '::' (empty when '::' starts or ends the address); a dotted
     * IPv4 tail, where allowed, counts as two groups.
     */
    private static int[] groups(String side, boolean mayEndDotted) {
        if (side.isEmpty()) {
            return new int[0];
        }
        String[] parts = side.split(":", -1);
        String last = parts[parts.length - 1];
        boolean dottedTail = mayEndDotted && last.indexOf('.') >= 0;
        int[] groups = new int[parts.length + (dottedTail ? 1 : 0)];
        for (int i = 0; i < parts.length - (dottedTail ? 1 : 0); i++) {
            groups[i] = hexGroup(parts[i]);
        }
        if (dottedTail) {
            byte[] v4 = parseIpv4(last);
            groups[parts.length - 1] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
            groups[parts.length] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
        }
        return groups;
    }

    private static int hexGroup(String text) {
        if (text.isEmpty()
                || text.length() > 4
                || !text.chars().allMatch(c -> Character.digit(c, 16) >= 0 && c < 0x80)) {
            throw new IllegalArgumentException("IPv6 group '" + text + "' is not 1 to 4 hex digits");
        }
        return Integer.parseInt(text, 16);
    }

    private static void putGroup(byte[] address, int index, int group) {
        address[2 * index] = (byte) (group >>> 8);
        address[2 * index + 1] = (byte) group;
    }
}
