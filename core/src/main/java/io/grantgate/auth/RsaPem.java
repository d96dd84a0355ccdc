package io.grantgate.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Objects;

/**
 * RSA public keys as PEM text, the form a caching_sha2_password server sends when a client asks for its
 * key (request {@code 0x02}): an X.509 SubjectPublicKeyInfo under {@code BEGIN PUBLIC KEY}, base 64 in
 * 64-character lines, as OpenSSL's {@code PEM_write_bio_RSA_PUBKEY} writes it for MySQL.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_caching_sha2_authentication_exchanges.html">caching_sha2_password information</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7468#section-13">RFC 7468, section 13</a>
 */
public final class RsaPem {

    private static final String BEGIN = "-----BEGIN PUBLIC KEY-----";
    private static final String END = "-----END PUBLIC KEY-----";

    private RsaPem() {}

    /** The key as PEM text, ending with a newline. */
    public static String encodePublicKey(RSAPublicKey key) {
        Base64.Encoder lines = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        return BEGIN + "\n" + lines.encodeToString(key.getEncoded()) + "\n" + END + "\n";
    }

    /** The key in PEM text such as a backend sends; surrounding whitespace and CR/LF line ends are fine. */
    public static RSAPublicKey decodePublicKey(String pem) {
        Objects.requireNonNull(pem, "pem");
        String text = pem.strip();
        if (!text.startsWith(BEGIN) || !text.endsWith(END)) {
            throw new IllegalArgumentException("not a PEM public key: expected " + BEGIN + " … " + END);
        }
        String body = text.substring(BEGIN.length(), text.length() - END.length());
        try {
            // Strict decoding once the line breaks are gone: the MIME decoder would skip stray characters.
            byte[] der = Base64.getDecoder().decode(body.replaceAll("\\s", ""));
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        } catch (IllegalArgumentException | GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException("not an RSA public key in X.509 form", e);
        }
    }
}
