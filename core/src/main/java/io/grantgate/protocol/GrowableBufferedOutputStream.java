package io.grantgate.protocol;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * A buffered output stream whose buffer starts small and grows, by doubling, up to a maximum only
 * when a response needs it. The JDK's {@code BufferedOutputStream(out, size)} allocates {@code size}
 * at once: with a buffer that may have to hold a large result's rows, every idle session would pay
 * for it. A write at least as large as the maximum goes straight through. Not thread-safe.
 */
public final class GrowableBufferedOutputStream extends OutputStream {

    private final OutputStream out;
    private final int maxSize;
    private byte[] buffer;
    private int count;

    public GrowableBufferedOutputStream(OutputStream out, int initialSize, int maxSize) {
        this.out = Objects.requireNonNull(out, "out");
        if (initialSize < 1 || maxSize < initialSize) {
            throw new IllegalArgumentException("need 0 < initialSize <= maxSize: " + initialSize + ", " + maxSize);
        }
        this.buffer = new byte[initialSize];
        this.maxSize = maxSize;
    }

    /** The buffer's current capacity, for tests and memory accounting. */
    public int capacity() {
        return buffer.length;
    }

    @Override
    public void write(int b) throws IOException {
        if (count == buffer.length && !grow(1)) {
            drain();
        }
        buffer[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len >= maxSize) {
            drain();
            out.write(b, off, len);
            return;
        }
        if (len > buffer.length - count && !grow(len)) {
            drain();
        }
        System.arraycopy(b, off, buffer, count, len);
        count += len;
    }

    /** Makes room for {@code len} more bytes if the maximum allows it; false when it does not. */
    private boolean grow(int len) {
        long needed = (long) count + len;
        if (needed > maxSize) {
            return false;
        }
        int size = buffer.length;
        while (size < needed) {
            size = Math.min(maxSize, size * 2);
        }
        buffer = Arrays.copyOf(buffer, size);
        return true;
    }

    private void drain() throws IOException {
        if (count > 0) {
            out.write(buffer, 0, count);
            count = 0;
        }
    }

    @Override
    public void flush() throws IOException {
        drain();
        out.flush();
    }

    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            out.close();
        }
    }
}
