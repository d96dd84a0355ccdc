package io.grantgate.tls;

import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidParameterException;
import java.security.KeyPair;
import java.security.KeyPairGeneratorSpi;
import java.security.SecureRandom;
import java.security.spec.AlgorithmParameterSpec;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * X25519 key pairs for {@link TlsCryptoProvider}. Other curves (X448) are refused, and the JDK's
 * key pair generator then takes over (the JCA tries the next provider).
 */
public final class X25519KeyPairGenerator extends KeyPairGeneratorSpi {

    private SecureRandom random;

    @Override
    public void initialize(int keysize, SecureRandom random) {
        throw new InvalidParameterException("X25519 only: initialize with NamedParameterSpec.X25519");
    }

    @Override
    public void initialize(AlgorithmParameterSpec params, SecureRandom random)
            throws InvalidAlgorithmParameterException {
        if (!X25519Key.isX25519(params)) {
            throw new InvalidAlgorithmParameterException("X25519 only, not " + params);
        }
        this.random = random;
    }

    @Override
    public KeyPair generateKeyPair() {
        byte[] scalar = new byte[X25519Key.SIZE];
        X25519.generatePrivateKey(random != null ? random : new SecureRandom(), scalar);
        byte[] u = new byte[X25519Key.SIZE];
        X25519.generatePublicKey(scalar, 0, u, 0);
        return new KeyPair(new X25519Key.Public(u), new X25519Key.Private(scalar));
    }
}
