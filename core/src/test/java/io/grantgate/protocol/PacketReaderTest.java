package io.grantgate.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PacketReaderTest {

    private static final int MAX = PacketHeader.MAX_PAYLOAD_LENGTH;

    @Test
    void readsConsecutivePacketsIntoOneReusedBuffer() throws Exception {
        PacketReader reader = reader(Hex.bytes("""
                01 00 00 00  0e                  # COM_PING, sequence 0
                07 00 00 01  00 00 00 02 00 00 00  # OK, sequence 1
                """), 1024);
        PacketBuffer buffer = new PacketBuffer(16);

        assertThat(reader.read(buffer)).isTrue();
        assertThat(buffer.toByteArray()).isEqualTo(Hex.bytes("0e"));
        assertThat(buffer.sequenceId()).isZero();
        assertThat(reader.read(buffer, 1)).isTrue();
        assertThat(buffer.toByteArray()).isEqualTo(Hex.bytes("00 00 00 02 00 00 00"));
        assertThat(buffer.firstByte()).isZero();
        assertThat(reader.read(buffer)).isFalse();
    }

    @Test
    void aHeaderAloneDoesNotAllocateTheLengthItClaims() {
        // found by PacketFramingFuzzTest: four bytes used to make the reader allocate 16 MiB
        PacketReader reader = reader(Hex.bytes("ff ff ff 00  01 02 03"), 64 << 20);
        PacketBuffer buffer = new PacketBuffer(16);

        assertThatThrownBy(() -> reader.read(buffer)).isInstanceOf(TruncatedPacketException.class);
        assertThat(buffer.array().length).isLessThanOrEqualTo(128 * 1024);
    }

    @Test
    void joinsTheFramesOfAPacketOver16MiB() throws Exception {
        byte[] payload = pattern(MAX + 10);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.write(frame(Arrays.copyOf(payload, MAX), 3)); // ff ff ff 03 + 16 MiB - 1
        wire.write(frame(Arrays.copyOfRange(payload, MAX, payload.length), 4)); // 0a 00 00 04 + 10 bytes
        PacketBuffer buffer = new PacketBuffer();

        assertThat(reader(wire.toByteArray(), 32 << 20).read(buffer, 3)).isTrue();

        assertThat(buffer.length()).isEqualTo(payload.length);
        assertThat(buffer.toByteArray()).isEqualTo(payload);
        assertThat(buffer.sequenceId()).isEqualTo(3);
        assertThat(buffer.lastSequenceId()).isEqualTo(4);
    }

    @Test
    void aPayloadOfExactly16MiBMinusOneEndsWithAnEmptyFrame() throws Exception {
        byte[] payload = pattern(MAX);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.write(frame(payload, 255));
        wire.write(Hex.bytes("00 00 00 00")); // empty frame, sequence wrapped to 0
        wire.write(Hex.bytes("01 00 00 01 0e")); // the next packet must not be swallowed
        PacketReader reader = reader(wire.toByteArray(), 32 << 20);
        PacketBuffer buffer = new PacketBuffer();

        assertThat(reader.read(buffer)).isTrue();
        assertThat(buffer.length()).isEqualTo(MAX);
        assertThat(buffer.lastSequenceId()).isZero();
        assertThat(reader.read(buffer)).isTrue();
        assertThat(buffer.toByteArray()).isEqualTo(Hex.bytes("0e"));
    }

    @Test
    void refusesAPacketOverTheLimitBeforeReadingItsPayload() {
        // only the header is there: a reader that tried to read the payload would report truncation
        PacketReader reader = reader(Hex.bytes("00 10 00 00"), 4095);

        assertThatThrownBy(() -> reader.read(new PacketBuffer()))
                .isInstanceOfSatisfying(PacketTooLargeException.class, e -> {
                    assertThat(e.length()).isEqualTo(4096);
                    assertThat(e.limit()).isEqualTo(4095);
                    assertThat(e.error().code()).isEqualTo(1153);
                });
    }

    @Test
    void theLimitAppliesToTheWholePacketNotEachFrame() throws Exception {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.write(frame(pattern(MAX), 0));
        wire.write(Hex.bytes("02 00 00 01")); // two more bytes announced, none sent
        int limit = MAX + 1;

        assertThatThrownBy(() -> reader(wire.toByteArray(), limit).read(new PacketBuffer()))
                .isInstanceOf(PacketTooLargeException.class);
        assertThatThrownBy(() -> {
                    PacketReader frames = reader(wire.toByteArray(), limit);
                    PacketBuffer buffer = new PacketBuffer();
                    frames.readFrame(buffer);
                    frames.readFrame(buffer);
                })
                .isInstanceOf(PacketTooLargeException.class);
    }

    @Test
    void aStreamThatEndsInsideAPacketIsTruncated() {
        assertThatThrownBy(() -> reader(Hex.bytes("05 00"), 1024).read(new PacketBuffer()))
                .isInstanceOf(TruncatedPacketException.class)
                .hasMessageContaining("header");
        assertThatThrownBy(() -> reader(Hex.bytes("05 00 00 00 01 02"), 1024).read(new PacketBuffer()))
                .isInstanceOfSatisfying(
                        TruncatedPacketException.class,
                        e -> assertThat(e.error().code()).isEqualTo(1158));
    }

    @Test
    void checksSequenceIds() throws Exception {
        assertThatThrownBy(() -> reader(Hex.bytes("01 00 00 05 0e"), 1024).read(new PacketBuffer(), 0))
                .isInstanceOfSatisfying(
                        PacketOutOfOrderException.class,
                        e -> assertThat(e.error().code()).isEqualTo(1156));

        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.write(frame(pattern(MAX), 0));
        wire.write(Hex.bytes("00 00 00 07")); // continuation must be sequence 1
        assertThatThrownBy(() -> reader(wire.toByteArray(), 32 << 20).read(new PacketBuffer()))
                .isInstanceOf(PacketOutOfOrderException.class);
    }

    @Test
    void readsFramesOneByOneForARelay() throws Exception {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.write(frame(pattern(MAX), 1));
        wire.write(Hex.bytes("01 00 00 02 aa"));
        wire.write(Hex.bytes("00 00 00 03")); // an empty packet of its own
        PacketReader reader = reader(wire.toByteArray(), 32 << 20);
        PacketBuffer buffer = new PacketBuffer();

        assertThat(reader.readFrame(buffer)).isTrue();
        assertThat(buffer.length()).isEqualTo(MAX);
        assertThat(buffer.continued()).isTrue();
        assertThat(reader.readFrame(buffer)).isTrue();
        assertThat(buffer.toByteArray()).isEqualTo(Hex.bytes("aa"));
        assertThat(buffer.continued()).isFalse();
        assertThat(reader.readFrame(buffer)).isTrue();
        assertThat(buffer.length()).isZero();
        assertThat(buffer.sequenceId()).isEqualTo(3);
        assertThat(reader.readFrame(buffer)).isFalse();
    }

    @Test
    void streamsAFramesPayloadInPiecesOfTheCallersChoosing() throws Exception {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.write(Hex.bytes("05 00 00 07 01 02 03 04 05"));
        wire.write(Hex.bytes("02 00 00 08 0a 0b"));
        PacketReader reader = reader(wire.toByteArray(), 1024);
        byte[] piece = new byte[3];

        assertThat(reader.beginFrame()).isEqualTo(5);
        assertThat(reader.frameSequenceId()).isEqualTo(7);
        assertThatThrownBy(reader::beginFrame)
                .as("the rest of the frame is still unread")
                .isInstanceOf(IllegalStateException.class);
        reader.readFramePayload(piece, 0, 3);
        assertThat(piece).containsExactly(1, 2, 3);
        assertThatThrownBy(() -> reader.readFramePayload(piece, 0, 3)).isInstanceOf(IllegalArgumentException.class);
        reader.readFramePayload(piece, 1, 2);
        assertThat(piece).containsExactly(1, 4, 5);
        assertThat(reader.beginFrame()).isEqualTo(2);
        assertThat(reader.frameSequenceId()).isEqualTo(8);
        reader.readFramePayload(piece, 0, 2);
        assertThat(reader.beginFrame()).as("end of stream between packets").isEqualTo(-1);
    }

    @Test
    void aStreamedFrameCutShortIsTruncatedAndTheSizeLimitHoldsFromTheHeader() throws Exception {
        PacketReader cut = reader(Hex.bytes("05 00 00 00 01 02"), 1024);
        assertThat(cut.beginFrame()).isEqualTo(5);
        assertThatThrownBy(() -> cut.readFramePayload(new byte[5], 0, 5)).isInstanceOf(TruncatedPacketException.class);

        PacketReader tooLarge = reader(Hex.bytes("00 08 00 00 01"), 1024);
        assertThatThrownBy(tooLarge::beginFrame).isInstanceOf(PacketTooLargeException.class);
    }

    @Test
    void aStreamThatEndsBetweenTheFramesOfOnePacketIsTruncated() throws Exception {
        PacketReader reader = reader(frame(pattern(MAX), 0), 32 << 20);
        PacketBuffer buffer = new PacketBuffer();

        assertThat(reader.readFrame(buffer)).isTrue();
        assertThatThrownBy(() -> reader.readFrame(buffer)).isInstanceOf(TruncatedPacketException.class);
    }

    @Test
    void copesWithAStreamThatDeliversOneByteAtATime() throws Exception {
        InputStream trickle = new ByteArrayInputStream(Hex.bytes("03 00 00 00 61 62 63")) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(1, len));
            }
        };
        PacketBuffer buffer = new PacketBuffer();

        assertThat(new PacketReader(trickle, 1024).read(buffer)).isTrue();
        assertThat(buffer.toByteArray()).isEqualTo(Hex.bytes("61 62 63"));
    }

    static PacketReader reader(byte[] wire, int maxPacketSize) {
        return new PacketReader(new ByteArrayInputStream(wire), maxPacketSize);
    }

    static byte[] frame(byte[] payload, int sequenceId) {
        byte[] frame = new byte[PacketHeader.SIZE + payload.length];
        PacketHeader.encode(payload.length, sequenceId, frame, 0);
        System.arraycopy(payload, 0, frame, PacketHeader.SIZE, payload.length);
        return frame;
    }

    static byte[] pattern(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 31 + 7);
        }
        return bytes;
    }
}
