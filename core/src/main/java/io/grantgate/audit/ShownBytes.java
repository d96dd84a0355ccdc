package io.grantgate.audit;

import io.grantgate.audit.AuditValue.Kind;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Turns the bytes of a string, decimal or binary value into an {@link AuditValue}: text when they
 * are valid UTF-8 (the audit assumes a utf8mb4 client; other character sets show as base64), base64
 * otherwise, and always base64 for the types {@link ColumnTypes#isBinary} names. A value longer than
 * the cap keeps its first bytes (fewer when the cap splits a character) and the SHA-256 of all of
 * them. Stateless.
 */
final class ShownBytes {

    private ShownBytes() {}

    /** A value that arrived whole in the payload: {@code length} bytes at {@code offset}. */
    static AuditValue inline(String type, boolean binary, byte[] bytes, int offset, int length, int cap) {
        int kept = Math.min(length, cap);
        String sha256 = kept < length ? Sha256.hex(bytes, offset, length) : null;
        return of(type, binary, bytes, offset, kept, length, sha256);
    }

    /**
     * @param kept how many of the value's first bytes are at {@code offset}
     * @param length the whole value's length
     * @param sha256 the whole value's hash in hex, required when {@code kept < length}
     */
    static AuditValue of(String type, boolean binary, byte[] bytes, int offset, int kept, long length, String sha256) {
        boolean cut = kept < length;
        Optional<String> hash = cut ? Optional.of(sha256) : Optional.empty();
        if (!binary) {
            int text = Utf8.validLength(bytes, offset, kept, cut);
            if (text >= 0) {
                return new AuditValue(
                        type,
                        Kind.TEXT,
                        Optional.of(new String(bytes, offset, text, StandardCharsets.UTF_8)),
                        length,
                        hash);
            }
        }
        ByteBuffer encoded = Base64.getEncoder().encode(ByteBuffer.wrap(bytes, offset, kept));
        String base64 = new String(encoded.array(), 0, encoded.limit(), StandardCharsets.ISO_8859_1);
        return new AuditValue(type, Kind.BASE64, Optional.of(base64), length, hash);
    }
}
