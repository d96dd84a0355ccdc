package io.grantgate.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grantgate.auth.Secret;
import io.grantgate.backend.BackendConnectOptions;
import io.grantgate.backend.BackendConnection;
import io.grantgate.backend.BackendCredentials;
import io.grantgate.backend.BackendEndpoint;
import io.grantgate.backend.BackendException;
import io.grantgate.testing.FirstValue;
import io.grantgate.testing.ServerLogin;
import io.grantgate.testing.TestBackend;
import io.grantgate.tls.SelfSignedCertificate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS from the gateway to the backend, configured as an operator would: {@code backend.tls.mode}
 * and a PEM file with the certificate to trust. The test backend's certificate is whatever the
 * server generated for itself, so the test first records it, then trusts exactly that.
 */
class GatewayBackendTlsIT {

    @TempDir
    Path dir;

    @Test
    void sessionsRunOverVerifiedTlsToTheBackend() throws Exception {
        Path ca = writePem(backendCertificates(), dir.resolve("backend-ca.pem"));
        try (GatewayFixture gateway = new GatewayFixture(
                Duration.ofSeconds(1),
                Duration.ofSeconds(30),
                Map.of("backend.tls.mode", "verify-ca", "backend.tls.ca", ca.toString()))) {
            String user = "btls_" + gateway.prefix;
            gateway.grant(user, "pw-" + user, "127.0.0.1", null, null);
            try (Connection c = DriverManager.getConnection(gateway.url("", ""), user, "pw-" + user);
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SHOW SESSION STATUS LIKE 'Ssl_version'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(2))
                        .as("the backend session is encrypted")
                        .matches("TLSv1\\.[23]");
            }
        }
    }

    @Test
    void anIdleSessionWhoseTlsBackendConnectionIsKilledEndsAtOnce() throws Exception {
        Path ca = writePem(backendCertificates(), dir.resolve("backend-ca.pem"));
        try (GatewayFixture gateway = new GatewayFixture(
                Duration.ofSeconds(1),
                Duration.ofSeconds(30),
                Map.of("backend.tls.mode", "verify-ca", "backend.tls.ca", ca.toString()))) {
            String user = "btlk_" + gateway.prefix;
            gateway.grant(user, "pw-" + user, "127.0.0.1", null, null);
            try (Connection c = DriverManager.getConnection(gateway.url("", ""), user, "pw-" + user)) {
                long backendId = FirstValue.asLong(c, "SELECT CONNECTION_ID()");
                long since = System.nanoTime();
                try (Connection admin = gateway.backend.connect("");
                        Statement s = admin.createStatement()) {
                    s.execute("KILL " + backendId);
                }
                // a TLS backend connection relays on the session's thread: the backend watch finds the close
                long deadline = since + Duration.ofSeconds(2).toNanos();
                while (gateway.runtime.backendPool().active() > 0 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(gateway.runtime.backendPool().active())
                        .as(
                                "backend connections borrowed %s after the KILL",
                                Duration.ofNanos(System.nanoTime() - since))
                        .isZero();
                assertThat(c.isValid(2)).as("the client's connection").isFalse();
            }
        }
    }

    @Test
    void aBackendCertificateTheGatewayDoesNotTrustStopsTheStartUp() throws Exception {
        // a certificate that did not sign the backend's: a freshly generated self-signed one
        Path foreign = SelfSignedCertificate.generate(dir.resolve("foreign")).certificate();
        assertThatThrownBy(() -> new GatewayFixture(
                                Duration.ofSeconds(1),
                                Duration.ofSeconds(30),
                                Map.of("backend.tls.mode", "verify-ca", "backend.tls.ca", foreign.toString()))
                        .close())
                .isInstanceOfSatisfying(BackendException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(2026);
                    // "PKIX path building failed" when no anchor has the backend's issuer name, "PKIX path
                    // validation failed: signature check failed" when one has it but did not sign (the
                    // embedded backend's certificate and this one are both GrantGate's self-signed ones)
                    assertThat(e.getMessage()).contains("TLS").contains("PKIX path");
                });
    }

    /** The chain the backend presents, recorded by a trust manager that accepts it once, here only. */
    private static List<X509Certificate> backendCertificates() throws Exception {
        List<X509Certificate> seen = new ArrayList<>();
        X509TrustManager recorder = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                seen.addAll(List.of(chain));
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new javax.net.ssl.TrustManager[] {recorder}, null);
        ServerLogin login = TestBackend.get().login();
        BackendEndpoint endpoint = new BackendEndpoint(login.host(), login.port(), true, Optional.of(context), false);
        try (BackendConnection ignored = BackendConnection.open(
                endpoint,
                new BackendCredentials(login.user(), new Secret(login.password())),
                BackendConnectOptions.defaults())) {
            assertThat(seen).as("the test backend offers TLS").isNotEmpty();
        }
        return seen;
    }

    private static Path writePem(List<X509Certificate> certificates, Path file) throws Exception {
        StringBuilder pem = new StringBuilder();
        Base64.Encoder encoder = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        for (X509Certificate certificate : certificates) {
            pem.append("-----BEGIN CERTIFICATE-----\n")
                    .append(encoder.encodeToString(certificate.getEncoded()))
                    .append("\n-----END CERTIFICATE-----\n");
        }
        return Files.writeString(file, pem);
    }
}
