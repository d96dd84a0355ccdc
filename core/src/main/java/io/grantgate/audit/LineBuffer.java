package io.grantgate.audit;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/**
 * The bytes of the lines the writer has serialised but not yet written: a byte array output stream
 * whose array can be MACed and written in place, and cut back when a record must be taken out again.
 * Not thread-safe.
 */
final class LineBuffer extends ByteArrayOutputStream {

    LineBuffer(int initialCapacity) {
        super(initialCapacity);
    }

    /** The backing array: valid from 0 to {@link #size()}, until the next write. */
    byte[] array() {
        return buf;
    }

    /** Forgets everything after the first {@code length} bytes. */
    void truncate(int length) {
        if (length < 0 || length > count) {
            throw new IndexOutOfBoundsException(length);
        }
        count = length;
    }

    /** The content, for one write: valid until the next write. */
    ByteBuffer view() {
        return ByteBuffer.wrap(buf, 0, count);
    }
}
