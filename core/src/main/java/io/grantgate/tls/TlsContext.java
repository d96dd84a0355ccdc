package io.grantgate.tls;

import java.io.IOException;
import java.io.Reader;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * The server side of TLS: an SSLContext built from the configured certificate and key, restricted
 * to TLS 1.2 and 1.3, and the upgrade of an accepted plain socket after the client's SSLRequest.
 * Loading one installs {@link TlsCryptoProvider} (X25519 and P-256 signing on Bouncy Castle's
 * arithmetic, for every TLS of the JVM): the handshake's public-key work is most of a TLS login's
 * cost.
 */
public final class TlsContext {

    /** TLS 1.0 and 1.1 are broken and disabled in current JDKs anyway; say so explicitly. */
    public static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    /**
     * The cipher suites offered: TLS 1.3's three, and TLS 1.2's ECDHE suites with an AEAD cipher
     * (for ECDSA and RSA certificates), as Mozilla's "intermediate" configuration has them. Not the
     * JDK's forty-odd defaults: each handshake checks every enabled suite against the JDK's
     * algorithm constraints, which cost about 70 µs of a TLS login (bench/README.md), and the rest
     * are CBC suites a client has no reason to choose.
     */
    public static final String[] CIPHER_SUITES = {
        "TLS_AES_128_GCM_SHA256",
        "TLS_AES_256_GCM_SHA384",
        "TLS_CHACHA20_POLY1305_SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
        "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"
    };

    /** The key-exchange groups, fastest first: X25519 (on Bouncy Castle's arithmetic, see TlsCryptoProvider) and the NIST curves. */
    public static final String[] NAMED_GROUPS = {"x25519", "secp256r1", "secp384r1"};

    private final SSLContext context;
    private final X509Certificate certificate;

    private TlsContext(SSLContext context, X509Certificate certificate) {
        this.context = context;
        this.certificate = certificate;
    }

    /** Loads the certificate and key, generating the self-signed pair first when asked and missing. */
    public static TlsContext load(TlsFiles files) throws IOException {
        TlsCryptoProvider.install();
        try {
            KeyStore store = switch (files) {
                case TlsFiles.Pem pem -> fromPem(pem);
                case TlsFiles.Pkcs12 p12 -> fromPkcs12(p12);
                case TlsFiles.SelfSigned self -> fromPem(selfSigned(self.directory()));
            };
            char[] password =
                    files instanceof TlsFiles.Pkcs12 p12 ? p12.password().orElse(new char[0]) : new char[0];
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            String alias = store.aliases().nextElement();
            return new TlsContext(context, (X509Certificate) store.getCertificate(alias));
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot load the TLS certificate and key (" + files + "): " + e.getMessage(), e);
        }
    }

    /** The server certificate clients see. */
    public X509Certificate certificate() {
        return certificate;
    }

    /** A server-mode engine with the same protocols, for TLS without a socket of its own (non-blocking I/O). */
    public SSLEngine serverEngine() {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(false);
        engine.setSSLParameters(parameters(engine.getSSLParameters()));
        return engine;
    }

    /** Wraps an accepted socket, in server mode, and completes the handshake. */
    public SSLSocket upgrade(Socket plain) throws IOException {
        return upgrade(plain, null);
    }

    /**
     * The same, when bytes of the TLS handshake were already read off the socket: clients that
     * send their ClientHello right behind the SSLRequest, without waiting (libmariadb does), leave it
     * in the reader's buffer, and the TLS layer must start from those bytes.
     */
    public SSLSocket upgrade(Socket plain, java.io.InputStream consumed) throws IOException {
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, consumed, true);
        tls.setUseClientMode(false);
        tls.setSSLParameters(parameters(tls.getSSLParameters()));
        tls.startHandshake();
        return tls;
    }

    private static SSLParameters parameters(SSLParameters defaults) {
        defaults.setProtocols(PROTOCOLS);
        defaults.setCipherSuites(CIPHER_SUITES);
        defaults.setNamedGroups(NAMED_GROUPS);
        return defaults;
    }

    private static TlsFiles.Pem selfSigned(Path directory) throws IOException {
        Path cert = directory.resolve(SelfSignedCertificate.CERTIFICATE_FILE);
        Path key = directory.resolve(SelfSignedCertificate.KEY_FILE);
        if (Files.exists(cert) && Files.exists(key)) {
            return new TlsFiles.Pem(cert, key);
        }
        return SelfSignedCertificate.generate(directory);
    }

    private static KeyStore fromPem(TlsFiles.Pem pem) throws IOException, GeneralSecurityException {
        List<Certificate> chain = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(pem.certificate());
                PEMParser parser = new PEMParser(in)) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (o instanceof X509CertificateHolder holder) {
                    chain.add(new JcaX509CertificateConverter().getCertificate(holder));
                }
            }
        }
        if (chain.isEmpty()) {
            throw new GeneralSecurityException("no certificate in " + pem.certificate());
        }
        PrivateKey key;
        try (Reader in = Files.newBufferedReader(pem.key());
                PEMParser parser = new PEMParser(in)) {
            Object o = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            key = switch (o) {
                case PEMKeyPair pair -> converter.getKeyPair(pair).getPrivate();
                case PrivateKeyInfo info -> converter.getPrivateKey(info);
                case null, default -> throw new GeneralSecurityException("no unencrypted private key in " + pem.key());
            };
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("server", key, new char[0], chain.toArray(Certificate[]::new));
        return store;
    }

    private static KeyStore fromPkcs12(TlsFiles.Pkcs12 p12) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(p12.keystore())) {
            store.load(in, p12.password().orElse(new char[0]));
        }
        return store;
    }
}
