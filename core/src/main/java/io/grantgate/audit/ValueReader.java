package io.grantgate.audit;

/**
 * Reads a slice of a relayed payload front to back: little-endian integers, length-encoded lengths,
 * and the positions of byte runs, which callers read in place rather than copy. Running past the end
 * throws {@link Undecodable}. Unlike {@code protocol.PayloadReader} it builds no message unless a
 * read fails, and it hands out array positions, because the audit decodes text straight from the
 * relay's buffer. One instance per decode, on the decoding thread.
 */
final class ValueReader {

    private final byte[] buffer;
    private final int start;
    private final int end;
    private int position;

    ValueReader(byte[] buffer, int offset, int length) {
        this.buffer = buffer;
        this.start = offset;
        this.end = offset + length;
        this.position = offset;
    }

    byte[] buffer() {
        return buffer;
    }

    int remaining() {
        return end - position;
    }

    int int1() {
        require(1, "a byte");
        return buffer[position++] & 0xFF;
    }

    /** An unsigned little-endian int of {@code size} bytes, 1 to 8; eight bytes come out as their 64 bits. */
    long fixed(int size) {
        require(size, size + "-byte integer");
        long value = 0;
        for (int i = 0; i < size; i++) {
            value |= (buffer[position + i] & 0xFFL) << (8 * i);
        }
        position += size;
        return value;
    }

    /** Skips {@code length} bytes and returns the array index of the first. */
    int take(int length) {
        require(length, length + " bytes");
        int first = position;
        position += length;
        return first;
    }

    /**
     * A length-encoded length that must fit in what is left. 0xFB (NULL) and 0xFF have no meaning
     * as a value's length: the client meant something else, so the audit stops rather than guess.
     */
    int lengthEncoded() {
        int first = int1();
        long length = switch (first) {
            case 0xFC -> fixed(2);
            case 0xFD -> fixed(3);
            case 0xFE -> fixed(8);
            case 0xFB, 0xFF -> throw failure("0x" + Integer.toHexString(first) + " is not a length");
            default -> first;
        };
        if (length < 0 || length > remaining()) {
            throw failure("a value of " + Long.toUnsignedString(length) + " bytes where " + remaining() + " are left");
        }
        return (int) length;
    }

    Undecodable failure(String problem) {
        return new Undecodable(problem + " at byte " + (position - start));
    }

    private void require(int length, String what) {
        if (length > end - position) {
            throw failure("truncated: " + what + " needed, " + (end - position) + " left");
        }
    }
}
