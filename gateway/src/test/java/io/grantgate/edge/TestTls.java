package io.grantgate.edge;

import io.grantgate.tls.TlsContext;
import io.grantgate.tls.TlsFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * One self-signed gateway certificate for the unit tests that run TLS sessions, generated once per
 * test JVM, and a JDK TLS client that trusts it.
 */
final class TestTls {

    private static TlsContext server;
    private static SSLContext trusting;

    private TestTls() {}

    /** The gateway's side: the self-signed pair, as a gateway without a configured certificate makes. */
    static synchronized TlsContext server() {
        if (server == null) {
            try {
                Path dir = Files.createTempDirectory("test-tls");
                dir.toFile().deleteOnExit();
                server = TlsContext.load(new TlsFiles.SelfSigned(dir));
                KeyStore trust = KeyStore.getInstance("PKCS12");
                trust.load(null, null);
                trust.setCertificateEntry("gateway", server.certificate());
                TrustManagerFactory factory =
                        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                factory.init(trust);
                trusting = SSLContext.getInstance("TLS");
                trusting.init(null, factory.getTrustManagers(), null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
        return server;
    }

    /** A TLS client over {@code plain} that trusts {@link #server()}'s certificate; the caller starts its handshake. */
    static SSLSocket client(Socket plain) throws IOException {
        server();
        SSLSocket tls = (SSLSocket) trusting.getSocketFactory().createSocket(plain, "localhost", plain.getPort(), true);
        tls.setSoTimeout(plain.getSoTimeout());
        return tls;
    }

    /** The same with only {@code protocol} enabled (TLSv1.2 or TLSv1.3). */
    static SSLSocket client(Socket plain, String protocol) throws IOException {
        SSLSocket tls = client(plain);
        tls.setEnabledProtocols(new String[] {protocol});
        return tls;
    }
}
