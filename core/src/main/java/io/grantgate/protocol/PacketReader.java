package io.grantgate.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * Reads packets from a stream: whole logical packets, reassembled from their frames, or single
 * frames for a relay that forwards them as they come. Either way the reader enforces the maximum
 * logical packet size from the headers alone, before it reads or allocates the payload, and checks
 * that the frames of one logical packet carry consecutive sequence ids. Within the limit, the buffer
 * grows with the payload bytes received, not with the length a header announces.
 *
 * <p>An end of stream between packets is reported by returning {@code false}; one inside a packet is
 * a {@link TruncatedPacketException}. Not thread-safe; one reader per connection direction.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_packets.html">MySQL Packets</a>
 */
public final class PacketReader {

    /** The least a payload buffer grows by while a long frame arrives. */
    private static final int MIN_GROWTH = 64 * 1024;

    /** Sequence id placeholder for "whatever the first frame says". */
    public static final int ANY_SEQUENCE_ID = -1;

    private final InputStream in;
    private final int maxPacketSize;
    private final byte[] header = new byte[PacketHeader.SIZE];

    // frame mode: the logical packet the last frame belongs to, while it continues
    private boolean midPacket;
    private long packetLength;
    private int nextFrameSequenceId;
    private int frameSequenceId;
    private int frameRemaining;

    /** @param maxPacketSize the longest logical payload accepted, like max_allowed_packet */
    public PacketReader(InputStream in, int maxPacketSize) {
        this.in = Objects.requireNonNull(in, "in");
        if (maxPacketSize < 1) {
            throw new IllegalArgumentException("maxPacketSize must be positive");
        }
        this.maxPacketSize = maxPacketSize;
    }

    /** Reads one logical packet into {@code into}; false when the stream ended before it began. */
    public boolean read(PacketBuffer into) throws IOException {
        return read(into, ANY_SEQUENCE_ID);
    }

    /**
     * Reads one logical packet whose first frame must carry {@code expectedSequenceId}, or any id
     * for {@link #ANY_SEQUENCE_ID}. False when the stream ended before the packet began.
     */
    public boolean read(PacketBuffer into, int expectedSequenceId) throws IOException {
        if (midPacket) {
            throw new IllegalStateException("a frame-by-frame read is in the middle of a packet");
        }
        if (!readHeader(true)) {
            return false;
        }
        int sequenceId = checkFirst(expectedSequenceId);
        into.start(sequenceId);
        long total = 0;
        while (true) {
            int frameLength = PacketHeader.lengthAt(header, 0);
            total += frameLength;
            checkSize(total);
            readPayload(into, frameLength);
            into.appended(frameLength, header[3] & 0xFF, false);
            if (frameLength < PacketHeader.MAX_PAYLOAD_LENGTH) {
                return true;
            }
            readHeader(false);
            checkSequence(PacketHeader.next(into.lastSequenceId()));
        }
    }

    /**
     * Reads exactly one frame into {@code into}, replacing its contents. {@link PacketBuffer#continued()}
     * tells whether the logical packet goes on in the next frame. The size limit applies to the
     * logical packet, summed over its frames. False when the stream ended between packets.
     */
    public boolean readFrame(PacketBuffer into) throws IOException {
        int frameLength = beginFrame();
        if (frameLength < 0) {
            return false;
        }
        into.start(frameSequenceId);
        readPayload(into, frameLength);
        frameRemaining = 0;
        into.appended(frameLength, frameSequenceId, frameLength == PacketHeader.MAX_PAYLOAD_LENGTH);
        return true;
    }

    /**
     * Starts streaming the next frame: reads and checks its header as {@link #readFrame} does and
     * returns its payload length, or -1 when the stream ended between packets. The caller then reads
     * the payload with {@link #readFramePayload} in pieces of its choosing, so that a relay needs no
     * buffer the size of a frame (up to 16 MiB).
     */
    public int beginFrame() throws IOException {
        if (frameRemaining != 0) {
            throw new IllegalStateException(frameRemaining + " bytes of the previous frame were not read");
        }
        if (!readHeader(!midPacket)) {
            return -1;
        }
        int frameLength = PacketHeader.lengthAt(header, 0);
        int sequenceId = header[3] & 0xFF;
        if (midPacket) {
            checkSequence(nextFrameSequenceId);
            packetLength += frameLength;
        } else {
            packetLength = frameLength;
        }
        checkSize(packetLength);
        midPacket = frameLength == PacketHeader.MAX_PAYLOAD_LENGTH;
        nextFrameSequenceId = PacketHeader.next(sequenceId);
        frameSequenceId = sequenceId;
        frameRemaining = frameLength;
        return frameLength;
    }

    /** The sequence id of the frame {@link #beginFrame} started. */
    public int frameSequenceId() {
        return frameSequenceId;
    }

    /** Reads exactly {@code length} more bytes of the frame {@link #beginFrame} started. */
    public void readFramePayload(byte[] target, int offset, int length) throws IOException {
        if (length > frameRemaining) {
            throw new IllegalArgumentException(
                    "only " + frameRemaining + " bytes of the frame are left, not " + length);
        }
        int read = readFully(target, offset, length);
        if (read < length) {
            throw new TruncatedPacketException("a payload", frameRemaining, read);
        }
        frameRemaining -= length;
    }

    private int checkFirst(int expectedSequenceId) throws PacketOutOfOrderException {
        int sequenceId = header[3] & 0xFF;
        if (expectedSequenceId != ANY_SEQUENCE_ID && sequenceId != expectedSequenceId) {
            throw new PacketOutOfOrderException(expectedSequenceId, sequenceId);
        }
        return sequenceId;
    }

    private void checkSequence(int expected) throws PacketOutOfOrderException {
        int actual = header[3] & 0xFF;
        if (actual != expected) {
            throw new PacketOutOfOrderException(expected, actual);
        }
    }

    private void checkSize(long length) throws PacketTooLargeException {
        if (length > maxPacketSize) {
            throw new PacketTooLargeException(length, maxPacketSize);
        }
    }

    private boolean readHeader(boolean endAllowed) throws IOException {
        int read = readFully(header, 0, PacketHeader.SIZE);
        if (read == PacketHeader.SIZE) {
            return true;
        }
        if (read == 0 && endAllowed) {
            return false;
        }
        throw new TruncatedPacketException("a packet header", PacketHeader.SIZE, read);
    }

    /**
     * Reads a frame's payload into the buffer, which grows with the bytes as they arrive and at most
     * doubles what it holds per step: a header costs the peer four bytes, so the length it claims
     * must not become an allocation before the bytes are there.
     */
    private void readPayload(PacketBuffer into, int frameLength) throws IOException {
        int start = into.length();
        int read = 0;
        while (read < frameLength) {
            int step = Math.min(frameLength - read, Math.max(MIN_GROWTH, start + read));
            into.ensureRoom(read + step);
            int n = in.read(into.array(), start + read, Math.min(frameLength, into.array().length - start) - read);
            if (n < 0) {
                throw new TruncatedPacketException("a payload", frameLength, read);
            }
            read += n;
        }
    }

    /** Reads until {@code length} bytes or the end of the stream; returns how many it got. */
    private int readFully(byte[] target, int offset, int length) throws IOException {
        int total = 0;
        while (total < length) {
            int n = in.read(target, offset + total, length - total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }
}
