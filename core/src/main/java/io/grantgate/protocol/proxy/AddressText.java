package io.grantgate.protocol.proxy;

import java.util.Optional;

/**
 * IP address literals as text, to their 4 or 16 bytes: the PROXY protocol's version 1 line and the
 * {@code proxy-protocol.trusted} setting write addresses this way. Written here rather than taken
 * from {@code InetAddress.getByName}, which would resolve anything that is not a literal through DNS
 * (a header must never make the gateway look a name up), and kept strict: IPv4 as exactly four
 * decimal numbers 0-255 without leading zeros (the specification forbids them, as they read as
 * octal elsewhere); IPv6 as up to eight groups of 1-4 hex digits with at most one {@code ::}, the
 * last two groups optionally written as an IPv4 address ({@code ::ffff:192.0.2.1}, as
 * {@code inet_ntop} prints a mapped address). No zone ids, no brackets.
 *
 * <p>Stateless and thread-safe.
 */
public final class AddressText {

    /** Bytes of an IPv4 address. */
    public static final int IPV4_BYTES = 4;
    /** Bytes of an IPv6 address. */
    public static final int IPV6_BYTES = 16;

    private static final int IPV4_PARTS = 4;
    private static final int MAX_OCTET = 255;
    private static final int MAX_OCTET_DIGITS = 3;
    private static final int IPV6_GROUPS = IPV6_BYTES / 2;
    private static final int MAX_GROUP_DIGITS = 4;
    private static final int HEX = 16;
    private static final int DECIMAL = 10;
    private static final int BYTE_BITS = 8;
    private static final int BYTE_MASK = 0xFF;
    /** The longest IPv6 text: six full groups and a dotted quad. */
    private static final int MAX_IPV6_TEXT = 45;

    private AddressText() {}

    /** An IPv4 or IPv6 literal, whichever the text is. */
    public static Optional<byte[]> parse(String text) {
        return text.indexOf(':') >= 0 ? ipv6(text) : ipv4(text);
    }

    /** {@code a.b.c.d}, each 0-255 in decimal without leading zeros. */
    public static Optional<byte[]> ipv4(String text) {
        byte[] address = new byte[IPV4_BYTES];
        return ipv4Into(text, address, 0) ? Optional.of(address) : Optional.empty();
    }

    /** RFC 4291 text, at most one {@code ::}, an optional dotted-quad tail. */
    public static Optional<byte[]> ipv6(String text) {
        if (text.isEmpty() || text.length() > MAX_IPV6_TEXT) {
            return Optional.empty();
        }
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            return Optional.empty();
        }
        byte[] head = new byte[IPV6_BYTES];
        byte[] tail = new byte[IPV6_BYTES];
        int headGroups = gap < 0 ? groups(text, true, head) : groups(text.substring(0, gap), false, head);
        int tailGroups = gap < 0 ? 0 : groups(text.substring(gap + 2), true, tail);
        if (headGroups < 0 || tailGroups < 0) {
            return Optional.empty();
        }
        if (gap < 0 ? headGroups != IPV6_GROUPS : headGroups + tailGroups >= IPV6_GROUPS) {
            // without a gap all eight are written; a gap stands for at least one group
            return Optional.empty();
        }
        byte[] address = new byte[IPV6_BYTES];
        System.arraycopy(head, 0, address, 0, headGroups * 2);
        System.arraycopy(tail, 0, address, IPV6_BYTES - tailGroups * 2, tailGroups * 2);
        return Optional.of(address);
    }

    /**
     * The colon-separated groups of one side of a {@code ::} (or of the whole text), written from
     * the start of {@code into}; their count in 16-bit groups, or -1 when they are not well formed.
     * An empty side has none.
     */
    private static int groups(String part, boolean mayEndInIpv4, byte[] into) {
        if (part.isEmpty()) {
            return 0;
        }
        String[] pieces = part.split(":", -1);
        int count = 0;
        for (int i = 0; i < pieces.length; i++) {
            String piece = pieces[i];
            boolean last = i == pieces.length - 1;
            if (last && mayEndInIpv4 && piece.indexOf('.') >= 0) {
                if (count + 2 > IPV6_GROUPS || !ipv4Into(piece, into, count * 2)) {
                    return -1;
                }
                return count + 2;
            }
            int group = hexGroup(piece);
            if (group < 0 || count == IPV6_GROUPS) {
                return -1;
            }
            into[count * 2] = (byte) (group >>> BYTE_BITS);
            into[count * 2 + 1] = (byte) (group & BYTE_MASK);
            count++;
        }
        return count;
    }

    private static int hexGroup(String piece) {
        if (piece.isEmpty() || piece.length() > MAX_GROUP_DIGITS) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < piece.length(); i++) {
            int digit = Character.digit(piece.charAt(i), HEX);
            // Character.digit takes non-ASCII digits too: only 0-9, a-f and A-F are hex here
            if (digit < 0 || piece.charAt(i) > 'f') {
                return -1;
            }
            value = value * HEX + digit;
        }
        return value;
    }

    private static boolean ipv4Into(String text, byte[] into, int offset) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != IPV4_PARTS) {
            return false;
        }
        for (int i = 0; i < IPV4_PARTS; i++) {
            int octet = octet(parts[i]);
            if (octet < 0) {
                return false;
            }
            into[offset + i] = (byte) octet;
        }
        return true;
    }

    private static int octet(String part) {
        if (part.isEmpty() || part.length() > MAX_OCTET_DIGITS || (part.length() > 1 && part.charAt(0) == '0')) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * DECIMAL + (c - '0');
        }
        return value <= MAX_OCTET ? value : -1;
    }
}
