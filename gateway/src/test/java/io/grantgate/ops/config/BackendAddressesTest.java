package io.grantgate.ops.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grantgate.backend.HealthCheckTimings;
import io.grantgate.edge.ListenAddress;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BackendAddressesTest {

    private static BackendAddresses of(Map<String, String> file) {
        return BackendAddresses.from(new Settings(file, Map.of()), "catalog-db:3306");
    }

    @Test
    void theCatalogsServerByDefaultOrBackendAddress() {
        assertThat(of(Map.of()).nodes()).containsExactly(new ListenAddress("catalog-db", 3306));
        assertThat(of(Map.of("backend.address", "db:3307")).nodes()).containsExactly(new ListenAddress("db", 3307));
        assertThat(of(Map.of()).health()).isEqualTo(HealthCheckTimings.DEFAULTS);
    }

    @Test
    void severalAddressesInTheirOrderWithHealthTimings() {
        BackendAddresses addresses = of(Map.of(
                "backend.addresses", " db1:3306, db2:3306 ,[::1]:3307",
                "backend.health.interval", "100ms",
                "backend.health.timeout", "2s"));
        assertThat(addresses.nodes())
                .containsExactly(
                        new ListenAddress("db1", 3306), new ListenAddress("db2", 3306), new ListenAddress("::1", 3307));
        assertThat(addresses.health()).isEqualTo(new HealthCheckTimings(Duration.ofMillis(100), Duration.ofSeconds(2)));
    }

    @Test
    void mistakesNameTheirSetting() {
        assertThatThrownBy(() -> of(Map.of("backend.address", "a:1", "backend.addresses", "b:1,c:1")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'backend.addresses'")
                .hasMessageContaining("backend.address");
        assertThatThrownBy(() -> of(Map.of("backend.addresses", "a:1,a:1"))).hasMessageContaining("twice");
        assertThatThrownBy(() -> of(Map.of("backend.addresses", " , "))).hasMessageContaining("names no HOST:PORT");
        assertThatThrownBy(() -> of(Map.of("backend.addresses", "a:1,b"))).hasMessageContaining("'backend.addresses'");
        assertThatThrownBy(() -> of(Map.of("backend.addresses", "a:0"))).hasMessageContaining("port 0");
        assertThatThrownBy(() -> of(Map.of("backend.health.timeout", "0ms")))
                .hasMessageContaining("'backend.health.timeout'");
    }
}
