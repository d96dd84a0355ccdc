package io.grantgate.protocol.compress;

import io.grantgate.protocol.PacketHeader;
import java.util.Objects;

/**
 * The seven bytes before every compressed frame: int&lt;3&gt; length of the payload as it travels,
 * int&lt;1&gt; compressed sequence id, int&lt;3&gt; length of the payload before compression, where 0
 * says it travels as it is (short payloads, and those compression would not shrink).
 *
 * <p>The compressed sequence id counts frames, not packets: it is reset where packet sequence ids
 * are (at each command) but goes up once per frame, whatever the frame holds.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_compression_packet.html">MySQL: Compressed Packet</a>
 */
public record CompressedHeader(int payloadLength, int sequenceId, int uncompressedLength) {

    /** Bytes in a header. */
    public static final int SIZE = 7;

    /** The most either length field holds, 2^24 - 1. */
    public static final int MAX_LENGTH = PacketHeader.MAX_PAYLOAD_LENGTH;

    /** The uncompressed length that says the payload is not compressed. */
    public static final int NOT_COMPRESSED = 0;

    /**
     * Payloads shorter than this go as they are, as libmysql and the server send them
     * (MIN_COMPRESS_LENGTH): compressing them costs more than it saves.
     */
    public static final int MIN_COMPRESS_LENGTH = 50;

    private static final int UNCOMPRESSED_LENGTH_OFFSET = 4;

    public CompressedHeader {
        Objects.checkIndex(payloadLength, MAX_LENGTH + 1);
        Objects.checkIndex(sequenceId, 256);
        Objects.checkIndex(uncompressedLength, MAX_LENGTH + 1);
    }

    /** The header at {@code offset} in {@code source}. */
    public static CompressedHeader decode(byte[] source, int offset) {
        return new CompressedHeader(
                PacketHeader.lengthAt(source, offset),
                PacketHeader.sequenceIdAt(source, offset),
                PacketHeader.lengthAt(source, offset + UNCOMPRESSED_LENGTH_OFFSET));
    }

    /** Writes the seven header bytes into {@code target} at {@code offset}. */
    public static void encode(int payloadLength, int sequenceId, int uncompressedLength, byte[] target, int offset) {
        PacketHeader.encode(payloadLength, sequenceId, target, offset);
        target[offset + UNCOMPRESSED_LENGTH_OFFSET] = (byte) uncompressedLength;
        target[offset + UNCOMPRESSED_LENGTH_OFFSET + 1] = (byte) (uncompressedLength >>> 8);
        target[offset + UNCOMPRESSED_LENGTH_OFFSET + 2] = (byte) (uncompressedLength >>> 16);
    }

    /** True when the payload is compressed and inflates to {@link #uncompressedLength}. */
    public boolean compressed() {
        return uncompressedLength != NOT_COMPRESSED;
    }

    /**
     * {@code payload} as one uncompressed frame: for bytes another thread sends while the session's
     * own output is idle (the backend's last packet), which must not touch the session's compressor.
     */
    public static byte[] uncompressedFrame(int sequenceId, byte[] payload) {
        byte[] frame = new byte[SIZE + payload.length];
        encode(payload.length, sequenceId, NOT_COMPRESSED, frame, 0);
        System.arraycopy(payload, 0, frame, SIZE, payload.length);
        return frame;
    }
}
