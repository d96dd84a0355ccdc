package io.grantgate.account;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key every backend account's password is derived from (see {@link BackendSecret}). Only the
 * gateways and the admin CLI hold it; whoever holds it can log in as any backend account, so it
 * never appears in {@code toString}, logs or error messages, and a key file must be private to
 * its owner.
 *
 * <p>At least {@value #MIN_BYTES} random bytes, written as standard base64 (RFC 4648 section 4,
 * {@code =} padding optional). Immutable and safe to share between threads.
 */
public final class MasterKey {

    /** Environment variable holding the key itself, in base64. Takes precedence. */
    public static final String KEY_VARIABLE = "GRANTGATE_MASTER_KEY";

    /** Environment variable naming a file that holds the key. */
    public static final String FILE_VARIABLE = "GRANTGATE_MASTER_KEY_FILE";

    /** HMAC-SHA256's full strength needs a key at least as long as its output. */
    public static final int MIN_BYTES = 32;

    private static final String HMAC = "HmacSHA256";

    private final byte[] key;

    private MasterKey(byte[] key) {
        if (key.length < MIN_BYTES) {
            throw new IllegalArgumentException(
                    "master key has " + key.length + " bytes; it needs at least " + MIN_BYTES + " random bytes");
        }
        this.key = key.clone();
    }

    /** A key from raw bytes, e.g. freshly generated; the array is copied. */
    static MasterKey ofBytes(byte[] key) {
        return new MasterKey(Objects.requireNonNull(key, "key"));
    }

    /**
     * Decodes base64 text, ignoring surrounding whitespace. The message of a refusal never repeats
     * the text: a key that is wrong by one character is still nearly the key.
     */
    public static MasterKey fromBase64(String text) {
        Objects.requireNonNull(text, "master key");
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("master key is empty");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(trimmed);
        } catch (IllegalArgumentException e) {
            // the decoder's message quotes the offending character: leave it out
            throw new IllegalArgumentException(
                    "master key is not valid base64 (alphabet A-Z a-z 0-9 + /, " + "optional = padding, on one line)");
        }
        return new MasterKey(bytes);
    }

    /**
     * Reads a key file: base64 on one line. Refuses a file whose mode grants anything to group or
     * others, as ssh does with private keys, asking for {@code chmod 600}. (On a file system
     * without POSIX permissions the mode cannot be checked.)
     */
    public static MasterKey readFile(Path file) throws IOException {
        return MasterKeyFile.read(file);
    }

    /**
     * Generates {@value #MIN_BYTES} bytes with {@link java.security.SecureRandom} and writes them
     * to a new file, mode 0600, that appears complete or not at all. Refuses to overwrite an
     * existing file: replacing a master key locks every backend account out.
     */
    public static MasterKey generateFile(Path file) throws IOException {
        return MasterKeyFile.generate(file);
    }

    /**
     * Finds the key: {@value #KEY_VARIABLE} (the key in base64), else {@value #FILE_VARIABLE} (a
     * key file), else {@code defaultFile} if it exists. Blank variables count as unset.
     *
     * @param env the environment, usually {@link System#getenv()}
     * @param defaultFile where the key lives when no variable says otherwise; may be null
     * @throws IllegalStateException when none of the three provides a key
     */
    public static MasterKey resolve(Map<String, String> env, Path defaultFile) throws IOException {
        Objects.requireNonNull(env, "env");
        String inline = env.get(KEY_VARIABLE);
        if (inline != null && !inline.isBlank()) {
            try {
                return fromBase64(inline);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(KEY_VARIABLE + ": " + e.getMessage(), e);
            }
        }
        String named = env.get(FILE_VARIABLE);
        if (named != null && !named.isBlank()) {
            Path file = Path.of(named.strip());
            if (!Files.exists(file)) {
                throw new NoSuchFileException(
                        file.toString(), null, "named by " + FILE_VARIABLE + ", but it does not exist");
            }
            return readFile(file);
        }
        if (defaultFile != null && Files.exists(defaultFile)) {
            return readFile(defaultFile);
        }
        throw new IllegalStateException("no master key: set " + KEY_VARIABLE + " to the key in base64, or "
                + FILE_VARIABLE + " to a file holding it"
                + (defaultFile == null ? "" : ", or create " + defaultFile)
                + " (at least " + MIN_BYTES + " random bytes in base64, mode 0600)");
    }

    /** HMAC-SHA256 of {@code message} under this key. */
    public byte[] hmacSha256(byte[] message) {
        Objects.requireNonNull(message, "message");
        try {
            // a Mac is not thread-safe and cheap to make: one per call keeps this class immutable
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
        }
    }

    /** The key as it is written to a key file. */
    String toBase64() {
        return Base64.getEncoder().encodeToString(key);
    }

    @Override
    public String toString() {
        return "MasterKey[****]";
    }
}
