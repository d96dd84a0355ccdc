package io.grantgate.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PacketWriterTest {

    private static final int MAX = PacketHeader.MAX_PAYLOAD_LENGTH;

    @Test
    void writesHeaderAndPayload() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int next = new PacketWriter(out).write(0, Hex.bytes("0e"));

        assertThat(out.toByteArray()).isEqualTo(Hex.bytes("01 00 00 00 0e"));
        assertThat(next).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0} bytes from sequence {1}: frames {2}")
    @CsvSource({
        "0, 0, 0", // an empty packet is one empty frame
        "1, 0, 1",
        "16777214, 0, 16777214",
        "16777215, 0, 16777215 0", // exactly full: an empty frame says it ended
        "16777216, 0, 16777215 1",
        "33554430, 0, 16777215 16777215 0",
        "16777215, 255, 16777215 0", // and the sequence id wraps on the way
    })
    void splitsAtSixteenMebibytesAndRoundTrips(int length, int sequenceId, String frameLengths) throws Exception {
        byte[] payload = PacketReaderTest.pattern(length);
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + 16);

        int next = new PacketWriter(out).write(sequenceId, payload);

        byte[] wire = out.toByteArray();
        List<String> frames = new ArrayList<>();
        int position = 0;
        int expectedSequence = sequenceId;
        while (position < wire.length) {
            PacketHeader header = PacketHeader.decode(wire, position);
            assertThat(header.sequenceId()).isEqualTo(expectedSequence);
            frames.add(String.valueOf(header.payloadLength()));
            expectedSequence = PacketHeader.next(expectedSequence);
            position += PacketHeader.SIZE + header.payloadLength();
        }
        assertThat(String.join(" ", frames)).isEqualTo(frameLengths);
        assertThat(next).isEqualTo(expectedSequence);

        PacketBuffer buffer = new PacketBuffer();
        PacketReader reader = new PacketReader(new ByteArrayInputStream(wire), 64 << 20);
        assertThat(reader.read(buffer, sequenceId)).isTrue();
        assertThat(buffer.length()).isEqualTo(length);
        assertThat(buffer.toByteArray()).isEqualTo(payload);
        assertThat(reader.read(buffer)).isFalse();
    }

    @Test
    void neverFlushesOnItsOwn() throws Exception {
        int[] flushes = {0};
        ByteArrayOutputStream out = new ByteArrayOutputStream() {
            @Override
            public void flush() {
                flushes[0]++;
            }
        };
        PacketWriter writer = new PacketWriter(out);

        writer.write(1, Hex.bytes("00 00 00 02 00 00 00"));
        writer.write(2, new PayloadWriter().writeInt1(0xFE).writeInt2(0).writeInt2(2));
        assertThat(flushes[0]).isZero();

        writer.flush();
        assertThat(flushes[0]).isEqualTo(1);
        assertThat(out.toByteArray())
                .isEqualTo(Hex.bytes("07 00 00 01 00 00 00 02 00 00 00  05 00 00 02 fe 00 00 02 00"));
    }
}
