package io.grantgate.protocol.proxy;

import io.grantgate.protocol.Bytes;
import io.grantgate.protocol.proxy.ProxyHeader.Kind;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;

/**
 * Decodes a PROXY protocol header, version 1 (a text line) or 2 (binary), from the first bytes of a
 * connection, as HAProxy's {@code proxy-protocol.txt} specifies them. It is fed what has arrived so
 * far and says whether that is a whole header (and how long), needs more bytes, or cannot be one;
 * the last is decided as early as the bytes allow, so that a client that is not a proxy is dropped
 * at once rather than waited for.
 *
 * <p>Strict where the specification says "must": version 1 is US-ASCII with single spaces, a CRLF
 * within 107 bytes, addresses of the named family without leading zeros, ports 0-65535 without
 * leading zeros; version 2 has version 2, the LOCAL or PROXY command, an address family and
 * transport it defines, an address block at least as long as the family needs. Lenient where it
 * allows: version 1's {@code UNKNOWN} ignores the rest of its line; version 2's LOCAL ignores its
 * block; families other than TCP over IPv4 or IPv6 fall back to the connection's own endpoints;
 * TLVs are skipped, each checked to stay within the header's length, never interpreted. A header is
 * at most 16 + 65 535 bytes, by its 16-bit length.
 *
 * <p>Stateless and thread-safe.
 */
public final class ProxyHeaderDecoder {

    /** What the bytes so far are. */
    public sealed interface Result {}

    /** Not a whole header yet: at least {@code atLeast} bytes in all are needed to know more. */
    public record Incomplete(int atLeast) implements Result {}

    /** A whole header, the first {@code length} bytes; what follows is the client's. */
    public record Decoded(ProxyHeader header, int length) implements Result {}

    /** The longest version 1 line, its CRLF included. */
    public static final int MAX_V1_LENGTH = 107;

    private static final byte[] V1_SIGNATURE = "PROXY ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
    /** The signature, the version and command, the family and transport, the 16-bit length. */
    private static final int V2_FIXED_LENGTH = 16;

    private static final int V2_VERSION_COMMAND = 12;
    private static final int V2_FAMILY = 13;
    private static final int V2_LENGTH = 14;
    private static final int MAX_U16 = 0xFFFF;

    /** The longest header of either version: version 2's fixed part and the most its length can say. */
    public static final int MAX_LENGTH = V2_FIXED_LENGTH + MAX_U16;

    private static final int VERSION_2 = 2;
    private static final int VERSION_1 = 1;
    private static final int NIBBLE_BITS = 4;
    private static final int NIBBLE = 0x0F;
    private static final int COMMAND_LOCAL = 0x0;
    private static final int COMMAND_PROXY = 0x1;

    // the address family (high nibble) and transport (low nibble) pairs the specification defines
    private static final int UNSPEC = 0x00;
    private static final int TCP4 = 0x11;
    private static final int UDP4 = 0x12;
    private static final int TCP6 = 0x21;
    private static final int UDP6 = 0x22;
    private static final int UNIX_STREAM = 0x31;
    private static final int UNIX_DGRAM = 0x32;

    /** Two addresses of the family, then two 16-bit ports for IP. */
    private static final int INET_BLOCK = 2 * AddressText.IPV4_BYTES + 2 * Short.BYTES;

    private static final int INET6_BLOCK = 2 * AddressText.IPV6_BYTES + 2 * Short.BYTES;
    /** Two {@code sun_path}s of 108 bytes. */
    private static final int UNIX_BLOCK = 2 * 108;

    /** A TLV's type byte and 16-bit length. */
    private static final int TLV_HEADER = 3;

    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final int PRINTABLE_FIRST = 0x20;
    private static final int PRINTABLE_LAST = 0x7E;
    private static final int V1_FIELDS = 6;
    private static final int MAX_PORT_DIGITS = 5;
    private static final int DECIMAL = 10;
    private static final int BYTE_MASK = 0xFF;
    private static final int BYTE_BITS = 8;

    private ProxyHeaderDecoder() {}

    /**
     * Decodes the header at the start of {@code bytes[0, length)}.
     *
     * @throws MalformedProxyHeaderException when these bytes cannot begin a valid header, whatever follows
     */
    public static Result decode(byte[] bytes, int length) throws MalformedProxyHeaderException {
        if (length < 0 || length > bytes.length) {
            throw new IndexOutOfBoundsException("length " + length + " of " + bytes.length);
        }
        if (length == 0) {
            return new Incomplete(1);
        }
        if (bytes[0] == V1_SIGNATURE[0]) {
            return version1(bytes, length);
        }
        if (bytes[0] == V2_SIGNATURE[0]) {
            return version2(bytes, length);
        }
        throw new MalformedProxyHeaderException(
                "not a PROXY protocol header (first byte 0x" + Integer.toHexString(bytes[0] & BYTE_MASK) + ")");
    }

    /**
     * Whether {@code bytes[offset, offset + length)} (at least one byte) is the start of either
     * version's signature: how a client that sends a header where the gateway takes none is told
     * from one that sends a MySQL packet (whose 4-byte header never matches, a HandshakeResponse
     * having sequence id 1).
     */
    public static boolean startsLikeHeader(byte[] bytes, int offset, int length) {
        return length > 0
                && (startsWith(bytes, offset, length, V1_SIGNATURE) || startsWith(bytes, offset, length, V2_SIGNATURE));
    }

    private static boolean startsWith(byte[] bytes, int offset, int length, byte[] signature) {
        int compared = Math.min(length, signature.length);
        return Arrays.equals(bytes, offset, offset + compared, signature, 0, compared);
    }

    private static Result version1(byte[] bytes, int length) throws MalformedProxyHeaderException {
        if (!startsWith(bytes, 0, length, V1_SIGNATURE)) {
            throw new MalformedProxyHeaderException("not a PROXY protocol header (no 'PROXY ' at the start)");
        }
        int scanned = Math.min(length, MAX_V1_LENGTH);
        for (int i = 0; i < scanned; i++) {
            byte b = bytes[i];
            if (b == CR) {
                if (i + 2 > MAX_V1_LENGTH) {
                    break;
                }
                if (i + 1 == length) {
                    return new Incomplete(i + 2);
                }
                if (bytes[i + 1] != LF) {
                    throw new MalformedProxyHeaderException("version 1: a CR without an LF after it");
                }
                return new Decoded(line(new String(bytes, 0, i, StandardCharsets.US_ASCII)), i + 2);
            }
            if (b == LF) {
                throw new MalformedProxyHeaderException("version 1: an LF without a CR before it");
            }
            if (b < PRINTABLE_FIRST || b > PRINTABLE_LAST) {
                throw new MalformedProxyHeaderException("version 1: a byte 0x" + Integer.toHexString(b & BYTE_MASK)
                        + " that is not printable US-ASCII");
            }
        }
        if (length >= MAX_V1_LENGTH) {
            throw new MalformedProxyHeaderException("version 1: no CRLF within " + MAX_V1_LENGTH + " bytes");
        }
        return new Incomplete(length + 1);
    }

    private static ProxyHeader line(String line) throws MalformedProxyHeaderException {
        String[] fields = line.split(" ", -1);
        String protocol = fields[1];
        return switch (protocol) {
            // the sender could not fill the line in (or sends a health check): whatever follows is ignored
            case "UNKNOWN" -> ProxyHeader.ownEndpoints(VERSION_1, Kind.UNKNOWN);
            case "TCP4" -> ProxyHeader.proxied(VERSION_1, endpoints(fields, AddressText::ipv4));
            case "TCP6" -> ProxyHeader.proxied(VERSION_1, endpoints(fields, AddressText::ipv6));
            default -> throw new MalformedProxyHeaderException("version 1: unknown protocol '" + protocol + "'");
        };
    }

    private static ProxiedConnection endpoints(String[] fields, Function<String, Optional<byte[]>> family)
            throws MalformedProxyHeaderException {
        if (fields.length != V1_FIELDS) {
            throw new MalformedProxyHeaderException(
                    "version 1: " + fields.length + " fields separated by single spaces, not " + V1_FIELDS);
        }
        return new ProxiedConnection(
                Bytes.of(address(fields[2], family, fields[1])),
                port(fields[4]),
                Bytes.of(address(fields[3], family, fields[1])),
                port(fields[5]));
    }

    private static byte[] address(String text, Function<String, Optional<byte[]>> family, String protocol)
            throws MalformedProxyHeaderException {
        Optional<byte[]> address = family.apply(text);
        if (address.isEmpty()) {
            throw new MalformedProxyHeaderException("version 1: '" + text + "' is not a " + protocol + " address");
        }
        return address.get();
    }

    private static int port(String text) throws MalformedProxyHeaderException {
        boolean digits = !text.isEmpty()
                && text.length() <= MAX_PORT_DIGITS
                && (text.length() == 1 || text.charAt(0) != '0')
                && text.chars().allMatch(c -> c >= '0' && c <= '9');
        int port = 0;
        if (digits) {
            for (int i = 0; i < text.length(); i++) {
                port = port * DECIMAL + (text.charAt(i) - '0');
            }
        }
        if (!digits || port > ProxiedConnection.MAX_PORT) {
            throw new MalformedProxyHeaderException("version 1: '" + text + "' is not a port");
        }
        return port;
    }

    private static Result version2(byte[] bytes, int length) throws MalformedProxyHeaderException {
        if (!startsWith(bytes, 0, length, V2_SIGNATURE)) {
            throw new MalformedProxyHeaderException("not a PROXY protocol header (no version 2 signature)");
        }
        if (length < V2_FIXED_LENGTH) {
            return new Incomplete(V2_FIXED_LENGTH);
        }
        int versionCommand = bytes[V2_VERSION_COMMAND] & BYTE_MASK;
        if (versionCommand >>> NIBBLE_BITS != VERSION_2) {
            throw new MalformedProxyHeaderException(
                    "version 2 signature with version " + (versionCommand >>> NIBBLE_BITS));
        }
        int command = versionCommand & NIBBLE;
        if (command != COMMAND_LOCAL && command != COMMAND_PROXY) {
            throw new MalformedProxyHeaderException("version 2: unknown command 0x" + Integer.toHexString(command));
        }
        int family = bytes[V2_FAMILY] & BYTE_MASK;
        // LOCAL ignores its family; PROXY must name one the specification defines
        int block = command == COMMAND_LOCAL ? 0 : addressBlock(family);
        int total = V2_FIXED_LENGTH + u16(bytes, V2_LENGTH);
        if (total - V2_FIXED_LENGTH < block) {
            throw new MalformedProxyHeaderException("version 2: " + (total - V2_FIXED_LENGTH)
                    + " bytes of addresses, family 0x" + Integer.toHexString(family) + " needs " + block);
        }
        if (length < total) {
            return new Incomplete(total);
        }
        if (command == COMMAND_LOCAL) {
            return new Decoded(ProxyHeader.ownEndpoints(VERSION_2, Kind.LOCAL), total);
        }
        skipTlvs(bytes, V2_FIXED_LENGTH + block, total);
        ProxyHeader header = switch (family) {
            case TCP4 -> ProxyHeader.proxied(VERSION_2, connection(bytes, AddressText.IPV4_BYTES));
            case TCP6 -> ProxyHeader.proxied(VERSION_2, connection(bytes, AddressText.IPV6_BYTES));
            // defined, but not a TCP client's address: the specification's UNSPEC fallback
            default -> ProxyHeader.ownEndpoints(VERSION_2, Kind.UNKNOWN);
        };
        return new Decoded(header, total);
    }

    private static int addressBlock(int family) throws MalformedProxyHeaderException {
        return switch (family) {
            case UNSPEC -> 0;
            case TCP4, UDP4 -> INET_BLOCK;
            case TCP6, UDP6 -> INET6_BLOCK;
            case UNIX_STREAM, UNIX_DGRAM -> UNIX_BLOCK;
            default ->
                throw new MalformedProxyHeaderException(
                        "version 2: unknown address family and transport 0x" + Integer.toHexString(family));
        };
    }

    private static ProxiedConnection connection(byte[] bytes, int addressBytes) {
        int source = V2_FIXED_LENGTH;
        int destination = source + addressBytes;
        int ports = destination + addressBytes;
        return new ProxiedConnection(
                Bytes.copyOf(bytes, source, addressBytes),
                u16(bytes, ports),
                Bytes.copyOf(bytes, destination, addressBytes),
                u16(bytes, ports + Short.BYTES));
    }

    /** The TLVs after the addresses: each must fit in what is left of the header; none is read. */
    private static void skipTlvs(byte[] bytes, int from, int end) throws MalformedProxyHeaderException {
        int at = from;
        while (at < end) {
            if (end - at < TLV_HEADER) {
                throw new MalformedProxyHeaderException("version 2: a TLV cut short (" + (end - at) + " bytes left)");
            }
            int valueLength = u16(bytes, at + 1);
            if (valueLength > end - at - TLV_HEADER) {
                throw new MalformedProxyHeaderException("version 2: a TLV of " + valueLength + " bytes with "
                        + (end - at - TLV_HEADER) + " left in the header");
            }
            at += TLV_HEADER + valueLength;
        }
    }

    private static int u16(byte[] bytes, int at) {
        return ((bytes[at] & BYTE_MASK) << BYTE_BITS) | (bytes[at + 1] & BYTE_MASK);
    }
}
