package io.grantgate.protocol.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grantgate.protocol.Bytes;
import io.grantgate.protocol.proxy.ProxyHeader.Kind;
import io.grantgate.protocol.proxy.ProxyHeaderDecoder.Decoded;
import io.grantgate.protocol.proxy.ProxyHeaderDecoder.Incomplete;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProxyHeaderDecoderTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final String SIGNATURE = "0d0a0d0a000d0a515549540a";

    /** What HAProxy's send-proxy-v2 sent for a client at 172.19.0.1:42578 to 172.19.0.3:80, then an HTTP request. */
    private static final String HAPROXY_V2_TCP4 = SIGNATURE + "2111000c" + "ac130001" + "ac130003" + "a652" + "0050";

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] hex(String hex) {
        return HEX.parseHex(hex);
    }

    private static Decoded decoded(byte[] bytes) throws MalformedProxyHeaderException {
        ProxyHeaderDecoder.Result result = ProxyHeaderDecoder.decode(bytes, bytes.length);
        assertThat(result).isInstanceOf(Decoded.class);
        return (Decoded) result;
    }

    private static ProxiedConnection connection(byte[] bytes) throws MalformedProxyHeaderException {
        Decoded decoded = decoded(bytes);
        assertThat(decoded.header().kind()).isEqualTo(Kind.PROXIED);
        return decoded.header().connection().orElseThrow();
    }

    private static Bytes address(String hex) {
        return Bytes.of(HEX.parseHex(hex));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    @Test
    void version1Tcp4NamesTheClientAndStopsAtTheCrlf() throws Exception {
        byte[] line = ascii("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n");
        byte[] bytes = concat(line, ascii("GET / HTTP/1.1\r\n"));

        Decoded decoded = decoded(bytes);

        assertThat(decoded.length()).isEqualTo(line.length);
        assertThat(decoded.header().version()).isEqualTo(1);
        assertThat(decoded.header().connection())
                .contains(new ProxiedConnection(address("c0a80001"), 56324, address("c0a8000b"), 443));
    }

    @Test
    void version1Tcp6TakesEveryTextForm() throws Exception {
        assertThat(connection(ascii("PROXY TCP6 2001:db8::1 ::1 65535 0\r\n")))
                .isEqualTo(new ProxiedConnection(
                        address("20010db8000000000000000000000001"),
                        65535,
                        address("00000000000000000000000000000001"),
                        0));
        // inet_ntop's form of an IPv4-mapped address, as a dual-stack balancer writes it
        assertThat(connection(ascii("PROXY TCP6 ::ffff:127.0.0.2 ::ffff:127.0.0.1 40000 3307\r\n"))
                        .sourceAddress())
                .isEqualTo(address("00000000000000000000ffff7f000002"));
    }

    @Test
    void version1UnknownIgnoresTheRestOfItsLine() throws Exception {
        for (String line : new String[] {
            "PROXY UNKNOWN\r\n",
            "PROXY UNKNOWN ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff 65535 65535\r\n",
            "PROXY UNKNOWN whatever follows\r\n"
        }) {
            Decoded decoded = decoded(ascii(line));
            assertThat(decoded.header()).isEqualTo(new ProxyHeader(1, Kind.UNKNOWN, java.util.Optional.empty()));
            assertThat(decoded.length()).isEqualTo(line.length());
        }
    }

    @Test
    void version1LinesUpTo107BytesAreTakenLongerOnesAreNot() throws Exception {
        // the specification's worst case: 107 bytes with the CRLF
        String worst =
                "PROXY UNKNOWN ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff 65535 65535\r\n";
        assertThat(worst).hasSize(ProxyHeaderDecoder.MAX_V1_LENGTH);
        assertThat(decoded(ascii(worst)).length()).isEqualTo(107);

        byte[] longer = ascii(worst.replace("65535 65535", "65535 655350"));
        assertThatThrownBy(() -> ProxyHeaderDecoder.decode(longer, longer.length))
                .isInstanceOf(MalformedProxyHeaderException.class)
                .hasMessageContaining("no CRLF within 107 bytes");
        // the CR as the 107th byte: its LF would be the 108th
        byte[] crLast = Arrays.copyOf(longer, ProxyHeaderDecoder.MAX_V1_LENGTH);
        crLast[106] = '\r';
        assertThatThrownBy(() -> ProxyHeaderDecoder.decode(crLast, crLast.length))
                .isInstanceOf(MalformedProxyHeaderException.class);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "PROXY TCP4 192.168.0.01 192.168.0.11 56324 443", // a leading zero in an address
                "PROXY TCP4 192.168.0.1 192.168.0.11 056324 443", // and in a port
                "PROXY TCP4 192.168.0.1 192.168.0.11 65536 443",
                "PROXY TCP4 192.168.0.1 192.168.0.11 -1 443",
                "PROXY TCP4 192.168.0.1 192.168.0.11 +80 443",
                "PROXY TCP4 192.168.0.1  192.168.0.11 56324 443", // two spaces
                "PROXY TCP4 192.168.0.1 192.168.0.11 56324 443 ", // a trailing space
                "PROXY TCP4 192.168.0.1 192.168.0.11 56324",
                "PROXY TCP4 ::1 ::1 56324 443", // the family does not match
                "PROXY TCP6 127.0.0.1 127.0.0.1 56324 443",
                "PROXY TCP4 localhost 192.168.0.11 56324 443", // never a name
                "PROXY TCP5 192.168.0.1 192.168.0.11 56324 443",
                "PROXY tcp4 192.168.0.1 192.168.0.11 56324 443",
                "PROXY ",
                "PROXY  UNKNOWN",
            })
    void version1LinesThatAreNotExactlyTheFormatAreRefused(String line) {
        byte[] bytes = ascii(line + "\r\n");
        assertThatThrownBy(() -> ProxyHeaderDecoder.decode(bytes, bytes.length))
                .isInstanceOf(MalformedProxyHeaderException.class)
                .hasMessageStartingWith("version 1");
    }

    @Test
    void version1NeedsCrlfAndPrintableAscii() {
        for (String line : new String[] {
            "PROXY UNKNOWN\n", "PROXY UNKNOWN\rX", "PROXY UNKNOWN\r\r\n", "PROXY UNKNOWN\t\r\n", "PROXY UNKNOWN é\r\n"
        }) {
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> ProxyHeaderDecoder.decode(bytes, bytes.length))
                    .as(line)
                    .isInstanceOf(MalformedProxyHeaderException.class);
        }
    }

    @Test
    void version2Tcp4AsHaproxySendsIt() throws Exception {
        byte[] header = hex(HAPROXY_V2_TCP4);
        byte[] bytes = concat(header, ascii("GET / HTTP/1.1\r\n"));

        Decoded decoded = decoded(bytes);

        assertThat(decoded.length()).isEqualTo(28);
        assertThat(decoded.header().version()).isEqualTo(2);
        assertThat(decoded.header().connection())
                .contains(new ProxiedConnection(address("ac130001"), 42578, address("ac130003"), 80));
    }

    @Test
    void version2Tcp6() throws Exception {
        byte[] bytes = hex(SIGNATURE + "21210024" + "20010db8000000000000000000000007"
                + "fd000000000000000000000000000001" + "9c40" + "0ceb");

        assertThat(connection(bytes))
                .isEqualTo(new ProxiedConnection(
                        address("20010db8000000000000000000000007"),
                        40000,
                        address("fd000000000000000000000000000001"),
                        3307));
    }

    @Test
    void version2LocalUsesTheConnectionsOwnAddressWhateverItsBlockHolds() throws Exception {
        // HAProxy's health checks: LOCAL, UNSPEC, no addresses
        Decoded plain = decoded(hex(SIGNATURE + "20000000"));
        assertThat(plain.header()).isEqualTo(new ProxyHeader(2, Kind.LOCAL, java.util.Optional.empty()));
        assertThat(plain.length()).isEqualTo(16);
        // a LOCAL header must still be skipped whole, whatever its family byte says
        Decoded withBlock = decoded(hex(SIGNATURE + "20ff0005" + "0102030405" + "ff"));
        assertThat(withBlock.header().kind()).isEqualTo(Kind.LOCAL);
        assertThat(withBlock.length()).isEqualTo(21);
    }

    @Test
    void version2FamiliesOtherThanTcpFallBackToTheConnectionsOwnAddress() throws Exception {
        String unixBlock = "00".repeat(216);
        for (String family : new String[] {
            "2100" + "0000", // UNSPEC
            "2112000c" + "0a0000010a0000020001" + "0002", // UDP over IPv4
            "21220024" + "00".repeat(36), // UDP over IPv6
            "213100d8" + unixBlock,
            "213200d8" + unixBlock
        }) {
            Decoded decoded = decoded(hex(SIGNATURE + family));
            assertThat(decoded.header().kind()).as(family).isEqualTo(Kind.UNKNOWN);
            assertThat(decoded.length()).isEqualTo(hex(SIGNATURE + family).length);
        }
    }

    @Test
    void version2TlvsAreSkippedWithinTheirLength() throws Exception {
        // ALPN "h2", an empty NOOP, an SSL TLV with a version sub-TLV, a unique id of 128 bytes
        String tlvs = "010002" + "6832" + "040000" + "20000d" + "01" + "00000000" + "210005" + "544c535633" + "050080"
                + "ab".repeat(128);
        int length = 12 + tlvs.length() / 2;
        byte[] bytes = hex(SIGNATURE + "2111" + String.format("%04x", length) + "7f0000027f000001" + "9c400ceb" + tlvs);

        Decoded decoded = decoded(bytes);

        assertThat(decoded.length()).isEqualTo(bytes.length);
        assertThat(decoded.header().connection().orElseThrow().sourceAddress()).isEqualTo(address("7f000002"));
    }

    @Test
    void theLargestVersion2HeaderIsTaken() throws Exception {
        // the addresses, then one NOOP TLV filling the 16-bit length to its end
        int noop = 0xFFFF - 12 - 3;
        byte[] bytes = hex(SIGNATURE + "2111ffff" + "7f0000027f000001" + "9c400ceb" + "04" + String.format("%04x", noop)
                + "00".repeat(noop));

        assertThat(bytes).hasSize(ProxyHeaderDecoder.MAX_LENGTH);
        assertThat(decoded(bytes).length()).isEqualTo(ProxyHeaderDecoder.MAX_LENGTH);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "1111000c7f0000027f0000019c400ceb", // version 1 in the binary form
                "3111000c7f0000027f0000019c400ceb", // version 3
                "2211000c7f0000027f0000019c400ceb", // command 2
                "2141000c7f0000027f0000019c400ceb", // family 4
                "2113000c7f0000027f0000019c400ceb", // transport 3
                "2110000c7f0000027f0000019c400ceb", // IPv4 with an unspecified transport
                "2101000c7f0000027f0000019c400ceb", // a transport with an unspecified family
                "2111000b7f0000027f0000019c400c", // an address block one byte short
                "212100207f0000027f0000019c400ceb7f0000027f0000019c400ceb7f000002", // IPv6 needs 36
                "2111000e7f0000027f0000019c400ceb0400", // a TLV cut short
                "211100107f0000027f0000019c400ceb04000201", // a TLV longer than what is left
            })
    void version2HeadersThatBreakTheSpecificationAreRefused(String afterSignature) {
        byte[] bytes = hex(SIGNATURE + afterSignature);
        assertThatThrownBy(() -> ProxyHeaderDecoder.decode(bytes, bytes.length))
                .isInstanceOf(MalformedProxyHeaderException.class);
    }

    @Test
    void everyPrefixOfAValidHeaderAsksForMoreAndNeverForTooMuch() throws Exception {
        for (byte[] header : new byte[][] {
            ascii("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n"),
            ascii("PROXY UNKNOWN\r\n"),
            hex(HAPROXY_V2_TCP4),
            hex(SIGNATURE + "20000000")
        }) {
            for (int length = 0; length < header.length; length++) {
                ProxyHeaderDecoder.Result result = ProxyHeaderDecoder.decode(header, length);
                assertThat(result).as("%d of %d bytes", length, header.length).isInstanceOf(Incomplete.class);
                assertThat(((Incomplete) result).atLeast())
                        .isGreaterThan(length)
                        .isLessThanOrEqualTo(header.length);
            }
            assertThat(ProxyHeaderDecoder.decode(header, header.length)).isInstanceOf(Decoded.class);
        }
    }

    @Test
    void somethingElseIsRefusedAsSoonAsItShows() throws Exception {
        for (String start : new String[] {"G", "PRX", "PROXY\r\n", "0d0a0d0a01", "0d0a0d0a000d0a515549540b"}) {
            byte[] bytes = start.startsWith("0d") ? hex(start) : ascii(start);
            assertThatThrownBy(() -> ProxyHeaderDecoder.decode(bytes, bytes.length))
                    .as(start)
                    .isInstanceOf(MalformedProxyHeaderException.class)
                    .hasMessageStartingWith("not a PROXY protocol header");
        }
        // a MySQL client that is not behind a balancer sends nothing: its first bytes are none at all
        assertThat(ProxyHeaderDecoder.decode(new byte[0], 0)).isEqualTo(new Incomplete(1));
    }

    @Test
    void aHeaderIsToldFromAClientsFirstPacket() {
        assertThat(ProxyHeaderDecoder.startsLikeHeader(ascii("PROX"), 0, 4)).isTrue();
        assertThat(ProxyHeaderDecoder.startsLikeHeader(hex("0d0a0d0a"), 0, 4)).isTrue();
        assertThat(ProxyHeaderDecoder.startsLikeHeader(ascii("xxPROX"), 2, 4)).isTrue();
        // a HandshakeResponse41 of 80 bytes (0x50 is 'P') and of 13 (0x0d): sequence id 1
        assertThat(ProxyHeaderDecoder.startsLikeHeader(hex("50000001"), 0, 4)).isFalse();
        assertThat(ProxyHeaderDecoder.startsLikeHeader(hex("0d000001"), 0, 4)).isFalse();
        assertThat(ProxyHeaderDecoder.startsLikeHeader(ascii("GET "), 0, 4)).isFalse();
        assertThat(ProxyHeaderDecoder.startsLikeHeader(new byte[0], 0, 0)).isFalse();
    }
}
