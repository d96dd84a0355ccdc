package io.grantgate.tls;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the gateway's TLS certificate and key come from: PEM files (certificate chain, PKCS#8 or
 * PKCS#1 key), a PKCS#12 keystore, or, when neither is configured, a self-signed pair generated on
 * first start and kept in the data directory, as MySQL does with its auto-generated certificates.
 */
public sealed interface TlsFiles {

    /** PEM certificate chain and private key. */
    record Pem(Path certificate, Path key) implements TlsFiles {
        public Pem {
            Objects.requireNonNull(certificate, "certificate");
            Objects.requireNonNull(key, "key");
        }
    }

    /** A PKCS#12 keystore holding one key entry. */
    record Pkcs12(Path keystore, Optional<char[]> password) implements TlsFiles {
        public Pkcs12 {
            Objects.requireNonNull(keystore, "keystore");
            Objects.requireNonNull(password, "password");
        }
    }

    /** Generated once into {@code directory} (server-cert.pem, server-key.pem), then reused. */
    record SelfSigned(Path directory) implements TlsFiles {
        public SelfSigned {
            Objects.requireNonNull(directory, "directory");
        }
    }
}
