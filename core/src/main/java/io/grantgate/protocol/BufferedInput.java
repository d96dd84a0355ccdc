package io.grantgate.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * A connection's buffered input that can give up what it holds and take bytes back in front, so
 * that a session's reading can move between its thread and a relay loop without losing or
 * reordering a byte. {@link java.io.BufferedInputStream} cannot serve here: draining it with
 * {@code readNBytes(available())} refills its buffer on the way with whatever more the socket has
 * by then, bytes stranded in a buffer nobody reads once the loop reads the socket itself; and a
 * subclass of it takes a monitor on every read, which pins a virtual thread's carrier on JDK 21.
 *
 * <p>Not thread-safe: confined to the thread that reads the connection.
 */
public final class BufferedInput extends InputStream {

    private static final byte[] NONE = new byte[0];

    private final InputStream source;
    private final int size;
    /** Bytes [position, limit) are received and not read; allocated at the first fill, so an idle connection holds none. */
    private byte[] buffer = NONE;

    private int position;
    private int limit;

    /** @param size of the buffer; a read of at least this much bypasses it */
    public BufferedInput(InputStream source, int size) {
        this.source = Objects.requireNonNull(source, "source");
        if (size < 1) {
            throw new IllegalArgumentException("buffer size " + size);
        }
        this.size = size;
    }

    @Override
    public int read() throws IOException {
        if (position >= limit && fill() < 0) {
            return -1;
        }
        return buffer[position++] & 0xFF;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, target.length);
        if (length == 0) {
            return 0;
        }
        int buffered = limit - position;
        if (buffered > 0) {
            int n = Math.min(buffered, length);
            System.arraycopy(buffer, position, target, offset, n);
            position += n;
            return n;
        }
        if (length >= size) {
            return source.read(target, offset, length);
        }
        if (fill() < 0) {
            return -1;
        }
        return read(target, offset, length);
    }

    /** The bytes already received and not read, and the source's own count. */
    @Override
    public int available() throws IOException {
        return limit - position + source.available();
    }

    /**
     * Blocks until at least one byte is buffered, reading the source once if none is; false at the
     * end of the source. A source's timeout ({@link java.net.SocketTimeoutException}) leaves the
     * buffer empty and consistent, so a caller may wait with a timeout and then read as usual.
     */
    public boolean awaitBytes() throws IOException {
        return limit > position || fill() >= 0;
    }

    /** What was taken off the source and not read yet; none is read from the source for it. */
    public byte[] takeBuffered() {
        if (limit == position) {
            return NONE;
        }
        byte[] taken = Arrays.copyOfRange(buffer, position, limit);
        position = limit;
        return taken;
    }

    /** Puts {@code bytes} in front of whatever is buffered and whatever the source delivers next. */
    public void unread(byte[] bytes) {
        if (bytes.length == 0) {
            return;
        }
        int buffered = limit - position;
        byte[] joined = new byte[bytes.length + buffered];
        System.arraycopy(bytes, 0, joined, 0, bytes.length);
        if (buffered > 0) {
            System.arraycopy(buffer, position, joined, bytes.length, buffered);
        }
        buffer = joined;
        position = 0;
        limit = bytes.length + buffered;
    }

    @Override
    public void close() throws IOException {
        source.close();
    }

    /** One read from the source into the emptied buffer (back to its own size after an unread); -1 at its end. */
    private int fill() throws IOException {
        if (buffer.length != size) {
            buffer = new byte[size];
        }
        position = 0;
        limit = 0;
        int n = source.read(buffer, 0, buffer.length);
        if (n > 0) {
            limit = n;
        }
        return n;
    }
}
