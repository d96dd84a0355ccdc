package io.grantgate.protocol;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Writes payloads as frames: split into 2^24 - 1 byte frames with consecutive sequence ids, and an
 * empty frame after a payload that is an exact multiple of that, so the reader knows it ended.
 *
 * <p>Never flushes by itself: the caller flushes once per response (or full buffer), not once per
 * packet, and wraps a socket stream in a buffered one. Not thread-safe.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_packets.html">MySQL Packets</a>
 */
public final class PacketWriter {

    private final OutputStream out;
    private final byte[] header = new byte[PacketHeader.SIZE];

    public PacketWriter(OutputStream out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    /** Writes {@code payload} starting at {@code sequenceId}; returns the id for the next packet. */
    public int write(int sequenceId, byte[] payload) throws IOException {
        return write(sequenceId, payload, 0, payload.length);
    }

    /** Writes what a {@link PayloadWriter} built; returns the id for the next packet. */
    public int write(int sequenceId, PayloadWriter payload) throws IOException {
        return write(sequenceId, payload.array(), 0, payload.size());
    }

    /** Writes part of an array as one logical packet; returns the id for the next packet. */
    public int write(int sequenceId, byte[] payload, int offset, int length) throws IOException {
        Objects.checkIndex(sequenceId, 256);
        Objects.checkFromIndexSize(offset, length, payload.length);
        int position = offset;
        int remaining = length;
        int sequence = sequenceId;
        while (true) {
            int frameLength = Math.min(remaining, PacketHeader.MAX_PAYLOAD_LENGTH);
            PacketHeader.encode(frameLength, sequence, header, 0);
            out.write(header);
            out.write(payload, position, frameLength);
            position += frameLength;
            remaining -= frameLength;
            sequence = PacketHeader.next(sequence);
            if (frameLength < PacketHeader.MAX_PAYLOAD_LENGTH) {
                return sequence;
            }
        }
    }

    public void flush() throws IOException {
        out.flush();
    }
}
