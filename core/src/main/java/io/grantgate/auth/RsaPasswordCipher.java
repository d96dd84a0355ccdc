package io.grantgate.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.interfaces.RSAKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.IllegalBlockSizeException;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * The password of a caching_sha2_password full authentication over plain TCP, both sides of it:
 *
 * <pre>
 * cipher text = RSA-OAEP(public key, (password || 0x00) XOR scramble, the scramble repeated as needed)
 * </pre>
 *
 * <p>The XOR with the session's scramble stops a captured cipher text from being replayed on another
 * connection. The padding is OpenSSL's {@code RSA_PKCS1_OAEP_PADDING}, i.e. OAEP with SHA-1 and MGF1
 * with SHA-1, as MySQL has used since 8.0.5; it leaves room for 214 bytes (NUL included) in a
 * 2048-bit key.
 *
 * @see RsaKeyPair
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_caching_sha2_authentication_exchanges.html">caching_sha2_password information</a>
 */
public final class RsaPasswordCipher {

    private static final OAEPParameterSpec OAEP_SHA1 =
            new OAEPParameterSpec("SHA-1", "MGF1", MGF1ParameterSpec.SHA1, PSource.PSpecified.DEFAULT);

    /** OAEP's cost in bytes of the modulus: two SHA-1 lengths and two bytes. */
    private static final int OAEP_OVERHEAD = 2 * 20 + 2;

    private RsaPasswordCipher() {}

    /** What the client sends; the gateway does this when it logs in to a backend without TLS. */
    public static byte[] encrypt(String password, Scramble scramble, RSAPublicKey key) {
        Objects.requireNonNull(scramble, "scramble");
        byte[] utf8 = Digests.utf8(password);
        byte[] plain = Arrays.copyOf(utf8, utf8.length + 1);
        Arrays.fill(utf8, (byte) 0);
        int room = modulusBytes(key) - OAEP_OVERHEAD;
        if (plain.length > room) {
            throw new IllegalArgumentException("the password is too long for a "
                    + key.getModulus().bitLength() + "-bit RSA key: at most " + (room - 1) + " bytes in UTF-8");
        }
        xorWithScramble(plain, scramble);
        try {
            return cipher(Cipher.ENCRYPT_MODE, key).doFinal(plain);
        } catch (IllegalBlockSizeException | BadPaddingException e) {
            throw new IllegalStateException("RSA-OAEP refused a block that fits the key", e);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /**
     * The password the client sent, for the server's full authentication. Throws
     * {@link IllegalArgumentException} for a packet of the wrong length, one not made with this key, or
     * one without the terminating NUL; the caller answers all of them with access denied. An empty
     * password comes back empty; MySQL rejects it at this point, and so should the caller.
     */
    public static String decrypt(byte[] cipherText, Scramble scramble, RSAPrivateKey key) {
        Objects.requireNonNull(scramble, "scramble");
        int expected = modulusBytes(key);
        if (cipherText.length != expected) {
            throw new IllegalArgumentException(
                    "expected " + expected + " bytes of RSA cipher text, got " + cipherText.length);
        }
        byte[] plain;
        try {
            plain = cipher(Cipher.DECRYPT_MODE, key).doFinal(cipherText);
        } catch (IllegalBlockSizeException | BadPaddingException e) {
            throw new IllegalArgumentException("the cipher text was not made with this server's public key", e);
        }
        try {
            xorWithScramble(plain, scramble);
            // MySQL takes the password up to the first NUL, as C strings go.
            for (int i = 0; i < plain.length; i++) {
                if (plain[i] == 0) {
                    return new String(plain, 0, i, StandardCharsets.UTF_8);
                }
            }
            throw new IllegalArgumentException("the decrypted password is not NUL-terminated");
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    private static void xorWithScramble(byte[] data, Scramble scramble) {
        byte[] pad = scramble.bytes();
        for (int i = 0; i < data.length; i++) {
            data[i] ^= pad[i % pad.length];
        }
    }

    private static int modulusBytes(RSAKey key) {
        return (key.getModulus().bitLength() + 7) / 8;
    }

    private static Cipher cipher(int mode, Key key) {
        try {
            Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
            cipher.init(mode, key, OAEP_SHA1);
            return cipher;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has RSA with OAEP and SHA-1", e);
        }
    }
}
