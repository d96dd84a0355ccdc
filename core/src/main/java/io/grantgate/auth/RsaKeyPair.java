package io.grantgate.auth;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Objects;

/**
 * The RSA key pair a caching_sha2_password server uses when a client sends its password over plain
 * TCP: the client encrypts with the public key (sent on request as {@link #publicKeyPem()}), the server
 * decrypts with the private one. MySQL generates 2048-bit keys at first start; so does {@link #generate()}.
 *
 * @see RsaPasswordCipher
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_caching_sha2_authentication_exchanges.html">caching_sha2_password information</a>
 */
public final class RsaKeyPair {

    /** Modulus size of generated keys, as MySQL's auto-generated ones. */
    public static final int KEY_BITS = 2048;

    private final RSAPublicKey publicKey;
    private final RSAPrivateKey privateKey;

    private RsaKeyPair(RSAPublicKey publicKey, RSAPrivateKey privateKey) {
        this.publicKey = publicKey;
        this.privateKey = privateKey;
    }

    /** A fresh 2048-bit pair. */
    public static RsaKeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(KEY_BITS, new SecureRandom());
            return of(generator.generateKeyPair());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has RSA", e);
        }
    }

    /** A pair loaded elsewhere, e.g. from configured key files. */
    public static RsaKeyPair of(KeyPair pair) {
        Objects.requireNonNull(pair, "pair");
        if (!(pair.getPublic() instanceof RSAPublicKey pub) || !(pair.getPrivate() instanceof RSAPrivateKey priv)) {
            throw new IllegalArgumentException("not an RSA key pair");
        }
        if (!pub.getModulus().equals(priv.getModulus())) {
            throw new IllegalArgumentException("the public and private keys do not belong together");
        }
        return new RsaKeyPair(pub, priv);
    }

    public RSAPublicKey publicKey() {
        return publicKey;
    }

    public RSAPrivateKey privateKey() {
        return privateKey;
    }

    /** What the server sends in answer to a public-key request. */
    public String publicKeyPem() {
        return RsaPem.encodePublicKey(publicKey);
    }

    @Override
    public String toString() {
        return "RsaKeyPair[" + publicKey.getModulus().bitLength() + " bits]";
    }
}
