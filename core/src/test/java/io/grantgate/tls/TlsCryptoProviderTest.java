package io.grantgate.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Security;
import java.security.Signature;
import java.security.interfaces.XECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPublicKeySpec;
import javax.crypto.KeyAgreement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsCryptoProviderTest {

    private static final byte[] MESSAGE = "the handshake's transcript hash, say".getBytes();

    @BeforeAll
    static void install() {
        TlsCryptoProvider.install();
    }

    @Test
    void loadingATlsContextPutsTheProviderFirstForWhatSunJsseAsks(@TempDir Path dir) throws Exception {
        Security.removeProvider(TlsCryptoProvider.NAME);
        TlsContext.load(new TlsFiles.SelfSigned(dir));
        KeyPair p256 = ecPair("secp256r1");

        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(p256.getPrivate());
        KeyPairGenerator xdh = KeyPairGenerator.getInstance("XDH");
        xdh.initialize(NamedParameterSpec.X25519);
        KeyAgreement agreement = KeyAgreement.getInstance("XDH");
        agreement.init(xdh.generateKeyPair().getPrivate());

        assertThat(signer.getProvider().getName()).isEqualTo(TlsCryptoProvider.NAME);
        assertThat(xdh.getProvider().getName()).isEqualTo(TlsCryptoProvider.NAME);
        assertThat(agreement.getProvider().getName()).isEqualTo(TlsCryptoProvider.NAME);
    }

    @Test
    void x25519AgreesWithTheJdksOwnBothWays() throws Exception {
        KeyPair ours = x25519Pair();
        KeyPairGenerator jdkGenerator = KeyPairGenerator.getInstance("XDH", "SunEC");
        jdkGenerator.initialize(NamedParameterSpec.X25519);
        KeyPair jdk = jdkGenerator.generateKeyPair();
        // the peer's key as SunJSSE makes it from the bytes on the wire
        XECPublicKey jdkAsSeen = (XECPublicKey) KeyFactory.getInstance("XDH")
                .generatePublic(
                        new XECPublicKeySpec(NamedParameterSpec.X25519, ((XECPublicKey) jdk.getPublic()).getU()));

        KeyAgreement ourSide = KeyAgreement.getInstance("XDH", TlsCryptoProvider.NAME);
        ourSide.init(ours.getPrivate());
        ourSide.doPhase(jdkAsSeen, true);
        KeyAgreement jdkSide = KeyAgreement.getInstance("XDH", "SunEC");
        jdkSide.init(jdk.getPrivate());
        jdkSide.doPhase(ours.getPublic(), true);

        assertThat(ourSide.generateSecret("TlsPremasterSecret").getEncoded()).isEqualTo(jdkSide.generateSecret());
    }

    @Test
    void aPeerPointOfSmallOrderIsRefused() throws Exception {
        KeyPair ours = x25519Pair();
        KeyAgreement agreement = KeyAgreement.getInstance("XDH", TlsCryptoProvider.NAME);
        agreement.init(ours.getPrivate());
        XECPublicKey zero = (XECPublicKey) KeyFactory.getInstance("XDH", TlsCryptoProvider.NAME)
                .generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, BigInteger.ZERO));

        assertThatThrownBy(() -> agreement.doPhase(zero, true))
                .isInstanceOf(InvalidKeyException.class)
                .hasMessageContaining("small order");
    }

    @Test
    void p256SignaturesVerifyWithTheJdk() throws Exception {
        KeyPair pair = ecPair("secp256r1");
        Signature signer = Signature.getInstance("SHA256withECDSA", TlsCryptoProvider.NAME);
        signer.initSign(pair.getPrivate());
        signer.update(MESSAGE);
        byte[] signature = signer.sign();

        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(pair.getPublic());
        verifier.update(MESSAGE);
        assertThat(verifier.verify(signature)).isTrue();
        assertThat(verifier.getProvider().getName())
                .as("verifying stays with the JDK")
                .isEqualTo("SunEC");
    }

    @Test
    void otherCurvesAndX448FallBackToTheJdk() throws Exception {
        Signature p384 = Signature.getInstance("SHA256withECDSA");
        p384.initSign(ecPair("secp384r1").getPrivate());
        KeyPairGenerator x448 = KeyPairGenerator.getInstance("XDH");
        x448.initialize(NamedParameterSpec.X448);

        assertThat(p384.getProvider().getName()).isEqualTo("SunEC");
        assertThat(x448.getProvider().getName()).isEqualTo("SunEC");
        assertThat(((NamedParameterSpec) ((XECPublicKey) x448.generateKeyPair().getPublic()).getParams()).getName())
                .isEqualTo("X448");
    }

    private static KeyPair x25519Pair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("XDH", TlsCryptoProvider.NAME);
        generator.initialize(NamedParameterSpec.X25519);
        return generator.generateKeyPair();
    }

    private static KeyPair ecPair(String curve) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", "SunEC");
        generator.initialize(new ECGenParameterSpec(curve));
        return generator.generateKeyPair();
    }
}
