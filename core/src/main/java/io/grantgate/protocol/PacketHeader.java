package io.grantgate.protocol;

import java.util.Objects;

/**
 * The four bytes before every frame: int&lt;3&gt; payload length, little-endian, and int&lt;1&gt;
 * sequence id. A frame of exactly {@link #MAX_PAYLOAD_LENGTH} bytes does not end its logical
 * packet; the next frame continues it, even when that frame is empty.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_packets.html">MySQL Packets</a>
 * @see <a href="https://mariadb.com/docs/server/reference/clientserver-protocol/0-packet">MariaDB: 0 - Packet</a>
 */
public record PacketHeader(int payloadLength, int sequenceId) {

    /** Bytes in a header. */
    public static final int SIZE = 4;

    /** 2^24 - 1: the most one frame carries, and the length that says "continued". */
    public static final int MAX_PAYLOAD_LENGTH = 0xFFFFFF;

    public PacketHeader {
        Objects.checkIndex(payloadLength, MAX_PAYLOAD_LENGTH + 1);
        Objects.checkIndex(sequenceId, 256);
    }

    /** The header at {@code offset} in {@code source}. */
    public static PacketHeader decode(byte[] source, int offset) {
        return new PacketHeader(lengthAt(source, offset), source[offset + 3] & 0xFF);
    }

    /** The payload length of the header at {@code offset}, without allocating. */
    public static int lengthAt(byte[] source, int offset) {
        return (source[offset] & 0xFF) | (source[offset + 1] & 0xFF) << 8 | (source[offset + 2] & 0xFF) << 16;
    }

    /** The sequence id of the header at {@code offset}, without allocating. */
    public static int sequenceIdAt(byte[] source, int offset) {
        return source[offset + 3] & 0xFF;
    }

    /** Writes the four header bytes for a frame into {@code target} at {@code offset}. */
    public static void encode(int payloadLength, int sequenceId, byte[] target, int offset) {
        target[offset] = (byte) payloadLength;
        target[offset + 1] = (byte) (payloadLength >>> 8);
        target[offset + 2] = (byte) (payloadLength >>> 16);
        target[offset + 3] = (byte) sequenceId;
    }

    public byte[] encode() {
        byte[] bytes = new byte[SIZE];
        encode(payloadLength, sequenceId, bytes, 0);
        return bytes;
    }

    /** True when the next frame continues this one's logical packet. */
    public boolean continues() {
        return payloadLength == MAX_PAYLOAD_LENGTH;
    }

    /** The id after {@code sequenceId}; ids wrap from 255 to 0. */
    public static int next(int sequenceId) {
        return (sequenceId + 1) & 0xFF;
    }
}
