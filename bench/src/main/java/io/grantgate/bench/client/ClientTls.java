package io.grantgate.bench.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * How a {@link MiniClient} speaks TLS: the JDK's own TLS client, trusting every certificate or only
 * those a CA file signs (no host-name check: the bench targets are loopback addresses).
 *
 * <p>By default each connection gets a fresh {@link SSLContext}, so it shares no session with any
 * other and every handshake is a full one, as with libmariadb, which makes a new context per
 * connection. With {@code resume} all connections share one context, whose client session cache
 * holds the server's TLS 1.3 ticket, so that a connection to the same host and port resumes.
 *
 * <p>Whether a handshake resumed is told by the trust manager: it checks the server's certificate in
 * a full handshake only (a resumed one sends none). SSLSocket runs the handshake on the thread that
 * starts it, so a thread-local flag per handshake is enough.
 */
public final class ClientTls {

    private static final ThreadLocal<boolean[]> CERTIFICATE_CHECKED = ThreadLocal.withInitial(() -> new boolean[1]);

    private final TrustManager[] trustManagers;
    private final SecureRandom random = new SecureRandom();
    private final SSLContext shared;

    private ClientTls(X509ExtendedTrustManager trust, boolean resume) throws GeneralSecurityException {
        this.trustManagers = new TrustManager[] {new Noting(trust)};
        this.shared = resume ? newContext() : null;
    }

    /**
     * @param caFile PEM certificates to trust, or null to trust any certificate
     * @param resume one context for all connections, so that TLS 1.3 sessions resume
     */
    public static ClientTls of(Path caFile, boolean resume) throws IOException, GeneralSecurityException {
        return new ClientTls(caFile == null ? new TrustAll() : trusting(caFile), resume);
    }

    /** Whether connections share one context (and so may resume). */
    public boolean resumes() {
        return shared != null;
    }

    /**
     * Layers TLS over {@code plain} (already connected; the caller has sent SSLRequest) and runs the
     * handshake; the returned socket closes {@code plain} with it.
     */
    SSLSocket handshake(Socket plain, String host, int port) throws IOException {
        SSLContext context;
        try {
            context = shared != null ? shared : newContext();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up a TLS context", e);
        }
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true);
        tls.setUseClientMode(true);
        CERTIFICATE_CHECKED.get()[0] = false;
        tls.startHandshake();
        return tls;
    }

    /** Whether the last handshake on this thread checked no certificate, i.e. resumed a session. */
    boolean lastHandshakeResumed() {
        return !CERTIFICATE_CHECKED.get()[0];
    }

    private SSLContext newContext() throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trustManagers, random);
        return context;
    }

    private static X509ExtendedTrustManager trusting(Path caFile) throws IOException, GeneralSecurityException {
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(caFile)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
        if (certificates.isEmpty()) {
            throw new IOException("no certificate in " + caFile);
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int n = 0;
        for (Certificate certificate : certificates) {
            store.setCertificateEntry("ca-" + n++, certificate);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509ExtendedTrustManager extended) {
                return extended;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager");
    }

    /** Notes on this thread that a server certificate was checked, then lets {@code delegate} decide. */
    private static final class Noting extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager delegate;

        Noting(X509ExtendedTrustManager delegate) {
            this.delegate = delegate;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            CERTIFICATE_CHECKED.get()[0] = true;
            delegate.checkServerTrusted(chain, authType, socket);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            CERTIFICATE_CHECKED.get()[0] = true;
            delegate.checkServerTrusted(chain, authType, engine);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            CERTIFICATE_CHECKED.get()[0] = true;
            delegate.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("a client does not check clients");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("a client does not check clients");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a client does not check clients");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return delegate.getAcceptedIssuers();
        }
    }

    /** Any certificate: a load generator measures, it does not need to know whom it talks to. */
    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
