package io.grantgate.auth;

import java.security.MessageDigest;
import java.util.Objects;

/**
 * The caching_sha2_password fast-authentication exchange, both sides of it.
 *
 * <pre>
 * response = SHA256(password) XOR SHA256(SHA256(SHA256(password)) || nonce)
 * </pre>
 *
 * <p>The order inside the second hash is the cached digest first, then the nonce, as in MySQL's
 * {@code Generate_scramble}/{@code Validate_scramble} (sha2_password_common.cc) and its unit tests;
 * MariaDB's protocol page lists the operands the other way round, but clients follow MySQL. The
 * server, holding the {@link FastAuthDigest} {@code SHA256(SHA256(password))}, recovers a candidate
 * {@code SHA256(password)} from the response and accepts it if hashing it once more gives the cached
 * digest.
 *
 * <p>A client without a password sends an empty response, or a single NUL, which MySQL treats the
 * same; see {@link #isEmptyPassword}. That case, and a cache miss, are settled against the
 * {@link CachingSha2Verifier}, not here.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_caching_sha2_authentication_exchanges.html">caching_sha2_password information</a>
 */
public final class CachingSha2Scramble {

    /** Bytes in a response to a non-empty password. */
    public static final int RESPONSE_LENGTH = 32;

    private CachingSha2Scramble() {}

    /** The client's response, as the gateway sends it when it logs in to a backend. */
    public static byte[] respond(String password, Scramble nonce) {
        Objects.requireNonNull(nonce, "nonce");
        if (password.isEmpty()) {
            return new byte[0];
        }
        return respond(Digests.utf8(password), nonce.bytes());
    }

    /** Whether {@code response} proves knowledge of the password behind {@code cached}, in constant time. */
    public static boolean check(byte[] response, Scramble nonce, FastAuthDigest cached) {
        Objects.requireNonNull(nonce, "nonce");
        return check(response, nonce.bytes(), cached.bytes());
    }

    /** Whether the client said it has no password: an empty response or a single NUL. */
    public static boolean isEmptyPassword(byte[] response) {
        return response.length == 0 || (response.length == 1 && response[0] == 0);
    }

    /** Any nonce length, as MySQL's own unit tests use a 12-byte one. */
    static byte[] respond(byte[] password, byte[] nonce) {
        byte[] stage1 = Digests.sha256(password);
        byte[] stage2 = Digests.sha256(stage1);
        return Digests.xor(stage1, Digests.sha256(stage2, nonce));
    }

    static boolean check(byte[] response, byte[] nonce, byte[] cachedStage2) {
        if (response.length != RESPONSE_LENGTH) {
            return false;
        }
        byte[] candidateStage1 = Digests.xor(response, Digests.sha256(cachedStage2, nonce));
        return MessageDigest.isEqual(Digests.sha256(candidateStage1), cachedStage2);
    }
}
