package io.grantgate.tls;

import java.security.Key;
import java.security.KeyFactorySpi;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.KeySpec;
import java.security.spec.XECPublicKeySpec;

/**
 * Turns the u-coordinate a TLS peer sent ({@link XECPublicKeySpec}) into an X25519 public key of
 * {@link TlsCryptoProvider}. Anything else (encoded keys, X448) is refused, and the JCA passes it
 * on to the JDK's key factory.
 */
public final class X25519KeyFactory extends KeyFactorySpi {

    @Override
    protected PublicKey engineGeneratePublic(KeySpec spec) throws InvalidKeySpecException {
        if (spec instanceof XECPublicKeySpec xec && X25519Key.isX25519(xec.getParams())) {
            return X25519Key.Public.of(xec.getU());
        }
        throw new InvalidKeySpecException("X25519 u-coordinates only");
    }

    @Override
    protected PrivateKey engineGeneratePrivate(KeySpec spec) throws InvalidKeySpecException {
        throw new InvalidKeySpecException("X25519 public keys only");
    }

    @Override
    protected <T extends KeySpec> T engineGetKeySpec(Key key, Class<T> type) throws InvalidKeySpecException {
        throw new InvalidKeySpecException("not supported");
    }

    @Override
    protected Key engineTranslateKey(Key key) throws java.security.InvalidKeyException {
        throw new java.security.InvalidKeyException("not supported");
    }
}
