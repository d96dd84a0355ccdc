package io.grantgate.catalog;

import java.util.Locale;
import java.util.Objects;

/** Reads the text of a {@link HostPattern} into a {@link HostRule}, with messages that say what is wrong. */
final class HostPatternParser {

    private HostPatternParser() {}

    static HostRule parse(String raw) {
        Objects.requireNonNull(raw, "host pattern");
        checkCharacters(raw);
        String text = raw.toLowerCase(Locale.ROOT);
        if (!text.equals("localhost") && text.indexOf(':') < 0 && text.chars().anyMatch(Character::isLetter)) {
            throw new IllegalArgumentException("host pattern " + DisplayText.quoted(raw) + " is a host name: "
                    + "GrantGate matches client IP addresses only and never looks names up in DNS; use an IP "
                    + "address, a wildcard such as 192.168.88.%, a network such as 10.0.0.0/8, or 'localhost'");
        }
        try {
            return classify(text);
        } catch (IllegalArgumentException e) {
            // the rules' own messages already name the pattern; the address parser's do not
            if (e.getMessage().startsWith("host pattern ")) {
                throw e;
            }
            throw new IllegalArgumentException(
                    "host pattern " + DisplayText.quoted(raw) + " is not valid: " + e.getMessage(), e);
        }
    }

    private static HostRule classify(String text) {
        if (text.equals("%")) {
            return new HostRule.AnyHost();
        }
        if (text.equals("localhost")) {
            return new HostRule.Localhost();
        }
        if (text.indexOf(':') >= 0) {
            return ipv6(text);
        }
        int slash = text.indexOf('/');
        if (slash >= 0) {
            return ipv4Network(text.substring(0, slash), text.substring(slash + 1));
        }
        if (text.indexOf('%') >= 0 || text.indexOf('_') >= 0) {
            return new HostRule.Ipv4Wildcard(text);
        }
        return new HostRule.Network(IpLiteral.address(IpLiteral.parseIpv4(text)), 32);
    }

    private static HostRule ipv6(String text) {
        if (text.indexOf('%') >= 0 || text.indexOf('_') >= 0) {
            throw new IllegalArgumentException(
                    "wildcards and zone ids are not supported for IPv6; " + "use a network such as 2001:db8::/32");
        }
        int slash = text.indexOf('/');
        if (slash < 0) {
            return new HostRule.Network(IpLiteral.address(IpLiteral.parseIpv6(text)), 128);
        }
        String mask = text.substring(slash + 1);
        if (mask.indexOf(':') >= 0 || mask.indexOf('.') >= 0) {
            throw new IllegalArgumentException("an IPv6 network takes a prefix length such as /64, not a netmask");
        }
        byte[] base = IpLiteral.parseIpv6(text.substring(0, slash));
        return new HostRule.Network(IpLiteral.address(base), prefixLength(mask, 128));
    }

    /** {@code 10.0.0.0/8} (CIDR, MySQL 8.0.23+) or {@code 10.0.0.0/255.0.0.0} (MySQL's netmask form). */
    private static HostRule ipv4Network(String address, String mask) {
        if (address.indexOf('%') >= 0 || address.indexOf('_') >= 0) {
            throw new IllegalArgumentException("a network cannot contain wildcards");
        }
        byte[] base = IpLiteral.parseIpv4(address);
        int prefix = mask.indexOf('.') >= 0 ? netmaskPrefix(mask) : prefixLength(mask, 32);
        return new HostRule.Network(IpLiteral.address(base), prefix);
    }

    private static int netmaskPrefix(String mask) {
        byte[] bytes = IpLiteral.parseIpv4(mask);
        int bits = ((bytes[0] & 0xff) << 24) | ((bytes[1] & 0xff) << 16) | ((bytes[2] & 0xff) << 8) | (bytes[3] & 0xff);
        int hostBits = ~bits;
        // contiguous means ones then zeros, i.e. the host part is 0...01...1
        if ((hostBits & (hostBits + 1)) != 0) {
            throw new IllegalArgumentException("netmask " + mask + " is not contiguous (ones followed by zeros)");
        }
        return Integer.bitCount(bits);
    }

    private static int prefixLength(String text, int max) {
        boolean digits = !text.isEmpty() && text.length() <= 3 && text.chars().allMatch(c -> c >= '0' && c <= '9');
        if (!digits || (text.length() > 1 && text.charAt(0) == '0') || Integer.parseInt(text) > max) {
            throw new IllegalArgumentException("prefix length '" + text + "' is not a number from 0 to " + max);
        }
        return Integer.parseInt(text);
    }

    private static void checkCharacters(String raw) {
        if (raw.isEmpty()) {
            throw new IllegalArgumentException("host pattern is empty: use '%' for any host");
        }
        if (raw.length() > HostPattern.MAX_LENGTH) {
            throw new IllegalArgumentException("host pattern " + DisplayText.quoted(raw) + " is longer than "
                    + HostPattern.MAX_LENGTH + " characters");
        }
        raw.codePoints().forEach(cp -> {
            if (cp == '\''
                    || cp == '"'
                    || cp == '`'
                    || cp == '\\'
                    || cp == '*'
                    || cp == '['
                    || Character.isWhitespace(cp)
                    || Character.isSpaceChar(cp)
                    || DisplayText.isInvisible(cp)) {
                throw new IllegalArgumentException("host pattern " + DisplayText.quoted(raw) + " contains "
                        + DisplayText.character(cp) + hint(cp));
            }
        });
    }

    private static String hint(int cp) {
        return switch (cp) {
            case '*' -> ": the wildcard is %";
            case '[' -> ": write IPv6 addresses without brackets";
            default -> ", which is not allowed in a host pattern";
        };
    }
}
