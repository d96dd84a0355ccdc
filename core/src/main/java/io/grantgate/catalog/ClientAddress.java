package io.grantgate.catalog;

import java.net.InetAddress;

/**
 * A client's IP address read back from text the gateway wrote, such as {@code audit_event.client_address},
 * without ever asking DNS. Any RFC 4291 form of an IPv6 address reads as the same address
 * ({@code ::1}, {@code 0:0:0:0:0:0:0:1}, upper case), a zone id is dropped, and an IPv4-mapped address
 * reads as the IPv4 address it carries, as the gateway matches it.
 */
public final class ClientAddress {

    private ClientAddress() {}

    /** The address; throws IllegalArgumentException for text that is not an IP address literal. */
    public static InetAddress parse(String text) {
        int zone = text.indexOf('%');
        String literal = zone >= 0 && text.indexOf(':') >= 0 ? text.substring(0, zone) : text;
        byte[] bytes = literal.indexOf(':') >= 0 ? IpLiteral.parseIpv6(literal) : IpLiteral.parseIpv4(literal);
        return IpLiteral.unmapped(IpLiteral.address(bytes));
    }
}
