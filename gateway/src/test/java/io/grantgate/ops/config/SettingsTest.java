package io.grantgate.ops.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grantgate.edge.ListenAddress;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SettingsTest {

    @Test
    void theEnvironmentOverridesTheFileKeyByKey() {
        Settings settings = new Settings(
                Map.of("limits.max-connections", "100", "listen", "0.0.0.0:3307"),
                Map.of("GRANTGATE_LIMITS_MAX_CONNECTIONS", "200", "GRANTGATE_LISTEN", "  "));

        assertThat(settings.getInt("limits.max-connections", 1, 1, 100_000)).isEqualTo(200);
        assertThat(settings.get("listen")).contains("0.0.0.0:3307");
        assertThat(settings.get("missing")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"500ms, 500", "10s, 10000", "5m, 300000", "1h, 3600000", "PT2S, 2000"})
    void durations(String text, long millis) {
        assertThat(new Settings(Map.of("t", text), Map.of()).getDuration("t", Duration.ZERO))
                .isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @CsvSource({"1024, 1024", "64k, 65536", "16M, 16777216", "1g, 1073741824"})
    void sizes(String text, long bytes) {
        assertThat(new Settings(Map.of("s", text), Map.of()).getSize("s", 0, 0, Long.MAX_VALUE))
                .isEqualTo(bytes);
    }

    @Test
    void errorsNameTheKeyAndTheVariable() {
        Settings settings = new Settings(
                Map.of("limits.max-connections", "lots", "tls.require", "maybe", "t", "10 parsecs"), Map.of());

        assertThatThrownBy(() -> settings.getInt("limits.max-connections", 1, 1, 10))
                .hasMessage(
                        "setting 'limits.max-connections' (env GRANTGATE_LIMITS_MAX_CONNECTIONS) must be a whole number, was 'lots'");
        assertThatThrownBy(() -> settings.getBoolean("tls.require", false))
                .hasMessageContaining("must be true or false");
        assertThatThrownBy(() -> settings.getDuration("t", Duration.ZERO)).hasMessageContaining("a duration");
        assertThatThrownBy(() -> new Settings(Map.of("n", "0"), Map.of()).getInt("n", 1, 1, 10))
                .hasMessageContaining("between 1 and 10");
    }

    @ParameterizedTest
    @CsvSource({"0.0.0.0:3307, 0.0.0.0, 3307", "[::]:3307, ::, 3307", "127.0.0.1:0, 127.0.0.1, 0"})
    void listenAddresses(String text, String host, int port) {
        assertThat(ListenAddress.parse(text)).isEqualTo(new ListenAddress(host, port));
        assertThat(ListenAddress.parse(text).toString()).isEqualTo(text);
    }

    @Test
    void aListenAddressWithoutPortIsRefused() {
        assertThatThrownBy(() -> ListenAddress.parse("0.0.0.0")).hasMessageContaining("HOST:PORT");
    }
}
