package io.grantgate.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.grantgate.testing.FuzzInput;
import io.grantgate.testing.FuzzSeeds;
import io.grantgate.testing.FuzzSeeds.Seed;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Packet framing and reassembly from a peer's bytes: {@link PacketReader} in its three modes over
 * {@link PacketStreams} and {@link BufferedInput}. Whatever arrives, a read returns packets or
 * throws a {@link ProtocolException}; the three modes agree; what was read writes back as the same
 * bytes; and the buffer grows with the bytes received, never with the length a header claims.
 */
class PacketFramingFuzzTest {

    /** The gateway's default limits.max-packet-size. */
    private static final int GATEWAY_LIMIT = 64 << 20;

    private static final int INITIAL_CAPACITY = 16;

    /**
     * What a buffer may hold for {@code received} bytes: a few times the bytes, plus one growth step.
     * A four-byte header claiming 16 MiB must cost far less than 16 MiB.
     */
    private static long allowedCapacity(int received) {
        return Math.max(INITIAL_CAPACITY, 4L * received + (256 << 10));
    }

    /** Input: limit selector, read-size seed, then the wire bytes. */
    @FuzzTest
    void packets(byte[] data) throws IOException {
        FuzzInput input = new FuzzInput(data);
        int selector = input.int1();
        int limit = (selector & 0x80) != 0 ? GATEWAY_LIMIT : 1 + (selector & 0x7F) * 16;
        int seed = input.int1();
        byte[] wire = input.rest();

        Outcome whole = readWhole(wire, limit, seed);
        Outcome frames = readFrames(wire, limit, seed, false);
        Outcome streamed = readFrames(wire, limit, seed, true);
        assertEquals(whole, frames, "whole packets and frame by frame");
        assertEquals(whole, streamed, "whole packets and streamed frames");
        if (whole.failure() == null) {
            assertArrayEquals(wire, rewrite(whole.packets()), "packets written back");
        }
    }

    /** Input: buffer size, operation count, operations, then the stream's bytes. */
    @FuzzTest
    void bufferedInput(byte[] data) throws IOException {
        FuzzInput input = new FuzzInput(data);
        int size = 1 + input.int1() % 64;
        byte[] operations = input.bytes(input.int1());
        byte[] source = input.rest();
        BufferedInput in = new BufferedInput(new ChunkedInput(source, size), size);
        Deque<Byte> expected = new ArrayDeque<>();
        for (byte b : source) {
            expected.add(b);
        }
        List<Byte> recentlyRead = new ArrayList<>();
        for (byte operation : operations) {
            int op = operation & 0xFF;
            switch (op % 4) {
                case 0 -> {
                    int b = in.read();
                    assertEquals(expected.isEmpty() ? -1 : expected.poll() & 0xFF, b, "read()");
                    if (b >= 0) {
                        recentlyRead.add((byte) b);
                    }
                }
                case 1 -> {
                    byte[] target = new byte[1 + op / 4];
                    int n = in.read(target, 0, target.length);
                    assertEquals(expected.isEmpty(), n < 0, "end of stream with " + expected.size() + " bytes left");
                    assertTrue(n != 0, "a read of at least one byte returned 0");
                    for (int i = 0; i < n; i++) {
                        assertEquals(expected.poll(), target[i], "read(byte[]) byte " + i);
                        recentlyRead.add(target[i]);
                    }
                }
                case 2 -> {
                    // a hand-over to a relay loop and back: what was buffered comes back first
                    byte[] taken = in.takeBuffered();
                    in.unread(taken);
                }
                default -> {
                    int count = Math.min(recentlyRead.size(), op / 4);
                    byte[] back = new byte[count];
                    for (int i = count - 1; i >= 0; i--) {
                        back[i] = recentlyRead.removeLast();
                        expected.addFirst(back[i]);
                    }
                    in.unread(back);
                }
            }
        }
        byte[] rest = in.readAllBytes();
        assertEquals(expected.size(), rest.length, "bytes left");
        for (byte b : rest) {
            assertEquals(expected.poll(), b);
        }
    }

    /** What a read of the whole input gave: the packets, and the exception that ended it, if any. */
    record Outcome(List<Packet> packets, Class<? extends ProtocolException> failure) {}

    /** A logical packet: its first frame's sequence id and its payload. */
    record Packet(int sequenceId, List<Byte> payload) {
        static Packet of(int sequenceId, byte[] array, int length) {
            List<Byte> bytes = new ArrayList<>(length);
            for (int i = 0; i < length; i++) {
                bytes.add(array[i]);
            }
            return new Packet(sequenceId, bytes);
        }
    }

    private static Outcome readWhole(byte[] wire, int limit, int seed) throws IOException {
        ChunkedInput source = new ChunkedInput(wire, seed);
        PacketStreams streams = new PacketStreams(
                source, OutputStream.nullOutputStream(), limit, new PacketStreams.BufferSizes(1 + seed % 32, 16, 64));
        PacketBuffer buffer = new PacketBuffer(INITIAL_CAPACITY);
        List<Packet> packets = new ArrayList<>();
        try {
            while (streams.reader().read(buffer)) {
                assertTrue(buffer.length() <= limit, "a packet over the limit was returned");
                checkCapacity(buffer, source);
                packets.add(Packet.of(buffer.sequenceId(), buffer.array(), buffer.length()));
                if ((seed & 1) != 0) {
                    // the session hands the connection to a relay loop and takes it back
                    streams.unread(streams.drainBuffered());
                }
            }
            return new Outcome(packets, null);
        } catch (ProtocolException e) {
            checkCapacity(buffer, source);
            return new Outcome(packets, e.getClass());
        }
    }

    /** Frame by frame, with {@code readFrame} or with {@code beginFrame} and pieces of the payload. */
    private static Outcome readFrames(byte[] wire, int limit, int seed, boolean streamed) throws IOException {
        ChunkedInput source = new ChunkedInput(wire, seed);
        PacketReader reader = new PacketReader(new BufferedInput(source, 1 + seed % 32), limit);
        PacketBuffer frame = new PacketBuffer(INITIAL_CAPACITY);
        List<Packet> packets = new ArrayList<>();
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        int firstSequenceId = -1;
        try {
            while (true) {
                boolean continued;
                int sequenceId;
                if (streamed) {
                    int length = reader.beginFrame();
                    if (length < 0) {
                        break;
                    }
                    sequenceId = reader.frameSequenceId();
                    byte[] piece = new byte[1 + seed % 200];
                    for (int left = length; left > 0; ) {
                        int n = Math.min(left, piece.length);
                        reader.readFramePayload(piece, 0, n);
                        packet.write(piece, 0, n);
                        left -= n;
                    }
                    continued = length == PacketHeader.MAX_PAYLOAD_LENGTH;
                } else {
                    if (!reader.readFrame(frame)) {
                        break;
                    }
                    checkCapacity(frame, source);
                    sequenceId = frame.sequenceId();
                    packet.write(frame.array(), 0, frame.length());
                    continued = frame.continued();
                }
                if (firstSequenceId < 0) {
                    firstSequenceId = sequenceId;
                }
                if (!continued) {
                    byte[] payload = packet.toByteArray();
                    packets.add(Packet.of(firstSequenceId, payload, payload.length));
                    packet.reset();
                    firstSequenceId = -1;
                }
            }
            return new Outcome(packets, null);
        } catch (ProtocolException e) {
            return new Outcome(packets, e.getClass());
        }
    }

    private static void checkCapacity(PacketBuffer buffer, ChunkedInput source) {
        assertTrue(
                buffer.array().length <= allowedCapacity(source.consumed()),
                "buffer of " + buffer.array().length + " bytes after receiving " + source.consumed());
    }

    private static byte[] rewrite(List<Packet> packets) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PacketWriter writer = new PacketWriter(out);
        for (Packet packet : packets) {
            byte[] payload = new byte[packet.payload().size()];
            for (int i = 0; i < payload.length; i++) {
                payload[i] = packet.payload().get(i);
            }
            writer.write(packet.sequenceId(), payload);
        }
        return out.toByteArray();
    }

    @Test
    void seedCorpusIsCommitted() {
        assertEquals(List.of(), FuzzSeeds.writeOrCompare(Path.of("src/test/resources"), getClass(), seeds()));
    }

    /** Every recorded exchange as it crossed the wire, and the edges of the framing. */
    static List<Seed> seeds() {
        List<Seed> seeds = new ArrayList<>();
        ExchangeFixture.all().forEach(fixture -> {
            ByteArrayOutputStream wire = new ByteArrayOutputStream();
            wire.write(0x80); // the gateway's limit
            wire.write(fixture.name().length());
            fixture.frames().forEach(frame -> wire.writeBytes(frame.bytes()));
            seeds.add(new Seed("packets", fixture.name(), wire.toByteArray()));
        });
        seeds.add(new Seed("packets", "empty-packet", Hex.bytes("80 01  00 00 00 00")));
        seeds.add(new Seed("packets", "header-cut", Hex.bytes("80 02  05 00")));
        seeds.add(new Seed("packets", "payload-cut", Hex.bytes("80 03  05 00 00 00 01 02")));
        seeds.add(new Seed("packets", "over-small-limit", Hex.bytes("00 04  20 00 00 00 01 02 03")));
        seeds.add(new Seed("packets", "claims-16-mib", Hex.bytes("80 05  ff ff ff 00 01 02 03 04")));
        seeds.add(new Seed("packets", "continuation-cut", Hex.bytes("80 06  ff ff ff 07 41 42 43")));
        seeds.add(new Seed("packets", "wrapping-ids", Hex.bytes("80 07  01 00 00 ff 0e 01 00 00 00 0e")));
        seeds.add(new Seed(
                "bufferedInput", "reads", Hex.bytes("08 06  00 05 09 0e 03 27  01 02 03 04 05 06 07 08 09 0a")));
        seeds.add(new Seed("bufferedInput", "hand-over", Hex.bytes("03 05  00 02 0b 02 01  61 62 63 64 65 66")));
        return seeds;
    }
}
