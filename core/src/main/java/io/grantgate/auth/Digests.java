package io.grantgate.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The hash and XOR steps both scramble algorithms are built from. */
final class Digests {

    private Digests() {}

    /** SHA-1 over the concatenation of {@code parts}. */
    static byte[] sha1(byte[]... parts) {
        return digest("SHA-1", parts);
    }

    /** SHA-256 over the concatenation of {@code parts}. */
    static byte[] sha256(byte[]... parts) {
        return digest("SHA-256", parts);
    }

    /** A SHA-256 instance for loops that would otherwise look one up per round. */
    static MessageDigest newSha256() {
        return instance("SHA-256");
    }

    /** {@code a XOR b}; both the same length. */
    static byte[] xor(byte[] a, byte[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("XOR of " + a.length + " and " + b.length + " bytes");
        }
        byte[] out = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (byte) (a[i] ^ b[i]);
        }
        return out;
    }

    /**
     * The password's bytes. Clients hash the password in their connection character set; the gateway
     * assumes utf8mb4, MySQL 8's default, so a client on latin1 with a non-ASCII password will not match.
     */
    static byte[] utf8(String password) {
        return password.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] digest(String algorithm, byte[]... parts) {
        MessageDigest digest = instance(algorithm);
        for (byte[] part : parts) {
            digest.update(part);
        }
        return digest.digest();
    }

    private static MessageDigest instance(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has " + algorithm, e);
        }
    }
}
