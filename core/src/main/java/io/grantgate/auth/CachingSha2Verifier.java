package io.grantgate.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A caching_sha2_password verifier, exactly as MySQL 8 stores it in {@code mysql.user.authentication_string}:
 *
 * <pre>
 * $A$005$ssssssssssssssssssssddddddddddddddddddddddddddddddddddddddddddd
 *  │  │   │                   └ 43 chars: SHA-256 crypt digest, crypt base 64
 *  │  │   └ 20 bytes: salt ({@link CryptSalt}), no '$' in it, so no delimiter after it
 *  │  └ rounds / 1000, three upper-case hex digits ("%03X"): 005 = 5000 rounds
 *  └ digest type: A = SHA-256 crypt
 * </pre>
 *
 * <p>Full authentication recomputes the digest from the clear password; it costs {@code iterations}
 * SHA-256 rounds by design, which is why the server caches a {@link FastAuthDigest} after a success.
 * MySQL refuses passwords over 256 bytes for this plugin, and so does this class.
 *
 * @param salt the salt
 * @param iterations SHA-256 crypt rounds, a multiple of 1000 from 1000 to 4 095 000
 * @param digest the 43-character encoded digest
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_caching_sha2_authentication_exchanges.html">caching_sha2_password information</a>
 * @see <a href="https://github.com/mysql/mysql-server/blob/trunk/sql/auth/sha2_password.cc">sha2_password.cc, serialize/deserialize</a>
 */
public record CachingSha2Verifier(CryptSalt salt, int iterations, String digest) implements PasswordVerifier {

    /** MySQL's default, {@code caching_sha2_password_digest_rounds}. */
    public static final int DEFAULT_ITERATIONS = 5_000;

    /** MySQL's {@code CACHING_SHA2_PASSWORD_MAX_PASSWORD_LENGTH}, in bytes. */
    public static final int MAX_PASSWORD_BYTES = 256;

    private static final int ITERATION_MULTIPLIER = 1_000;
    private static final int MAX_ITERATIONS = 0xFFF * ITERATION_MULTIPLIER;
    private static final String PREFIX = "$A$";
    private static final int ITERATIONS_END = PREFIX.length() + 3;
    private static final int SALT_START = ITERATIONS_END + 1;
    private static final int DIGEST_START = SALT_START + CryptSalt.LENGTH;
    private static final int STORED_LENGTH = DIGEST_START + CryptBase64.SHA256_ENCODED_LENGTH;

    /** Validates the parts; messages never echo the digest. */
    public CachingSha2Verifier {
        Objects.requireNonNull(salt, "salt");
        Objects.requireNonNull(digest, "digest");
        if (iterations < ITERATION_MULTIPLIER
                || iterations > MAX_ITERATIONS
                || iterations % ITERATION_MULTIPLIER != 0) {
            throw new IllegalArgumentException(
                    "iterations must be a multiple of 1000 from 1000 to " + MAX_ITERATIONS + ", got " + iterations);
        }
        if (digest.length() != CryptBase64.SHA256_ENCODED_LENGTH || !CryptBase64.isEncoded(digest)) {
            throw new IllegalArgumentException(
                    "the digest is " + CryptBase64.SHA256_ENCODED_LENGTH + " characters of crypt base 64");
        }
    }

    /** The verifier of {@code password} with a fresh salt and MySQL's default rounds. */
    public static CachingSha2Verifier create(String password) {
        return create(password, CryptSalt.random(), DEFAULT_ITERATIONS);
    }

    /** The verifier of {@code password} with this salt and rounds; deterministic, for tests and imports. */
    public static CachingSha2Verifier create(String password, CryptSalt salt, int iterations) {
        byte[] key = Digests.utf8(password);
        if (key.length > MAX_PASSWORD_BYTES) {
            throw new IllegalArgumentException("a " + AuthPlugin.CACHING_SHA2_PASSWORD.pluginName()
                    + " password is at most " + MAX_PASSWORD_BYTES + " bytes in UTF-8");
        }
        return new CachingSha2Verifier(salt, iterations, Sha256Crypt.hash(key, salt.bytes(), iterations));
    }

    /** The verifier in its stored form {@code $A$005$<salt><digest>}. */
    public static CachingSha2Verifier parse(String stored) {
        Objects.requireNonNull(stored, "stored");
        String expected = "a " + AuthPlugin.CACHING_SHA2_PASSWORD.pluginName() + " verifier is '" + PREFIX
                + "', 3 upper-case hex digits, '$', a " + CryptSalt.LENGTH + "-byte salt and a "
                + CryptBase64.SHA256_ENCODED_LENGTH + "-character digest";
        if (stored.length() != STORED_LENGTH || !stored.startsWith(PREFIX) || stored.charAt(ITERATIONS_END) != '$') {
            throw new IllegalArgumentException(expected);
        }
        String thousands = stored.substring(PREFIX.length(), ITERATIONS_END);
        if (!thousands.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'))) {
            throw new IllegalArgumentException(expected);
        }
        int iterations = HexFormat.fromHexDigits(thousands) * ITERATION_MULTIPLIER;
        CryptSalt salt = CryptSalt.of(stored.substring(SALT_START, DIGEST_START));
        return new CachingSha2Verifier(salt, iterations, stored.substring(DIGEST_START));
    }

    @Override
    public AuthPlugin plugin() {
        return AuthPlugin.CACHING_SHA2_PASSWORD;
    }

    /** Full authentication: recomputes the digest, then compares in constant time. */
    @Override
    public boolean matches(String password) {
        byte[] key = Digests.utf8(password);
        if (key.length > MAX_PASSWORD_BYTES) {
            return false;
        }
        String computed = Sha256Crypt.hash(key, salt.bytes(), iterations);
        return MessageDigest.isEqual(
                computed.getBytes(StandardCharsets.US_ASCII), digest.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String authenticationString() {
        return PREFIX + "%03X".formatted(iterations / ITERATION_MULTIPLIER) + "$" + salt.asString() + digest;
    }

    @Override
    public String toString() {
        return "CachingSha2Verifier[iterations=" + iterations + ", digest=<hidden>]";
    }
}
