package io.grantgate.bench.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * The client's side of the two auth plugins, from the protocol pages:
 *
 * <pre>
 * mysql_native_password: SHA1(password) XOR SHA1(scramble || SHA1(SHA1(password)))
 * caching_sha2_password: SHA256(password) XOR SHA256(SHA256(SHA256(password)) || scramble)
 *   full auth over plain TCP: RSA-OAEP(server key, (password || 0) XOR scramble)
 * </pre>
 */
public final class Auth {

    public static final String NATIVE = "mysql_native_password";
    public static final String CACHING_SHA2 = "caching_sha2_password";

    private Auth() {}

    public static boolean supports(String plugin) {
        return NATIVE.equals(plugin) || CACHING_SHA2.equals(plugin);
    }

    public static byte[] respond(String plugin, String password, byte[] scramble) {
        if (password.isEmpty()) {
            return new byte[0];
        }
        byte[] pw = password.getBytes(StandardCharsets.UTF_8);
        byte[] nonce = Arrays.copyOf(scramble, Math.min(20, scramble.length));
        if (NATIVE.equals(plugin)) {
            byte[] stage1 = digest("SHA-1", pw);
            return xor(stage1, digest("SHA-1", nonce, digest("SHA-1", stage1)));
        }
        byte[] stage1 = digest("SHA-256", pw);
        return xor(stage1, digest("SHA-256", digest("SHA-256", stage1), nonce));
    }

    static byte[] rsaEncrypt(String password, byte[] scramble, String pem) throws IOException {
        byte[] pw = password.getBytes(StandardCharsets.UTF_8);
        byte[] plain = Arrays.copyOf(pw, pw.length + 1);
        for (int i = 0; i < plain.length; i++) {
            plain[i] ^= scramble[i % scramble.length];
        }
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            PublicKey key = KeyFactory.getInstance("RSA")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
            Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
            cipher.init(
                    Cipher.ENCRYPT_MODE,
                    key,
                    new OAEPParameterSpec("SHA-1", "MGF1", MGF1ParameterSpec.SHA1, PSource.PSpecified.DEFAULT));
            return cipher.doFinal(plain);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException("cannot encrypt the password with the server's public key: " + e.getMessage(), e);
        }
    }

    private static byte[] digest(String algorithm, byte[]... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance(algorithm);
            for (byte[] part : parts) {
                md.update(part);
            }
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every JDK", e);
        }
    }

    private static byte[] xor(byte[] a, byte[] b) {
        byte[] out = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (byte) (a[i] ^ b[i]);
        }
        return out;
    }
}
