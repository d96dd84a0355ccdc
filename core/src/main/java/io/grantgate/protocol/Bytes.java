package io.grantgate.protocol;

import java.nio.charset.Charset;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable run of bytes from a packet: a scramble, an auth response, session-state data.
 * Records hold this instead of {@code byte[]} so that {@code equals} compares contents and no caller
 * can change a decoded packet afterwards. Copies go in and out; {@link #toString()} shows only the
 * length, since these bytes are often secret-derived.
 */
public final class Bytes {

    public static final Bytes EMPTY = new Bytes(new byte[0]);

    private final byte[] bytes;

    private Bytes(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A copy of the given bytes. */
    public static Bytes of(byte... bytes) {
        Objects.requireNonNull(bytes, "bytes");
        return bytes.length == 0 ? EMPTY : new Bytes(bytes.clone());
    }

    /** A copy of {@code length} bytes of {@code source} from {@code offset}. */
    public static Bytes copyOf(byte[] source, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, source.length);
        return length == 0 ? EMPTY : new Bytes(Arrays.copyOfRange(source, offset, offset + length));
    }

    /** The string's bytes in the given charset. */
    public static Bytes of(String text, Charset charset) {
        return wrap(text.getBytes(charset));
    }

    /** Takes ownership of an array nobody else holds; for decoders that just made it. */
    static Bytes wrap(byte[] fresh) {
        return fresh.length == 0 ? EMPTY : new Bytes(fresh);
    }

    public int length() {
        return bytes.length;
    }

    public boolean isEmpty() {
        return bytes.length == 0;
    }

    /** The byte at {@code index}, as 0..255. */
    public int unsignedAt(int index) {
        return bytes[index] & 0xFF;
    }

    /** A copy of the bytes. */
    public byte[] toArray() {
        return bytes.clone();
    }

    /** Copies the bytes into {@code target} at {@code offset}, for encoders. */
    public void copyTo(byte[] target, int offset) {
        System.arraycopy(bytes, 0, target, offset, bytes.length);
    }

    /** The bytes decoded in the given charset, malformed input replaced. */
    public String asString(Charset charset) {
        return new String(bytes, charset);
    }

    @Override
    public boolean equals(Object other) {
        // constant-time: these are often scrambles and auth responses
        return other instanceof Bytes that && MessageDigest.isEqual(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "Bytes[" + bytes.length + "]";
    }
}
