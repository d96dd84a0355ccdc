package io.grantgate.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import io.grantgate.protocol.PacketBuffer;
import io.grantgate.protocol.PacketStreams;
import io.grantgate.protocol.compress.CompressedFrameException;
import io.grantgate.protocol.compress.CompressedHeader;
import io.grantgate.protocol.compress.Compressor;
import io.grantgate.protocol.compress.ZlibCompressor;
import io.grantgate.protocol.constant.Capabilities;
import io.grantgate.protocol.constant.CapabilityFlag;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Which compressor a login gets, and zstd frames through the same streams as zlib's. */
class ClientCompressionTest {

    @Test
    void zlibWinsWhenAClientSetsBothAsMySqlDecides() {
        Capabilities both =
                Capabilities.of(CapabilityFlag.CLIENT_COMPRESS, CapabilityFlag.CLIENT_ZSTD_COMPRESSION_ALGORITHM);
        assertThat(ClientCompression.negotiated(both, OptionalInt.of(7))).get().isInstanceOf(ZlibCompressor.class);
        assertThat(ClientCompression.negotiated(
                        Capabilities.of(CapabilityFlag.CLIENT_ZSTD_COMPRESSION_ALGORITHM), OptionalInt.of(7)))
                .get()
                .isInstanceOfSatisfying(
                        ZstdCompressor.class, z -> assertThat(z.level()).isEqualTo(7));
        assertThat(ClientCompression.negotiated(
                        Capabilities.of(CapabilityFlag.CLIENT_PROTOCOL_41), OptionalInt.empty()))
                .isEmpty();
    }

    @Test
    void aZstdLevelOutsideMySqlsRangeTakesTheDefault() {
        assertThat(new ZstdCompressor(0).level()).isEqualTo(ZstdCompressor.DEFAULT_LEVEL);
        assertThat(new ZstdCompressor(23).level()).isEqualTo(ZstdCompressor.DEFAULT_LEVEL);
        assertThat(new ZstdCompressor(22).level()).isEqualTo(22);
    }

    @Test
    void zstdFramesRoundTripThroughThePacketStreams() throws IOException {
        byte[] rows = "row of text, ".repeat(20_000).getBytes();
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        try (Compressor zstd = new ZstdCompressor(3)) {
            PacketStreams out = streams(new ByteArrayInputStream(new byte[0]), wire);
            out.compress(zstd);
            out.writer().write(1, rows);
            out.writer().flush();
        }
        byte[] sent = wire.toByteArray();
        assertThat(sent.length).isLessThan(rows.length / 20);
        // the first frame is a zstd frame that zstd itself reads back
        CompressedHeader first = CompressedHeader.decode(sent, 0);
        assertThat(Zstd.decompressedSize(sent, CompressedHeader.SIZE, first.payloadLength()))
                .isEqualTo(first.uncompressedLength());

        try (Compressor zstd = new ZstdCompressor(3)) {
            PacketStreams in = streams(new ByteArrayInputStream(sent), new ByteArrayOutputStream());
            in.compress(zstd);
            PacketBuffer packet = new PacketBuffer(16);
            assertThat(in.reader().read(packet, 1)).isTrue();
            assertThat(Arrays.copyOf(packet.array(), packet.length())).isEqualTo(rows);
        }
    }

    @Test
    void zstdDataThatDecompressesBeyondItsDeclaredLengthIsRefused() {
        byte[] big = Zstd.compress(new byte[1 << 20]);
        try (Compressor zstd = new ZstdCompressor(3)) {
            assertThatThrownBy(() -> zstd.decompress(big, 0, big.length, new byte[1000], 1000))
                    .isInstanceOf(CompressedFrameException.class);
            byte[] garbage = {1, 2, 3, 4, 5, 6, 7, 8};
            assertThatThrownBy(() -> zstd.decompress(garbage, 0, garbage.length, new byte[100], 100))
                    .isInstanceOf(CompressedFrameException.class);
        }
    }

    private static PacketStreams streams(ByteArrayInputStream in, ByteArrayOutputStream out) {
        return new PacketStreams(in, out, 64 << 20, new PacketStreams.BufferSizes(8192, 1024, 65536));
    }
}
