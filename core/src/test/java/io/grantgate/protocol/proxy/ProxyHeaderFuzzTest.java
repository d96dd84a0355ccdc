package io.grantgate.protocol.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.grantgate.testing.FuzzSeeds;
import io.grantgate.testing.FuzzSeeds.Seed;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The PROXY protocol decoder, fed what a trusted load balancer (or anyone on its address) could
 * send first: a header, more needed, or {@link MalformedProxyHeaderException}, nothing else; a
 * header is at most {@link ProxyHeaderDecoder#MAX_LENGTH} bytes and self-delimiting (the same bytes
 * alone decode to the same header; no shorter prefix is a header); more is never asked for beyond
 * that limit. The address parser the version 1 line and {@code proxy-protocol.trusted} use: empty,
 * or 4 or 16 bytes that the JDK's own text of them parses back to.
 */
class ProxyHeaderFuzzTest {

    @FuzzTest
    void header(byte[] data) throws UnknownHostException {
        ProxyHeaderDecoder.Result result;
        try {
            result = ProxyHeaderDecoder.decode(data, data.length);
        } catch (MalformedProxyHeaderException e) {
            assertNotNull(e.getMessage());
            return;
        }
        switch (result) {
            case ProxyHeaderDecoder.Incomplete incomplete -> {
                assertTrue(incomplete.atLeast() > data.length, "asks for more than it has");
                assertTrue(incomplete.atLeast() <= ProxyHeaderDecoder.MAX_LENGTH, "within a header's limit");
            }
            case ProxyHeaderDecoder.Decoded decoded -> {
                assertTrue(decoded.length() <= data.length && decoded.length() <= ProxyHeaderDecoder.MAX_LENGTH);
                byte[] alone = Arrays.copyOf(data, decoded.length());
                assertEquals(result, decodeQuietly(alone, alone.length), "the header alone decodes the same");
                if (decoded.length() > 1) {
                    assertTrue(
                            !(decodeQuietly(alone, alone.length - 1) instanceof ProxyHeaderDecoder.Decoded),
                            "one byte short is not a header");
                }
                if (decoded.header().connection().isPresent()) {
                    // what the gateway makes of the client's address
                    InetAddress.getByAddress(
                            decoded.header().connection().get().sourceAddress().toArray());
                }
            }
        }
        ProxyHeaderDecoder.startsLikeHeader(data, 0, data.length);
    }

    @FuzzTest
    void address(byte[] data) throws UnknownHostException {
        Optional<byte[]> parsed = AddressText.parse(new String(data, StandardCharsets.UTF_8));
        if (parsed.isEmpty()) {
            return;
        }
        byte[] bytes = parsed.get();
        assertTrue(bytes.length == AddressText.IPV4_BYTES || bytes.length == AddressText.IPV6_BYTES);
        InetAddress address = InetAddress.getByAddress(bytes);
        Optional<byte[]> again = AddressText.parse(address.getHostAddress());
        assertTrue(again.isPresent(), "the JDK's text of it parses: " + address.getHostAddress());
        assertEquals(address, InetAddress.getByAddress(again.get()));
    }

    private static ProxyHeaderDecoder.Result decodeQuietly(byte[] bytes, int length) {
        try {
            return ProxyHeaderDecoder.decode(bytes, length);
        } catch (MalformedProxyHeaderException e) {
            return null;
        }
    }

    @Test
    void seedCorpusIsCommitted() {
        assertEquals(List.of(), FuzzSeeds.writeOrCompare(Path.of("src/test/resources"), getClass(), seeds()));
    }

    static List<Seed> seeds() {
        List<Seed> seeds = new ArrayList<>();
        String signature = "0d0a0d0a000d0a515549540a";
        String[][] headers = {
            {"v1-tcp4", text("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n")},
            {"v1-tcp6", text("PROXY TCP6 2001:db8::1 ::ffff:127.0.0.1 65535 3307\r\n")},
            {"v1-unknown", text("PROXY UNKNOWN\r\n")},
            {"v1-cut", text("PROXY TCP4 192.168.0.1 19")},
            {"v2-tcp4", signature + "2111000c" + "ac130001ac130003a6520050"},
            {
                "v2-tcp6",
                signature + "21210024" + "20010db8000000000000000000000007" + "fd000000000000000000000000000001"
                        + "9c400ceb"
            },
            {"v2-local", signature + "20000000"},
            {
                "v2-tlvs",
                signature + "21110019" + "7f0000027f0000019c400ceb" + "010002" + "6832" + "040000" + "050002" + "abcd"
            },
            {"v2-unix", signature + "213100d8" + "00".repeat(216)},
            {"v2-bad-tlv", signature + "211100107f0000027f0000019c400ceb04000201"},
        };
        for (String[] header : headers) {
            seeds.add(new Seed("header", header[0], HexFormat.of().parseHex(header[1])));
        }
        String[] addresses = {"127.0.0.1", "::1", "2001:db8::8:800:200c:417a", "::ffff:192.0.2.1", "01.2.3.4", "1::2::3"
        };
        for (int i = 0; i < addresses.length; i++) {
            seeds.add(new Seed("address", "address-" + i, addresses[i].getBytes(StandardCharsets.UTF_8)));
        }
        return seeds;
    }

    private static String text(String ascii) {
        return HexFormat.of().formatHex(ascii.getBytes(StandardCharsets.US_ASCII));
    }
}
