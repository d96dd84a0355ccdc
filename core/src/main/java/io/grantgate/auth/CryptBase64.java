package io.grantgate.auth;

/**
 * The base-64 flavour of Unix crypt: alphabet {@code ./0-9A-Za-z}, 24-bit groups written least
 * significant six bits first, and (for SHA-256 crypt) the digest bytes taken in a fixed shuffled
 * order. It is not RFC 4648 base 64, so {@link java.util.Base64} cannot stand in for it.
 *
 * @see <a href="https://www.akkadia.org/drepper/SHA-crypt.txt">Unix crypt using SHA-256 and SHA-512</a>, step 22
 */
final class CryptBase64 {

    private static final String ALPHABET = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /** Digest byte indexes of each 4-character group, most significant first (spec step 22e). */
    private static final int[][] SHA256_GROUPS = {
        {0, 10, 20}, {21, 1, 11}, {12, 22, 2}, {3, 13, 23}, {24, 4, 14},
        {15, 25, 5}, {6, 16, 26}, {27, 7, 17}, {18, 28, 8}, {9, 19, 29},
    };

    /** Characters in an encoded SHA-256 digest: ten groups of four and a last group of three. */
    static final int SHA256_ENCODED_LENGTH = 43;

    private CryptBase64() {}

    /** The 43 characters SHA-256 crypt prints for a 32-byte digest. */
    static String encodeSha256(byte[] digest) {
        if (digest.length != 32) {
            throw new IllegalArgumentException("a SHA-256 digest is 32 bytes, got " + digest.length);
        }
        StringBuilder out = new StringBuilder(SHA256_ENCODED_LENGTH);
        for (int[] group : SHA256_GROUPS) {
            append(out, digest[group[0]], digest[group[1]], digest[group[2]], 4);
        }
        // The last two bytes make a 16-bit group, which needs only three characters.
        append(out, (byte) 0, digest[31], digest[30], 3);
        return out.toString();
    }

    /** Whether every character of {@code text} is in the crypt alphabet. */
    static boolean isEncoded(String text) {
        return text.chars().allMatch(c -> ALPHABET.indexOf(c) >= 0);
    }

    private static void append(StringBuilder out, byte b2, byte b1, byte b0, int chars) {
        int w = ((b2 & 0xff) << 16) | ((b1 & 0xff) << 8) | (b0 & 0xff);
        for (int i = 0; i < chars; i++) {
            out.append(ALPHABET.charAt(w & 0x3f));
            w >>>= 6;
        }
    }
}
