package io.grantgate.bench.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grantgate.edge.GatewayFixture;
import io.grantgate.tls.SelfSignedCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The churn driver's TLS (bench churn --tls) against a whole gateway on the test server that refuses
 * plain TCP ({@code tls.require-secure-transport}), so that a login that succeeds went over TLS.
 */
class MiniClientTlsIT {

    private static final String NATIVE_PASSWORD = "churn-native-pw";
    private static final String SHA2_PASSWORD = "churn-sha2-pw";

    private static GatewayFixture gateway;
    private static Endpoint nativeLogin;
    private static Endpoint sha2Login;

    @BeforeAll
    static void start() throws Exception {
        gateway = new GatewayFixture(
                Duration.ofSeconds(1), Duration.ofSeconds(10), Map.of("tls.require-secure-transport", "true"));
        gateway.grantNative("churn_native", NATIVE_PASSWORD, "%", "SELECT", "*.*");
        gateway.grant("churn_sha2", SHA2_PASSWORD, "%", "SELECT", "*.*");
        int port = gateway.runtime.port();
        nativeLogin = new Endpoint("127.0.0.1", port, "churn_native", NATIVE_PASSWORD, null);
        sha2Login = new Endpoint("127.0.0.1", port, "churn_sha2", SHA2_PASSWORD, null);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void plainLoginIsRefusedSoTheOthersProveTls() {
        assertThatThrownBy(() -> MiniClient.connect(nativeLogin, null, 1024))
                .isInstanceOf(ServerError.class)
                .satisfies(e -> assertThat(((ServerError) e).code())
                        .isEqualTo(1045)); // the gateway answers access denied (reason tls_required in its log);
    }

    @Test
    void logsInOverTlsTrustingTheGatewaysCertificate() throws Exception {
        ClientTls tls = ClientTls.of(gateway.tlsCertificate(), false);
        try (MiniClient client = MiniClient.connect(nativeLogin, null, 1024, false, tls)) {
            assertThat(client.tls()).isTrue();
            assertThat(client.tlsResumed()).isFalse();
            assertThat(client.query("SELECT 1")).isEqualTo(1);
            assertThat(client.ping()).isTrue();
        }
    }

    @Test
    void cachingSha2FullAuthenticationSendsThePasswordInsideTls() throws Exception {
        ClientTls tls = ClientTls.of(null, false);
        // the gateway holds no digest of a password it has not seen a login with: full authentication
        try (MiniClient first = MiniClient.connect(sha2Login, null, 1024, false, tls)) {
            assertThat(first.fullAuthentication()).isTrue();
            assertThat(first.query("SELECT 1")).isEqualTo(1);
        }
        try (MiniClient second = MiniClient.connect(sha2Login, null, 1024, false, tls)) {
            assertThat(second.fullAuthentication())
                    .as("fast authentication from the cached digest")
                    .isFalse();
            assertThat(second.query("SELECT 1")).isEqualTo(1);
        }
    }

    @Test
    void freshContextsMakeFullHandshakesAndOneSharedContextResumes() throws Exception {
        assertThat(resumedOfFive(ClientTls.of(null, false))).containsExactly(false, false, false, false, false);
        // the first has no ticket yet; each after it resumes with the one before's
        assertThat(resumedOfFive(ClientTls.of(gateway.tlsCertificate(), true)))
                .containsExactly(false, true, true, true, true);
    }

    @Test
    void aCertificateTheCaFileDoesNotSignIsRefused() throws Exception {
        Path other = Files.createTempDirectory("other-ca");
        try {
            Path certificate = SelfSignedCertificate.generate(other).certificate();
            ClientTls tls = ClientTls.of(certificate, false);
            assertThatThrownBy(() -> MiniClient.connect(nativeLogin, null, 1024, false, tls))
                    .isInstanceOf(SSLHandshakeException.class);
        } finally {
            try (var files = Files.walk(other)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }

    private static List<Boolean> resumedOfFive(ClientTls tls) throws Exception {
        List<Boolean> resumed = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            MiniClient client = MiniClient.connect(nativeLogin, null, 1024, false, tls);
            try {
                assertThat(client.query("SELECT 1")).isEqualTo(1);
                resumed.add(client.tlsResumed());
            } finally {
                client.quit();
            }
        }
        return resumed;
    }
}
