package io.grantgate.testing;

import java.util.Arrays;

/**
 * Reads a fuzz test's {@code byte[]} input front to back: the few bytes that choose a setting, then
 * the bytes under test. Past the end it yields zeros and empty arrays instead of failing, so that
 * every input, however short, is a valid test case and the fuzzer spends no time on rejects.
 */
public final class FuzzInput {

    private final byte[] data;
    private int position;

    public FuzzInput(byte[] data) {
        this.data = data;
    }

    public boolean hasRemaining() {
        return position < data.length;
    }

    public int remaining() {
        return data.length - position;
    }

    public int position() {
        return position;
    }

    /** The whole input, for copying bytes in place. */
    public byte[] data() {
        return data;
    }

    public int int1() {
        return hasRemaining() ? data[position++] & 0xFF : 0;
    }

    public int int2() {
        return int1() | int1() << 8;
    }

    /** A little-endian int&lt;8&gt;, as the capability bits travel. */
    public long int8() {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value |= (long) int1() << (8 * i);
        }
        return value;
    }

    /** Up to {@code count} bytes, fewer at the end of the input. */
    public byte[] bytes(int count) {
        int n = Math.min(Math.max(count, 0), remaining());
        byte[] taken = Arrays.copyOfRange(data, position, position + n);
        position += n;
        return taken;
    }

    public void skip(int count) {
        position += Math.min(Math.max(count, 0), remaining());
    }

    public byte[] rest() {
        return bytes(remaining());
    }
}
