package io.grantgate.ops.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.grantgate.testing.BackendChoice;
import io.grantgate.testing.ServerLogin;
import io.grantgate.testing.TestBackend;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;

/**
 * The embedded MariaDB presents the ECDSA P-256 certificate it was given, not the RSA 4096 one it
 * would generate for itself, which its WolfSSL signs at ~75 ms of CPU per TLS handshake.
 */
class EmbeddedTlsIT {

    @Test
    void theEmbeddedServerPresentsItsGeneratedP256Certificate() throws Exception {
        TestBackend backend = TestBackend.get();
        assumeTrue(backend.choice() instanceof BackendChoice.Embedded, "the embedded backend only");
        try (Connection c = backend.connect("");
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT @@ssl_cert, @@ssl_key")) {
            assertThat(r.next()).isTrue();
            assertThat(r.getString(1)).endsWith("/mariadb/tls/server-cert.pem");
            assertThat(r.getString(2)).endsWith("/mariadb/tls/server-key.pem");
        }
        X509Certificate presented = serverCertificate(backend.login());
        assertThat(presented.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(presented.getSubjectX500Principal().getName()).contains("GrantGate");
    }

    /** The certificate of a TLS handshake after SSLRequest (protocol 4.1), trusting anything. */
    private static X509Certificate serverCertificate(ServerLogin login) throws Exception {
        try (Socket plain = new Socket(login.host(), login.port())) {
            InputStream in = new BufferedInputStream(plain.getInputStream());
            byte[] header = in.readNBytes(4);
            int length = (header[0] & 0xFF) | (header[1] & 0xFF) << 8 | (header[2] & 0xFF) << 16;
            in.readNBytes(length); // the greeting
            int capabilities = 1 << 9 | 1 << 11 | 1 << 15 | 1 << 19; // PROTOCOL_41, SSL, SECURE_CONNECTION, PLUGIN_AUTH
            byte[] request = new byte[4 + 32];
            request[0] = 32;
            request[3] = (byte) (header[3] + 1);
            for (int i = 0; i < 4; i++) {
                request[4 + i] = (byte) (capabilities >>> (8 * i));
            }
            request[4 + 7] = 1; // max packet 16 MiB
            request[4 + 8] = 45; // utf8mb4_general_ci
            OutputStream out = plain.getOutputStream();
            out.write(request);
            out.flush();
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new AnyServer()}, null);
            try (SSLSocket tls =
                    (SSLSocket) context.getSocketFactory().createSocket(plain, login.host(), login.port(), true)) {
                tls.startHandshake();
                return (X509Certificate) tls.getSession().getPeerCertificates()[0];
            }
        }
    }

    private static final class AnyServer implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
