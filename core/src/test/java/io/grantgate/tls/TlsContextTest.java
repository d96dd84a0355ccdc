package io.grantgate.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsContextTest {

    @TempDir
    Path dir;

    @Test
    void generatesAPrivateSelfSignedPairOnceAndReusesIt() throws Exception {
        TlsContext first = TlsContext.load(new TlsFiles.SelfSigned(dir));
        Path key = dir.resolve(SelfSignedCertificate.KEY_FILE);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
                .isEqualTo("rw-------");
        assertThat(first.certificate().getSubjectX500Principal().getName()).contains("GrantGate");
        assertThat(first.certificate().getPublicKey().getAlgorithm())
                .as("ECDSA P-256: a full handshake costs the server about half of what RSA 2048 does")
                .isEqualTo("EC");
        assertThat(TlsContext.load(new TlsFiles.SelfSigned(dir)).certificate()).isEqualTo(first.certificate());
    }

    @Test
    void aClientTrustingTheCertificateCompletesATls13Handshake() throws Exception {
        TlsContext server = TlsContext.load(new TlsFiles.SelfSigned(dir));
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> accepted = CompletableFuture.supplyAsync(() -> {
                try (Socket plain = listener.accept();
                        SSLSocket tls = server.upgrade(plain)) {
                    int b = tls.getInputStream().read();
                    tls.getOutputStream().write(b + 1);
                    tls.getOutputStream().flush();
                    return tls.getSession().getProtocol();
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            try (SSLSocket client = (SSLSocket) trusting(server.certificate())
                    .getSocketFactory()
                    .createSocket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
                client.getOutputStream().write(41);
                client.getOutputStream().flush();
                assertThat(client.getInputStream().read()).isEqualTo(42);
            }
            assertThat(accepted.get(10, TimeUnit.SECONDS)).isEqualTo("TLSv1.3");
        }
    }

    @Test
    void anRsaPairGeneratedBeforeIsKeptAndServes() throws Exception {
        SelfSignedCertificate.generate(dir, SelfSignedCertificate.Algorithm.RSA_2048);

        TlsContext server = TlsContext.load(new TlsFiles.SelfSigned(dir));

        assertThat(server.certificate().getPublicKey().getAlgorithm()).isEqualTo("RSA");
        assertThat(cipherSuiteWith(server, client -> {})).startsWith("TLS_");
    }

    @Test
    void aClientOfferingOnlyTls11IsRefused() throws Exception {
        TlsContext server = TlsContext.load(new TlsFiles.SelfSigned(dir));
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> accepted = CompletableFuture.runAsync(() -> {
                try (Socket plain = listener.accept()) {
                    server.upgrade(plain);
                } catch (IOException expected) {
                    // the handshake fails, as it must
                }
            });
            try (SSLSocket client = (SSLSocket) trusting(server.certificate())
                    .getSocketFactory()
                    .createSocket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
                client.setEnabledProtocols(new String[] {"TLSv1.1"});
                assertThatThrownBy(client::startHandshake).isInstanceOf(IOException.class);
            }
            accepted.get(10, TimeUnit.SECONDS);
        }
    }

    /** The cipher suite the server ends up with for a client set up so, or "refused" when the handshake fails. */
    private String cipherSuiteWith(TlsContext server, Consumer<SSLSocket> setUp) throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> accepted = CompletableFuture.supplyAsync(() -> {
                try (Socket plain = listener.accept();
                        SSLSocket tls = server.upgrade(plain)) {
                    return tls.getSession().getCipherSuite();
                } catch (IOException e) {
                    return "refused";
                }
            });
            try (SSLSocket client = (SSLSocket) trusting(server.certificate())
                    .getSocketFactory()
                    .createSocket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
                setUp.accept(client);
                client.startHandshake();
            } catch (IOException e) {
                // the server's answer below says what happened
            }
            return accepted.get(10, TimeUnit.SECONDS);
        }
    }

    private String tls12With(TlsContext server, String... suites) throws Exception {
        return cipherSuiteWith(server, client -> {
            client.setEnabledProtocols(new String[] {"TLSv1.2"});
            client.setEnabledCipherSuites(suites);
        });
    }

    @Test
    void tls12GetsAnEcdheAeadSuiteAndACbcOnlyClientIsRefused() throws Exception {
        TlsContext server = TlsContext.load(new TlsFiles.SelfSigned(dir));

        assertThat(tls12With(server, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"))
                .isEqualTo("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
        assertThat(tls12With(server, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"))
                .isEqualTo("TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256");
        assertThat(tls12With(server, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA"))
                .as("CBC suites are not offered")
                .isEqualTo("refused");
    }

    @Test
    void aKeyFileWithoutAKeyIsAClearError() throws Exception {
        TlsFiles.Pem generated = SelfSignedCertificate.generate(dir);
        Path notAKey = dir.resolve("not-a-key.pem");
        Files.copy(generated.certificate(), notAKey);

        assertThatThrownBy(() -> TlsContext.load(new TlsFiles.Pem(generated.certificate(), notAKey)))
                .hasMessageContaining("no unencrypted private key");
    }

    private static SSLContext trusting(X509Certificate certificate) throws Exception {
        java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("gateway", certificate);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }
}
