package io.grantgate.auth;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Ulrich Drepper's SHA-256 crypt, the {@code $5$} scheme of glibc, which MySQL's caching_sha2_password
 * uses (as {@code my_crypt_genhash}) for the digest it stores. Written from the specification; the step
 * numbers below are the specification's.
 *
 * <p>This is only the core, {@code (key, salt, rounds) -> 43 characters}. Two callers shape the salt
 * differently: glibc's {@code $5$} cuts it to 16 bytes, MySQL keeps 20; so the core takes the salt as
 * given and leaves the cutting, and the {@code $…$} framing, to them.
 *
 * @see <a href="https://www.akkadia.org/drepper/SHA-crypt.txt">Unix crypt using SHA-256 and SHA-512</a>
 */
final class Sha256Crypt {

    static final int MIN_ROUNDS = 1_000;
    static final int MAX_ROUNDS = 999_999_999;

    private static final int DIGEST_LENGTH = 32;

    private Sha256Crypt() {}

    /** The encoded digest of {@code key} with {@code salt} after {@code rounds} rounds. */
    static String hash(byte[] key, byte[] salt, int rounds) {
        if (rounds < MIN_ROUNDS || rounds > MAX_ROUNDS) {
            throw new IllegalArgumentException(
                    "SHA-256 crypt rounds must be in [" + MIN_ROUNDS + ", " + MAX_ROUNDS + "], got " + rounds);
        }
        MessageDigest sha = Digests.newSha256();
        byte[] a = digestA(sha, key, salt);
        // Steps 13-16: byte sequence P, as long as the key, from the key repeated once per key byte.
        byte[] p = stretch(repeatedDigest(sha, key, key.length), key.length);
        // Steps 17-20: byte sequence S, as long as the salt; the repeat count depends on the first byte
        // of A so that it is not known in advance.
        byte[] s = stretch(repeatedDigest(sha, salt, 16 + (a[0] & 0xff)), salt.length);
        byte[] c = a;
        for (int i = 0; i < rounds; i++) {
            // Step 21: every round mixes in P, S and the previous digest in an order that varies.
            boolean odd = (i & 1) != 0;
            sha.update(odd ? p : c);
            if (i % 3 != 0) {
                sha.update(s);
            }
            if (i % 7 != 0) {
                sha.update(p);
            }
            sha.update(odd ? c : p);
            c = sha.digest();
        }
        Arrays.fill(p, (byte) 0);
        return CryptBase64.encodeSha256(c);
    }

    /** Steps 1-12: digest A, over key, salt, and the alternate digest B chosen by the key's length. */
    private static byte[] digestA(MessageDigest sha, byte[] key, byte[] salt) {
        sha.update(key);
        sha.update(salt);
        sha.update(key);
        byte[] b = sha.digest();

        sha.update(key);
        sha.update(salt);
        // Steps 9-10: as many bytes of B as the key is long, B repeated.
        for (int left = key.length; left > 0; left -= DIGEST_LENGTH) {
            sha.update(b, 0, Math.min(left, DIGEST_LENGTH));
        }
        // Step 11: the key length's binary digits, lowest first: 1 adds B, 0 adds the key.
        for (int bits = key.length; bits > 0; bits >>>= 1) {
            sha.update((bits & 1) != 0 ? b : key);
        }
        Arrays.fill(b, (byte) 0);
        return sha.digest();
    }

    private static byte[] repeatedDigest(MessageDigest sha, byte[] input, int times) {
        for (int i = 0; i < times; i++) {
            sha.update(input);
        }
        return sha.digest();
    }

    /** {@code digest} repeated, then cut to {@code length} bytes (steps 16 and 20). */
    private static byte[] stretch(byte[] digest, int length) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = digest[i % DIGEST_LENGTH];
        }
        return out;
    }
}
