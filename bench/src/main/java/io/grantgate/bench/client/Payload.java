package io.grantgate.bench.client;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A small payload builder, and the little-endian readers the client needs. */
final class Payload {

    private byte[] bytes;
    private int length;

    Payload(int capacity) {
        bytes = new byte[Math.max(16, capacity)];
    }

    Payload int1(int value) {
        room(1);
        bytes[length++] = (byte) value;
        return this;
    }

    Payload int4(int value) {
        room(4);
        for (int i = 0; i < 4; i++) {
            bytes[length++] = (byte) (value >>> (8 * i));
        }
        return this;
    }

    Payload zeros(int count) {
        room(count);
        length += count;
        return this;
    }

    Payload bytes(byte[] value) {
        room(value.length);
        System.arraycopy(value, 0, bytes, length, value.length);
        length += value.length;
        return this;
    }

    Payload nulString(String value) {
        return bytes(value.getBytes(StandardCharsets.UTF_8)).int1(0);
    }

    byte[] toArray() {
        return Arrays.copyOf(bytes, length);
    }

    private void room(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }

    static int int2(byte[] p, int pos) {
        return (p[pos] & 0xFF) | (p[pos + 1] & 0xFF) << 8;
    }

    static int int4(byte[] p, int pos) {
        return (p[pos] & 0xFF) | (p[pos + 1] & 0xFF) << 8 | (p[pos + 2] & 0xFF) << 16 | (p[pos + 3] & 0xFF) << 24;
    }

    /** int&lt;lenenc&gt; at {@code pos}. */
    static long lenEncInt(byte[] p, int pos) {
        int first = p[pos] & 0xFF;
        return switch (first) {
            case 0xFC -> int2(p, pos + 1);
            case 0xFD -> (p[pos + 1] & 0xFF) | (p[pos + 2] & 0xFF) << 8 | (p[pos + 3] & 0xFF) << 16;
            case 0xFE -> (int4(p, pos + 1) & 0xFFFFFFFFL) | (long) int4(p, pos + 5) << 32;
            default -> first;
        };
    }
}
