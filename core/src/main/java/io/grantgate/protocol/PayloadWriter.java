package io.grantgate.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds one payload from the protocol's basic types, growing as needed. The counterpart of
 * {@link PayloadReader}; strings are written as UTF-8. Not thread-safe; reusable after
 * {@link #reset()}.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_data_types.html">Basic Data Types</a>
 */
public final class PayloadWriter {

    private byte[] buffer;
    private int size;

    public PayloadWriter() {
        this(64);
    }

    public PayloadWriter(int initialCapacity) {
        this.buffer = new byte[Math.max(16, initialCapacity)];
    }

    public PayloadWriter writeInt1(int value) {
        return writeFixedInt(value, 1);
    }

    public PayloadWriter writeInt2(int value) {
        return writeFixedInt(value, 2);
    }

    public PayloadWriter writeInt3(int value) {
        return writeFixedInt(value, 3);
    }

    public PayloadWriter writeInt4(long value) {
        return writeFixedInt(value, 4);
    }

    public PayloadWriter writeInt8(long value) {
        return writeFixedInt(value, 8);
    }

    /** The low {@code size} bytes of {@code value}, little-endian. */
    public PayloadWriter writeFixedInt(long value, int size) {
        if (size < 1 || size > 8) {
            throw new IllegalArgumentException("int<" + size + "> is not a protocol type");
        }
        ensure(size);
        for (int i = 0; i < size; i++) {
            buffer[this.size++] = (byte) (value >>> (8 * i));
        }
        return this;
    }

    /** An int&lt;lenenc&gt;; {@code value} is taken as unsigned, so negatives take the 9-byte form. */
    public PayloadWriter writeLenEncInt(long value) {
        if (value >= 0 && value < 0xFB) {
            return writeInt1((int) value);
        } else if (value >= 0 && value < (1 << 16)) {
            return writeInt1(0xFC).writeFixedInt(value, 2);
        } else if (value >= 0 && value < (1 << 24)) {
            return writeInt1(0xFD).writeFixedInt(value, 3);
        }
        return writeInt1(0xFE).writeFixedInt(value, 8);
    }

    /** The NULL of a length-encoded value. */
    public PayloadWriter writeLenEncNull() {
        return writeInt1(0xFB);
    }

    public PayloadWriter writeLenEncBytes(Bytes bytes) {
        writeLenEncInt(bytes.length());
        return writeBytes(bytes);
    }

    public PayloadWriter writeLenEncString(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        writeLenEncInt(bytes.length);
        return writeBytes(bytes, 0, bytes.length);
    }

    /** A string&lt;NUL&gt;; a NUL inside the text would end it early, so that is refused. */
    public PayloadWriter writeNulString(String text) {
        if (text.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a NUL-terminated string cannot contain NUL");
        }
        writeString(text);
        return writeInt1(0);
    }

    public PayloadWriter writeNulBytes(Bytes bytes) {
        for (int i = 0; i < bytes.length(); i++) {
            if (bytes.unsignedAt(i) == 0) {
                throw new IllegalArgumentException("NUL-terminated bytes cannot contain NUL");
            }
        }
        writeBytes(bytes);
        return writeInt1(0);
    }

    /** The text's UTF-8 bytes, no length and no terminator: string[fixed] or string&lt;EOF&gt;. */
    public PayloadWriter writeString(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return writeBytes(bytes, 0, bytes.length);
    }

    public PayloadWriter writeBytes(Bytes bytes) {
        ensure(bytes.length());
        bytes.copyTo(buffer, size);
        size += bytes.length();
        return this;
    }

    public PayloadWriter writeBytes(byte[] bytes, int offset, int length) {
        ensure(length);
        System.arraycopy(bytes, offset, buffer, size, length);
        size += length;
        return this;
    }

    public PayloadWriter writeZeros(int count) {
        ensure(count);
        Arrays.fill(buffer, size, size + count, (byte) 0);
        size += count;
        return this;
    }

    /** Bytes written so far. */
    public int size() {
        return size;
    }

    /** The internal array; valid up to {@link #size()} until the next write. For packet writers. */
    public byte[] array() {
        return buffer;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    public void reset() {
        size = 0;
    }

    /** Bytes an int&lt;lenenc&gt; of {@code value} takes. */
    public static int lenEncIntSize(long value) {
        if (value >= 0 && value < 0xFB) {
            return 1;
        } else if (value >= 0 && value < (1 << 16)) {
            return 3;
        } else if (value >= 0 && value < (1 << 24)) {
            return 4;
        }
        return 9;
    }

    private void ensure(int more) {
        long needed = (long) size + more;
        if (needed > buffer.length) {
            if (needed > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("payload too large: " + needed + " bytes");
            }
            buffer = Arrays.copyOf(buffer, (int) Math.max(needed, Math.min(2L * buffer.length, Integer.MAX_VALUE - 8)));
        }
    }
}
