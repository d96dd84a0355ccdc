package io.grantgate.tls;

import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.SecureRandom;
import java.security.interfaces.XECPrivateKey;
import java.security.interfaces.XECPublicKey;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Arrays;
import javax.crypto.KeyAgreementSpi;
import javax.crypto.SecretKey;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * X25519 key agreement (RFC 7748) for {@link TlsCryptoProvider}, on any X25519 private key with
 * its scalar at hand. A shared secret of all zeros (the peer sent a point of small order) is
 * refused, as the JDK's own XDH does and RFC 8446 (7.4.2) asks.
 */
public final class X25519KeyAgreement extends KeyAgreementSpi {

    private byte[] scalar;
    private byte[] secret;

    @Override
    protected void engineInit(Key key, SecureRandom random) throws InvalidKeyException {
        if (!(key instanceof XECPrivateKey xec)
                || !X25519Key.isX25519(xec.getParams())
                || xec.getScalar().isEmpty()) {
            throw new InvalidKeyException("X25519 private keys with their scalar only");
        }
        scalar = xec.getScalar().get();
        secret = null;
    }

    @Override
    protected void engineInit(Key key, AlgorithmParameterSpec params, SecureRandom random)
            throws InvalidKeyException, InvalidAlgorithmParameterException {
        if (params != null && !X25519Key.isX25519(params)) {
            throw new InvalidAlgorithmParameterException("X25519 only");
        }
        engineInit(key, random);
    }

    @Override
    protected Key engineDoPhase(Key key, boolean lastPhase) throws InvalidKeyException {
        if (scalar == null) {
            throw new IllegalStateException("not initialised");
        }
        if (!lastPhase) {
            throw new IllegalStateException("X25519 has one phase");
        }
        if (!(key instanceof XECPublicKey xec) || !X25519Key.isX25519(xec.getParams())) {
            throw new InvalidKeyException("X25519 public keys only");
        }
        byte[] u = key instanceof X25519Key.Public own
                ? own.u()
                : X25519Key.Public.of(xec.getU()).u();
        byte[] shared = new byte[X25519Key.SIZE];
        if (!X25519.calculateAgreement(scalar, 0, u, 0, shared, 0)) {
            throw new InvalidKeyException("the peer's X25519 point has a small order");
        }
        secret = shared;
        return null;
    }

    @Override
    protected byte[] engineGenerateSecret() {
        return taken();
    }

    @Override
    protected int engineGenerateSecret(byte[] sharedSecret, int offset) throws ShortBufferException {
        if (sharedSecret.length - offset < X25519Key.SIZE) {
            throw new ShortBufferException("needs " + X25519Key.SIZE + " bytes");
        }
        byte[] result = taken();
        System.arraycopy(result, 0, sharedSecret, offset, result.length);
        Arrays.fill(result, (byte) 0);
        return X25519Key.SIZE;
    }

    @Override
    protected SecretKey engineGenerateSecret(String algorithm) {
        byte[] result = taken();
        try {
            return new SecretKeySpec(result, algorithm);
        } finally {
            Arrays.fill(result, (byte) 0);
        }
    }

    /** The secret, once: the next agreement needs another doPhase, as with the JDK's. */
    private byte[] taken() {
        if (secret == null) {
            throw new IllegalStateException("doPhase first");
        }
        byte[] result = secret;
        secret = null;
        return result;
    }
}
