package io.grantgate.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class PacketStreamsTest {

    private static final PacketStreams.BufferSizes SMALL = new PacketStreams.BufferSizes(16, 8, 64);

    /** Two packets: "ab" at sequence id 0, "c" at sequence id 1. */
    private static final byte[] TWO_PACKETS = {2, 0, 0, 0, 'a', 'b', 1, 0, 0, 1, 'c'};

    @Test
    void bytesPutBackAreReadBeforeWhatTheConnectionDeliversNext() throws IOException {
        PacketStreams streams = new PacketStreams(
                new ByteArrayInputStream(TWO_PACKETS, 6, 5), new ByteArrayOutputStream(), 1024, SMALL);
        streams.unread(java.util.Arrays.copyOf(TWO_PACKETS, 6));
        PacketBuffer packet = new PacketBuffer();

        assertThat(streams.reader().read(packet, 0)).isTrue();
        assertThat(new String(packet.array(), 0, packet.length())).isEqualTo("ab");
        assertThat(streams.reader().read(packet, 1)).isTrue();
        assertThat(new String(packet.array(), 0, packet.length())).isEqualTo("c");
        assertThat(streams.reader().read(packet)).isFalse();
    }

    @Test
    void drainingTakesWhatWasReceivedButNotRead() throws IOException {
        PacketStreams streams =
                new PacketStreams(new ByteArrayInputStream(TWO_PACKETS), new ByteArrayOutputStream(), 1024, SMALL);
        assertThat(streams.reader().read(new PacketBuffer(), 0)).isTrue();

        assertThat(streams.drainBuffered()).containsExactly(1, 0, 0, 1, 'c');
        assertThat(streams.drainBuffered()).isEmpty();
    }

    @Test
    void attachingNewStreamsDropsTheOldBuffersAndWritesToTheNewOnes() throws IOException {
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        PacketStreams streams = new PacketStreams(new ByteArrayInputStream(TWO_PACKETS), plain, 1024, SMALL);
        streams.in().read();

        ByteArrayOutputStream upgraded = new ByteArrayOutputStream();
        streams.attach(new ByteArrayInputStream(new byte[] {1, 0, 0, 0, 'z'}), upgraded);
        PacketBuffer packet = new PacketBuffer();
        assertThat(streams.reader().read(packet, 0)).isTrue();
        assertThat(packet.firstByte()).isEqualTo('z');
        streams.writer().write(3, new byte[] {'y'});
        streams.writer().flush();

        assertThat(upgraded.toByteArray()).containsExactly(1, 0, 0, 3, 'y');
        assertThat(plain.toByteArray()).isEmpty();
    }
}
