package io.grantgate.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class AuthPluginTest {

    @ParameterizedTest
    @CsvSource({
        "mysql_native_password, MYSQL_NATIVE_PASSWORD",
        "caching_sha2_password, CACHING_SHA2_PASSWORD",
    })
    void fromNameFindsTheWireName(String name, AuthPlugin expected) {
        assertThat(AuthPlugin.fromName(name)).contains(expected);
        assertThat(expected.pluginName()).isEqualTo(name);
    }

    @ParameterizedTest
    @EnumSource(AuthPlugin.class)
    void fromNameRoundTripsEveryPlugin(AuthPlugin plugin) {
        assertThat(AuthPlugin.fromName(plugin.pluginName())).contains(plugin);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "sha256_password",
                "client_ed25519",
                "mysql_clear_password",
                "MYSQL_NATIVE_PASSWORD",
                " caching_sha2_password",
                "caching_sha2_password\0"
            })
    void fromNameIsEmptyForPluginsTheGatewayDoesNotSpeak(String name) {
        assertThat(AuthPlugin.fromName(name)).isEqualTo(Optional.empty());
    }
}
