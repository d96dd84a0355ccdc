package io.grantgate.tls;

import java.security.Provider;
import java.security.Security;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.XECPrivateKey;
import java.util.List;
import java.util.Map;

/**
 * The public-key work of a TLS handshake on Bouncy Castle's arithmetic, behind the JDK's own TLS
 * (SunJSSE): X25519 key generation and agreement, and SHA256withECDSA signing on P-256. These
 * three are most of the server's CPU in a full TLS 1.3 handshake, and the JDK's are written in
 * plain Java without intrinsics on 25: Bouncy Castle's take about half the time (bench/README.md,
 * "TLS logins"). Everything else (record ciphers, digests, HKDF, X448, other curves, verifying)
 * stays with the JDK: each class here refuses what it does not do, and the JCA falls back to the
 * next provider.
 *
 * <p>Installed first in the JVM's provider list ({@link #install()}), as SunJSSE asks the JCA for
 * these algorithms by name, without a provider.
 */
public final class TlsCryptoProvider extends Provider {

    /** The provider's name in {@code Security.getProviders()}. */
    public static final String NAME = "GrantGateTlsCrypto";

    private static final String VERSION = "1.0";

    private TlsCryptoProvider() {
        super(NAME, VERSION, "X25519 and P-256 ECDSA signing for TLS, on Bouncy Castle's arithmetic");
        service("KeyPairGenerator", "XDH", X25519KeyPairGenerator.class, List.of("X25519"), Map.of());
        service("KeyFactory", "XDH", X25519KeyFactory.class, List.of("X25519"), Map.of());
        // the key classes let the JCA pass other keys (a public key to verify with) on without trying
        service("KeyAgreement", "XDH", X25519KeyAgreement.class, List.of("X25519"), keys(XECPrivateKey.class));
        service("Signature", "SHA256withECDSA", P256EcdsaSigner.class, List.of(), keys(ECPrivateKey.class));
    }

    private static Map<String, String> keys(Class<?> keyClass) {
        return Map.of("SupportedKeyClasses", keyClass.getName());
    }

    private void service(
            String type,
            String algorithm,
            Class<?> implementation,
            List<String> aliases,
            Map<String, String> attributes) {
        putService(new Service(this, type, algorithm, implementation.getName(), aliases, attributes));
    }

    /**
     * The system property that, {@code true}, leaves the JDK's providers alone: for comparison
     * (bench/login-profile.sh) and for deployments that must use the JDK's crypto only.
     */
    public static final String JDK_ONLY_PROPERTY = "grantgate.tls.jdk-crypto-only";

    /** Puts the provider first, once per JVM, unless {@link #JDK_ONLY_PROPERTY} says not to; later calls do nothing. */
    public static synchronized void install() {
        if (!Boolean.getBoolean(JDK_ONLY_PROPERTY) && Security.getProvider(NAME) == null) {
            Security.insertProviderAt(new TlsCryptoProvider(), 1);
        }
    }
}
