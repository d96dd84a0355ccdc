package io.grantgate.protocol;

import java.util.Arrays;

/**
 * A growable payload buffer that a {@link PacketReader} fills, one logical packet or one frame at a
 * time, and the caller reuses for the next: the relay path allocates nothing per packet. Mutable by
 * design; confine it to the connection's thread.
 */
public final class PacketBuffer {

    private byte[] array;
    private int length;
    private int sequenceId;
    private int lastSequenceId;
    private boolean continued;

    public PacketBuffer() {
        this(1024);
    }

    public PacketBuffer(int initialCapacity) {
        this.array = new byte[Math.max(16, initialCapacity)];
    }

    /** The backing array; the payload is its first {@link #length()} bytes. */
    public byte[] array() {
        return array;
    }

    public int length() {
        return length;
    }

    /** The sequence id of the (first) frame read. */
    public int sequenceId() {
        return sequenceId;
    }

    /** The sequence id of the last frame read; a reply continues from the id after it. */
    public int lastSequenceId() {
        return lastSequenceId;
    }

    /** For frame reads: true when the frame was full, so the next frame continues this packet. */
    public boolean continued() {
        return continued;
    }

    /** The payload's first byte as 0..255, or -1 for an empty payload. */
    public int firstByte() {
        return length == 0 ? -1 : array[0] & 0xFF;
    }

    public PayloadReader reader() {
        return new PayloadReader(array, 0, length);
    }

    /** A copy of the payload, for decoders that keep it. */
    public byte[] toByteArray() {
        return Arrays.copyOf(array, length);
    }

    void start(int sequenceId) {
        this.length = 0;
        this.sequenceId = sequenceId;
        this.lastSequenceId = sequenceId;
        this.continued = false;
    }

    /** Makes room for {@code more} bytes after the current payload. */
    void ensureRoom(int more) {
        long needed = (long) length + more;
        if (needed > array.length) {
            array = Arrays.copyOf(array, (int) Math.min(Math.max(needed, 2L * array.length), Integer.MAX_VALUE - 8));
        }
    }

    void appended(int count, int frameSequenceId, boolean frameFull) {
        length += count;
        lastSequenceId = frameSequenceId;
        continued = frameFull;
    }
}
