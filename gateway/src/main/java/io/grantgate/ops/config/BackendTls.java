package io.grantgate.ops.config;

import io.grantgate.backend.BackendEndpoint;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * How the gateway talks to its backend: plain TCP, or TLS that verifies the server's certificate,
 * in the words of MySQL's {@code --ssl-mode}. There is no REQUIRED-without-verification mode on
 * purpose: the gateway logs in with derived secrets, and must not hand them to whoever answers.
 *
 * @param mode {@code backend.tls.mode}: {@code disabled} (default), {@code verify-ca} (chain only,
 *     for a backend reached by an address its certificate does not name), {@code verify-identity}
 * @param ca {@code backend.tls.ca}: PEM file of the certificates to trust; the JDK's trust store without it
 */
public record BackendTls(Mode mode, Optional<Path> ca) {

    public enum Mode {
        DISABLED,
        VERIFY_CA,
        VERIFY_IDENTITY
    }

    public BackendTls {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(ca, "ca");
    }

    static BackendTls from(Settings settings) {
        String value = settings.get("backend.tls.mode", "disabled");
        Mode mode;
        try {
            mode = Mode.valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(
                    "backend.tls.mode", "must be disabled, verify-ca or verify-identity, not '" + value + "'");
        }
        Optional<Path> ca = settings.get("backend.tls.ca").map(Path::of);
        if (mode == Mode.DISABLED && ca.isPresent()) {
            throw new ConfigException("backend.tls.ca", "is set but backend.tls.mode is disabled");
        }
        return new BackendTls(mode, ca);
    }

    /** The endpoint to dial; the CA file is read now, so a bad one stops the start-up with its name. */
    public BackendEndpoint endpoint(String host, int port) {
        if (mode == Mode.DISABLED) {
            return BackendEndpoint.plain(host, port);
        }
        return new BackendEndpoint(host, port, true, ca.map(BackendTls::trusting), mode == Mode.VERIFY_IDENTITY);
    }

    private static SSLContext trusting(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends Certificate> certificates =
                    CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new ConfigException("backend.tls.ca", "holds no certificate: " + pem);
            }
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (Certificate certificate : certificates) {
                trust.setCertificateEntry("ca-" + i++, certificate);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException(
                    "backend.tls.ca", "cannot be read as PEM certificates (" + pem + "): " + e.getMessage());
        }
    }
}
