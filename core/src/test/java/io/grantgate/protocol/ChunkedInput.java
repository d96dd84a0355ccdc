package io.grantgate.protocol;

import java.io.InputStream;

/**
 * A stream that delivers its bytes in pieces of varying size, as a socket does, chosen by a seed:
 * so a fuzz input also fuzzes where the reads are cut. Never returns 0 bytes, as a blocking socket
 * does not.
 */
final class ChunkedInput extends InputStream {

    private final byte[] bytes;
    private int position;
    private int state;

    ChunkedInput(byte[] bytes, int seed) {
        this.bytes = bytes;
        this.state = seed;
    }

    @Override
    public int read() {
        return position < bytes.length ? bytes[position++] & 0xFF : -1;
    }

    @Override
    public int read(byte[] target, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        if (position >= bytes.length) {
            return -1;
        }
        state = state * 1103515245 + 12345;
        int piece = 1 + ((state >>> 16) & 0x3F);
        int n = Math.min(Math.min(piece, length), bytes.length - position);
        System.arraycopy(bytes, position, target, offset, n);
        position += n;
        return n;
    }

    @Override
    public int available() {
        return 0;
    }

    int consumed() {
        return position;
    }
}
