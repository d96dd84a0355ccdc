package io.grantgate.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * The 20-byte salt of a caching_sha2_password verifier, stored as-is between {@code $A$005$} and the
 * digest. Its bytes are 7-bit and contain neither NUL nor {@code '$'} (see {@link UserSalt}), so the
 * stored string stays parseable and is plain ASCII, though not always printable.
 *
 * @see CachingSha2Verifier
 */
public final class CryptSalt {

    /** Bytes in a salt; MySQL's {@code CRYPT_SALT_LENGTH}. */
    public static final int LENGTH = UserSalt.LENGTH;

    private final byte[] bytes;

    private CryptSalt(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A fresh salt, drawn as MySQL draws one. */
    public static CryptSalt random() {
        return new CryptSalt(UserSalt.generate());
    }

    /** The salt with these bytes; rejects bytes MySQL would never have generated. */
    public static CryptSalt of(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("a salt is " + LENGTH + " bytes, got " + bytes.length);
        }
        if (!UserSalt.isValid(bytes)) {
            throw new IllegalArgumentException("a salt's bytes are in 0x01..0x7F and not '$'");
        }
        return new CryptSalt(bytes.clone());
    }

    /** The salt as it appears in a stored string; every character must be below 0x80. */
    public static CryptSalt of(String chars) {
        Objects.requireNonNull(chars, "chars");
        if (!chars.chars().allMatch(c -> c < 0x80)) {
            throw new IllegalArgumentException("a salt's bytes are in 0x01..0x7F and not '$'");
        }
        return of(chars.getBytes(StandardCharsets.US_ASCII));
    }

    /** A copy of the bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The salt as it appears in a stored string. */
    String asString() {
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CryptSalt that && MessageDigest.isEqual(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "CryptSalt[" + LENGTH + " bytes]";
    }
}
