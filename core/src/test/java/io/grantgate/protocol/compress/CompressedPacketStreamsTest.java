package io.grantgate.protocol.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grantgate.protocol.PacketBuffer;
import io.grantgate.protocol.PacketHeader;
import io.grantgate.protocol.PacketReader;
import io.grantgate.protocol.PacketStreams;
import io.grantgate.protocol.PacketWriter;
import io.grantgate.protocol.TruncatedPacketException;
import io.grantgate.protocol.constant.MySqlError;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/**
 * The compressed protocol layer with byte fixtures: frames as the MySQL documentation lays them out
 * (7-byte header; uncompressed length 0 for a payload sent as it is), packets split across frames
 * and several in one, cut reads, corrupt data, and lengths that must not become allocations.
 */
class CompressedPacketStreamsTest {

    private static final int MAX_PACKET = 64 * 1024 * 1024;

    /** The COM_QUERY of the documentation's example: {@code select "012345678901234567890123456789012345"}. */
    private static final byte[] QUERY =
            "\u0003select \"012345678901234567890123456789012345\"".getBytes(StandardCharsets.US_ASCII);

    @Test
    void theDocumentationsQueryIsCompressedAsItsExampleShows() throws IOException {
        // 46 bytes of payload, 50 with the packet header: just long enough to be compressed
        byte[] expected = concat(
                bytes(0x22, 0x00, 0x00, 0x00, 0x32, 0x00, 0x00),
                bytes(0x78, 0x9c, 0xd3, 0x63, 0x60, 0x60, 0x60, 0x2e, 0x4e, 0xcd, 0x49, 0x4d, 0x2e, 0x51, 0x50, 0x32),
                bytes(0x30, 0x34, 0x32, 0x36, 0x31, 0x35, 0x33, 0xb7, 0xb0, 0xc4, 0xcd, 0x52, 0x02, 0x00, 0x0c, 0xd1),
                bytes(0x0a, 0x6c));
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        CompressedPacketOutput out = output(wire, new CompressionSequence());
        new PacketWriter(out).write(0, QUERY);
        out.flush();

        assertThat(QUERY).hasSize(46);
        assertThat(wire.toByteArray()).isEqualTo(expected);
        assertThat(readPackets(new ByteArrayInputStream(expected))).containsExactly(QUERY);
    }

    @Test
    void aShortPacketTravelsAsItIsWithUncompressedLengthZero() throws IOException {
        byte[] ping = bytes(0x0e);
        byte[] expected = concat(bytes(0x05, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00), bytes(0x01, 0x00, 0x00, 0x00, 0x0e));
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        CompressedPacketOutput out = output(wire, new CompressionSequence());
        new PacketWriter(out).write(0, ping);
        out.flush();

        assertThat(wire.toByteArray()).isEqualTo(expected);
        assertThat(readPackets(new ByteArrayInputStream(expected))).containsExactly(ping);
    }

    @Test
    void aPayloadCompressionWouldNotShrinkTravelsAsItIs() throws IOException {
        byte[] noise = new byte[2000];
        new Random(7).nextBytes(noise);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        CompressedPacketOutput out = output(wire, new CompressionSequence());
        new PacketWriter(out).write(1, noise);
        out.flush();

        assertThat(headers(wire.toByteArray())).containsExactly(new CompressedHeader(2004, 0, 0));
        assertThat(readPackets(new ByteArrayInputStream(wire.toByteArray()))).containsExactly(noise);
    }

    @Test
    void severalPacketsInOneCompressedFrame() throws IOException {
        byte[] packets = concat(packet(1, repeat('a', 300)), packet(2, repeat('b', 10)), packet(3, repeat('c', 5000)));
        byte[] frame = compressedFrame(0, packets);

        assertThat(CompressedHeader.decode(frame, 0).compressed()).isTrue();
        assertThat(readPackets(new ByteArrayInputStream(frame)))
                .containsExactly(repeat('a', 300), repeat('b', 10), repeat('c', 5000));
    }

    @Test
    void aPacketSplitAcrossFramesReadOneByteAtATime() throws IOException {
        byte[] payload = randomText(100_000);
        byte[] packet = packet(0, payload);
        // compressed, as it is, compressed: the reader must not care where frames end
        byte[] wire = concat(
                compressedFrame(0, Arrays.copyOfRange(packet, 0, 40_000)),
                storedFrame(1, Arrays.copyOfRange(packet, 40_000, 40_010)),
                compressedFrame(2, Arrays.copyOfRange(packet, 40_010, packet.length)));

        assertThat(readPackets(new Trickle(wire))).containsExactly(payload);
    }

    @Test
    void whatTheOutputWritesTheInputReadsBackFrameByFrame() throws IOException {
        byte[] big = randomText(300_000);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        CompressionSequence sent = new CompressionSequence();
        CompressedPacketOutput out = output(wire, sent);
        PacketWriter writer = new PacketWriter(out);
        writer.write(1, repeat('x', 10));
        writer.write(2, big);
        out.flush();

        List<CompressedHeader> headers = headers(wire.toByteArray());
        assertThat(headers).extracting(CompressedHeader::sequenceId).containsExactly(0, 1, 2, 3, 4);
        assertThat(headers)
                .allSatisfy(h -> assertThat(h.uncompressedLength()).isBetween(1, CompressedPacketOutput.FRAME_SIZE));
        assertThat(wire.size()).as("text compresses").isLessThan(big.length / 2);
        assertThat(readPackets(new Trickle(wire.toByteArray()))).containsExactly(repeat('x', 10), big);
    }

    @Test
    void theSequenceFollowsTheLastFrameEitherSideSent() throws IOException {
        CompressionSequence sequence = new CompressionSequence();
        byte[] command = storedFrame(0, packet(0, bytes(0x0e)));
        CompressedPacketInput in =
                new CompressedPacketInput(new ByteArrayInputStream(command), new ZlibCompressor(), sequence);
        assertThat(new PacketReader(in, MAX_PACKET).read(new PacketBuffer(16))).isTrue();
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        CompressedPacketOutput out = output(wire, sequence);
        new PacketWriter(out).write(1, bytes(0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00));
        out.flush();

        assertThat(CompressedHeader.decode(wire.toByteArray(), 0).sequenceId())
                .as("the answer to a command at compressed id 0")
                .isEqualTo(1);
    }

    @Test
    void dataThatIsNotZlibIsRefusedWithTheUncompressError() {
        byte[] frame = concat(bytes(0x05, 0x00, 0x00, 0x00, 0x40, 0x00, 0x00), bytes(1, 2, 3, 4, 5));

        assertThatThrownBy(() -> readPackets(new ByteArrayInputStream(frame)))
                .isInstanceOfSatisfying(
                        CompressedFrameException.class,
                        e -> assertThat(e.error()).isEqualTo(MySqlError.ER_NET_UNCOMPRESS_ERROR));
    }

    @Test
    void aFrameThatInflatesBeyondItsDeclaredLengthIsRefusedWithoutAllocatingMore() throws IOException {
        // a megabyte of zeros compresses to about a kilobyte; the header claims 1000 bytes
        byte[] deflated = deflate(new byte[1 << 20]);
        byte[] frame = concat(header(deflated.length, 0, 1000), deflated);
        CompressedPacketInput in = new CompressedPacketInput(
                new ByteArrayInputStream(frame), new ZlibCompressor(), new CompressionSequence());

        assertThatThrownBy(() -> in.read(new byte[16]))
                .isInstanceOf(CompressedFrameException.class)
                .hasMessageContaining("more than the 1000 bytes");
        assertThat(in.bufferedCapacity()).isLessThanOrEqualTo(Math.max(1000, deflated.length));
    }

    @Test
    void aFrameThatInflatesToLessThanDeclaredIsRefused() {
        byte[] deflated = deflate(repeat('z', 500));
        byte[] frame = concat(header(deflated.length, 0, 600), deflated);

        assertThatThrownBy(() -> readPackets(new ByteArrayInputStream(frame)))
                .isInstanceOf(CompressedFrameException.class)
                .hasMessageContaining("500 bytes, not the 600");
    }

    @Test
    void aHugeDeclaredLengthIsNotAnAllocation() {
        // the largest lengths the header can hold, then ten bytes and the end
        byte[] frame = concat(header(CompressedHeader.MAX_LENGTH, 0, CompressedHeader.MAX_LENGTH), new byte[10]);
        CompressedPacketInput in = new CompressedPacketInput(
                new ByteArrayInputStream(frame), new ZlibCompressor(), new CompressionSequence());

        assertThatThrownBy(() -> in.read(new byte[16])).isInstanceOf(TruncatedPacketException.class);
        assertThat(in.bufferedCapacity()).isLessThanOrEqualTo(16 * 1024);
    }

    @Test
    void aStreamCutInsideAHeaderIsTruncatedButOneCutBetweenFramesIsTheEnd() throws IOException {
        assertThatThrownBy(() -> readPackets(new ByteArrayInputStream(bytes(0x05, 0x00, 0x00))))
                .isInstanceOf(TruncatedPacketException.class);
        assertThat(readPackets(new ByteArrayInputStream(new byte[0]))).isEmpty();
    }

    @Test
    void aReadInterruptedByATimeoutResumesTheFrameWhereItStopped() throws IOException {
        byte[] payload = randomText(5000);
        byte[] wire = compressedFrame(0, packet(0, payload));
        TimeoutOnce source = new TimeoutOnce(wire, 5);
        CompressedPacketInput in = new CompressedPacketInput(source, new ZlibCompressor(), new CompressionSequence());

        assertThatThrownBy(() -> in.read(new byte[16])).isInstanceOf(SocketTimeoutException.class);
        PacketBuffer packet = new PacketBuffer(16);
        assertThat(new PacketReader(in, MAX_PACKET).read(packet)).isTrue();
        assertThat(Arrays.copyOf(packet.array(), packet.length())).isEqualTo(payload);
    }

    @Test
    void packetStreamsCompressReadsWhatWasAlreadyBufferedAsCompressed() throws IOException {
        byte[] plainOk = packet(2, bytes(0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00));
        byte[] compressed = compressedFrame(0, packet(0, concat(bytes(0x03), repeat('q', 200))));
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        PacketStreams streams = new PacketStreams(
                new ByteArrayInputStream(concat(plainOk, compressed)),
                wire,
                MAX_PACKET,
                new PacketStreams.BufferSizes(8192, 1024, 65536));
        PacketBuffer packet = new PacketBuffer(16);
        assertThat(streams.reader().read(packet)).isTrue();

        streams.compress(new ZlibCompressor());

        assertThat(streams.reader().read(packet, 0)).isTrue();
        assertThat(Arrays.copyOf(packet.array(), packet.length())).isEqualTo(concat(bytes(0x03), repeat('q', 200)));
        streams.writer().write(1, repeat('r', 1000));
        streams.writer().flush();
        assertThat(headers(wire.toByteArray()))
                .containsExactly(new CompressedHeader(
                        CompressedHeader.decode(wire.toByteArray(), 0).payloadLength(), 1, 1004));
    }

    private static CompressedPacketOutput output(ByteArrayOutputStream wire, CompressionSequence sequence) {
        return new CompressedPacketOutput(wire, new ZlibCompressor(), sequence, 1024);
    }

    private static List<byte[]> readPackets(InputStream wire) throws IOException {
        PacketReader reader = new PacketReader(
                new CompressedPacketInput(wire, new ZlibCompressor(), new CompressionSequence()), MAX_PACKET);
        List<byte[]> packets = new ArrayList<>();
        PacketBuffer packet = new PacketBuffer(16);
        while (reader.read(packet)) {
            packets.add(Arrays.copyOf(packet.array(), packet.length()));
        }
        return packets;
    }

    private static List<CompressedHeader> headers(byte[] wire) {
        List<CompressedHeader> headers = new ArrayList<>();
        int position = 0;
        while (position < wire.length) {
            CompressedHeader header = CompressedHeader.decode(wire, position);
            headers.add(header);
            position += CompressedHeader.SIZE + header.payloadLength();
        }
        return headers;
    }

    private static byte[] packet(int sequenceId, byte[] payload) {
        byte[] header = new byte[PacketHeader.SIZE];
        PacketHeader.encode(payload.length, sequenceId, header, 0);
        return concat(header, payload);
    }

    private static byte[] compressedFrame(int sequenceId, byte[] content) {
        byte[] deflated = deflate(content);
        byte[] header = new byte[CompressedHeader.SIZE];
        CompressedHeader.encode(deflated.length, sequenceId, content.length, header, 0);
        return concat(header, deflated);
    }

    private static byte[] storedFrame(int sequenceId, byte[] content) {
        return CompressedHeader.uncompressedFrame(sequenceId, content);
    }

    private static byte[] header(int payloadLength, int sequenceId, int uncompressedLength) {
        byte[] header = new byte[CompressedHeader.SIZE];
        CompressedHeader.encode(payloadLength, sequenceId, uncompressedLength, header, 0);
        return header;
    }

    /** zlib's compress(), by the JDK's own deflater: an implementation apart from the one tested. */
    private static byte[] deflate(byte[] content) {
        Deflater deflater = new Deflater();
        deflater.setInput(content);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }

    private static byte[] randomText(int length) {
        Random random = new Random(length);
        byte[] text = new byte[length];
        for (int i = 0; i < length; i++) {
            text[i] = (byte) ('a' + random.nextInt(8));
        }
        return text;
    }

    private static byte[] repeat(char c, int count) {
        byte[] bytes = new byte[count];
        Arrays.fill(bytes, (byte) c);
        return bytes;
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** One byte per read, as the slowest socket delivers. */
    private static final class Trickle extends InputStream {
        private final byte[] bytes;
        private int position;

        Trickle(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public int read() {
            return position < bytes.length ? bytes[position++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] target, int offset, int length) {
            if (length == 0) {
                return 0;
            }
            int b = read();
            if (b < 0) {
                return -1;
            }
            target[offset] = (byte) b;
            return 1;
        }
    }

    /** Delivers {@code before} bytes, then times out once, as a socket with SO_TIMEOUT does, then the rest. */
    private static final class TimeoutOnce extends InputStream {
        private final byte[] bytes;
        private final int before;
        private int position;
        private boolean timedOut;

        TimeoutOnce(byte[] bytes, int before) {
            this.bytes = bytes;
            this.before = before;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] target, int offset, int length) throws IOException {
            if (position >= bytes.length) {
                return -1;
            }
            if (position == before && !timedOut) {
                timedOut = true;
                throw new SocketTimeoutException("Read timed out");
            }
            int limit = position < before ? before : bytes.length;
            int n = Math.min(length, limit - position);
            System.arraycopy(bytes, position, target, offset, n);
            position += n;
            return n;
        }
    }
}
