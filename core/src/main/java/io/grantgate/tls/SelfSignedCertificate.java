package io.grantgate.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Generates the self-signed certificate a gateway uses when no certificate is configured: ECDSA on
 * P-256 with SHA-256, valid ten years, for localhost and the loopback addresses. ECDSA because the
 * server signs once per full TLS handshake, and a P-256 signature costs a small fraction of an
 * RSA-2048 one (bench/README.md, "TLS handshake cost"); every TLS 1.2/1.3 client the gateway serves
 * accepts it. A pair generated earlier (RSA, before this default) is kept as it is: clients may
 * have been given it. Clients that verify the server certificate must be given it (or a real one
 * configured); TLS still encrypts either way.
 */
public final class SelfSignedCertificate {

    /** The key of a generated certificate. */
    public enum Algorithm {
        /** ECDSA on the NIST P-256 curve: the default. */
        EC_P256("EC", "SHA256withECDSA"),
        /** RSA 2048: what earlier versions generated; kept for comparison (bench). */
        RSA_2048("RSA", "SHA256withRSA");

        private final String keyAlgorithm;
        private final String signatureAlgorithm;

        Algorithm(String keyAlgorithm, String signatureAlgorithm) {
            this.keyAlgorithm = keyAlgorithm;
            this.signatureAlgorithm = signatureAlgorithm;
        }

        KeyPair generateKeyPair() throws GeneralSecurityException {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(keyAlgorithm);
            if (this == EC_P256) {
                generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            } else {
                generator.initialize(2048, new SecureRandom());
            }
            return generator.generateKeyPair();
        }
    }

    static final String CERTIFICATE_FILE = "server-cert.pem";
    static final String KEY_FILE = "server-key.pem";
    private static final Duration VALIDITY = Duration.ofDays(3650);

    private SelfSignedCertificate() {}

    /** Writes {@code server-cert.pem} and {@code server-key.pem} (mode 0600) into {@code directory}. */
    public static TlsFiles.Pem generate(Path directory) throws IOException {
        return generate(directory, Algorithm.EC_P256);
    }

    /** The same, with a key of the given algorithm. */
    public static TlsFiles.Pem generate(Path directory, Algorithm algorithm) throws IOException {
        try {
            KeyPair pair = algorithm.generateKeyPair();
            X500Name subject = new X500Name("CN=GrantGate auto-generated server certificate");
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    subject,
                    new BigInteger(64, new SecureRandom()),
                    Date.from(now.minus(Duration.ofMinutes(5))),
                    Date.from(now.plus(VALIDITY)),
                    subject,
                    pair.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.iPAddress, "::1")
            }));
            X509Certificate certificate = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(
                            new JcaContentSignerBuilder(algorithm.signatureAlgorithm).build(pair.getPrivate())));
            Files.createDirectories(directory);
            Path key = directory.resolve(KEY_FILE);
            Path cert = directory.resolve(CERTIFICATE_FILE);
            // PKCS #8 ("BEGIN PRIVATE KEY"), which names the key's algorithm and curve, for RSA and EC alike
            writePrivate(key, pem(new JcaPKCS8Generator(pair.getPrivate(), null)));
            writePrivate(cert, pem(certificate));
            return new TlsFiles.Pem(cert, key);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot generate a self-signed certificate: " + e.getMessage(), e);
        }
    }

    private static String pem(Object object) throws IOException {
        Writer text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        }
        return text.toString();
    }

    /** Created 0600 and moved into place, so the key is never readable by others, not even briefly. */
    private static void writePrivate(Path file, String text) throws IOException {
        Path tmp = Files.createTempFile(
                file.getParent(),
                file.getFileName().toString(),
                ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(tmp, text);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
