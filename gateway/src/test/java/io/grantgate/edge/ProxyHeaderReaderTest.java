package io.grantgate.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grantgate.protocol.proxy.MalformedProxyHeaderException;
import io.grantgate.protocol.proxy.ProxyHeader;
import io.grantgate.protocol.proxy.ProxyHeaderDecoder;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ProxyHeaderReaderTest {

    private static final byte[] V2_TCP4 =
            HexFormat.of().parseHex("0d0a0d0a000d0a515549540a" + "2111000c" + "7f0000027f000001" + "9c400ceb");

    /** Gives at most {@code piece} bytes a read, as a balancer's segments may arrive. */
    private static InputStream inPieces(byte[] bytes, int piece) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, piece));
            }
        };
    }

    @Test
    void aHeaderArrivingOneByteAtATimeIsReadToItsEndAndNoFurther() throws Exception {
        byte[] withGreetingReply = Arrays.copyOf(V2_TCP4, V2_TCP4.length + 3);

        ProxyHeaderReader.Received received = ProxyHeaderReader.read(inPieces(withGreetingReply, 1));

        assertThat(received.header().kind()).isEqualTo(ProxyHeader.Kind.PROXIED);
        assertThat(received.header().connection().orElseThrow().sourcePort()).isEqualTo(40000);
        assertThat(received.following()).isEmpty();
    }

    @Test
    void bytesThatCameWithTheHeaderAreTheClients() throws Exception {
        byte[] line = "PROXY TCP4 127.0.0.2 127.0.0.1 40000 3307\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] client = {0x20, 0, 0, 1, 7};
        byte[] both = Arrays.copyOf(line, line.length + client.length);
        System.arraycopy(client, 0, both, line.length, client.length);

        ProxyHeaderReader.Received received = ProxyHeaderReader.read(new ByteArrayInputStream(both));

        assertThat(received.header().version()).isEqualTo(1);
        assertThat(received.following()).containsExactly(client);
    }

    @Test
    void theLargestHeaderGrowsTheBuffer() throws Exception {
        int noop = 0xFFFF - 12 - 3;
        byte[] header = HexFormat.of()
                .parseHex("0d0a0d0a000d0a515549540a" + "2111ffff" + "7f0000027f000001" + "9c400ceb" + "04"
                        + String.format("%04x", noop) + "00".repeat(noop));

        ProxyHeaderReader.Received received = ProxyHeaderReader.read(inPieces(header, 1000));

        assertThat(header).hasSize(ProxyHeaderDecoder.MAX_LENGTH);
        assertThat(received.following()).isEmpty();
    }

    @Test
    void aConnectionThatEndsBeforeOrInTheHeaderSaysSo() {
        assertThatThrownBy(() -> ProxyHeaderReader.read(new ByteArrayInputStream(new byte[0])))
                .isInstanceOf(EOFException.class)
                .hasMessage("it closed without sending a PROXY header");
        assertThatThrownBy(() -> ProxyHeaderReader.read(inPieces(Arrays.copyOf(V2_TCP4, 20), 7)))
                .isInstanceOf(EOFException.class)
                .hasMessage("it closed after 20 bytes of a PROXY header");
    }

    @Test
    void anythingElseIsMalformedAtOnce() {
        // a MySQL client's first packet (which it would not send before a greeting anyway)
        assertThatThrownBy(() -> ProxyHeaderReader.read(new ByteArrayInputStream(new byte[] {0x50, 0, 0, 1})))
                .isInstanceOf(MalformedProxyHeaderException.class);
    }
}
