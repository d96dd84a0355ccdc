package io.grantgate.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.security.InvalidKeyException;
import java.security.InvalidParameterException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.SignatureException;
import java.security.SignatureSpi;
import java.security.interfaces.ECPrivateKey;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;

/**
 * SHA256withECDSA signing on P-256 for {@link TlsCryptoProvider}: the signature of a full TLS
 * handshake with the gateway's default certificate. Signs only, with keys on P-256 only; for
 * verifying, and for other curves, it refuses the key and the JCA takes the JDK's implementation.
 * The digest is the JDK's (SHA-NI intrinsics); the point arithmetic Bouncy Castle's P-256 curve
 * with its fixed-point tables for the generator.
 */
public final class P256EcdsaSigner extends SignatureSpi {

    private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256r1");
    private static final ECDomainParameters DOMAIN =
            new ECDomainParameters(CURVE.getCurve(), CURVE.getG(), CURVE.getN(), CURVE.getH());
    /** The field size in bits: with the group order, what tells P-256 from other curves. */
    private static final int FIELD_BITS = 256;

    private final MessageDigest digest;
    private ECPrivateKeyParameters key;
    private SecureRandom random;

    public P256EcdsaSigner() throws NoSuchAlgorithmException {
        this.digest = MessageDigest.getInstance("SHA-256");
    }

    @Override
    protected void engineInitSign(PrivateKey privateKey) throws InvalidKeyException {
        engineInitSign(privateKey, null);
    }

    @Override
    protected void engineInitSign(PrivateKey privateKey, SecureRandom random) throws InvalidKeyException {
        if (!(privateKey instanceof ECPrivateKey ec)
                || ec.getParams() == null
                || ec.getParams().getCurve().getField().getFieldSize() != FIELD_BITS
                || !ec.getParams().getOrder().equals(DOMAIN.getN())) {
            throw new InvalidKeyException("P-256 private keys only");
        }
        BigInteger s = ec.getS();
        this.key = new ECPrivateKeyParameters(s, DOMAIN);
        this.random = random;
        digest.reset();
    }

    @Override
    protected void engineInitVerify(PublicKey publicKey) throws InvalidKeyException {
        throw new InvalidKeyException("signing only: the JDK verifies");
    }

    @Override
    protected void engineUpdate(byte b) {
        digest.update(b);
    }

    @Override
    protected void engineUpdate(byte[] b, int off, int len) {
        digest.update(b, off, len);
    }

    @Override
    protected byte[] engineSign() throws SignatureException {
        if (key == null) {
            throw new SignatureException("not initialised for signing");
        }
        ECDSASigner signer = new ECDSASigner();
        signer.init(true, new ParametersWithRandom(key, random != null ? random : new SecureRandom()));
        BigInteger[] rs = signer.generateSignature(digest.digest());
        try {
            return StandardDSAEncoding.INSTANCE.encode(DOMAIN.getN(), rs[0], rs[1]);
        } catch (IOException e) {
            throw new SignatureException("cannot encode the signature", e);
        }
    }

    @Override
    protected boolean engineVerify(byte[] sigBytes) throws SignatureException {
        throw new SignatureException("signing only");
    }

    @Override
    @Deprecated
    protected void engineSetParameter(String param, Object value) {
        throw new InvalidParameterException("no parameters");
    }

    @Override
    @Deprecated
    protected Object engineGetParameter(String param) {
        throw new InvalidParameterException("no parameters");
    }
}
