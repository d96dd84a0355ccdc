package io.grantgate.ops.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grantgate.backend.BackendEndpoint;
import io.grantgate.tls.SelfSignedCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackendTlsTest {

    @TempDir
    Path dir;

    private static BackendTls of(Map<String, String> file) {
        return BackendTls.from(new Settings(file, Map.of()));
    }

    @Test
    void plainByDefault() {
        BackendEndpoint endpoint = of(Map.of()).endpoint("db", 3306);
        assertThat(endpoint.useTls()).isFalse();
        assertThat(endpoint.sslContext()).isEmpty();
    }

    @Test
    void verifyIdentityChecksTheHostNameWithTheJdkTrustStore() {
        BackendEndpoint endpoint =
                of(Map.of("backend.tls.mode", "VERIFY_IDENTITY")).endpoint("db", 3306);
        assertThat(endpoint.useTls()).isTrue();
        assertThat(endpoint.verifyHostname()).isTrue();
        assertThat(endpoint.sslContext()).isEmpty();
    }

    @Test
    void verifyCaTrustsTheGivenPemAndSkipsTheHostName() throws Exception {
        Path cert = SelfSignedCertificate.generate(dir).certificate();
        BackendEndpoint endpoint = of(Map.of("backend.tls.mode", "verify-ca", "backend.tls.ca", cert.toString()))
                .endpoint("10.0.0.5", 3306);
        assertThat(endpoint.useTls()).isTrue();
        assertThat(endpoint.verifyHostname()).isFalse();
        assertThat(endpoint.sslContext()).isPresent();
    }

    @Test
    void theEnvironmentOverridesTheFile() {
        BackendTls tls = BackendTls.from(new Settings(
                Map.of("backend.tls.mode", "disabled"), Map.of("GRANTGATE_BACKEND_TLS_MODE", "verify-identity")));
        assertThat(tls.mode()).isEqualTo(BackendTls.Mode.VERIFY_IDENTITY);
    }

    @Test
    void refusesAnUnknownModeNamingTheKey() {
        assertThatThrownBy(() -> of(Map.of("backend.tls.mode", "required")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("backend.tls.mode")
                .hasMessageContaining("GRANTGATE_BACKEND_TLS_MODE")
                .hasMessageContaining("verify-ca");
    }

    @Test
    void refusesACaWithTlsOff() {
        assertThatThrownBy(() -> of(Map.of("backend.tls.ca", "/x.pem")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("backend.tls.ca");
    }

    @Test
    void refusesACaFileThatHoldsNoCertificate() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.pem"), "not a certificate\n");
        BackendTls tls = of(Map.of("backend.tls.mode", "verify-ca", "backend.tls.ca", junk.toString()));
        assertThatThrownBy(() -> tls.endpoint("db", 3306))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("backend.tls.ca")
                .hasMessageContaining("junk.pem");
        Path missing = dir.resolve("missing.pem");
        BackendTls gone = of(Map.of("backend.tls.mode", "verify-ca", "backend.tls.ca", missing.toString()));
        assertThatThrownBy(() -> gone.endpoint("db", 3306))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("missing.pem");
    }
}
