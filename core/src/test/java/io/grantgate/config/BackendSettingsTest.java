package io.grantgate.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantgate.auth.Secret;
import io.grantgate.catalog.CatalogSettings;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackendSettingsTest {

    private final CatalogSettings catalog =
            new CatalogSettings("jdbc:mysql://db:3306/grantgate?sslMode=REQUIRED", "gg", new Secret("pw"));

    @ParameterizedTest
    @CsvSource({
        "jdbc:mysql://db:3306/grantgate, jdbc:mysql://db:3306/",
        "jdbc:mysql://db:3306/grantgate?sslMode=REQUIRED, jdbc:mysql://db:3306/?sslMode=REQUIRED",
        "jdbc:mysql://db:3306, jdbc:mysql://db:3306/",
        "jdbc:mysql://db:3306?x=1, jdbc:mysql://db:3306/?x=1",
        "'jdbc:mariadb://a:1,b:2/cat', 'jdbc:mariadb://a:1,b:2/'"
    })
    void theBackendDefaultsToTheCatalogsServerWithoutItsSchema(String catalogUrl, String server) {
        assertThat(BackendSettings.serverOf(catalogUrl)).isEqualTo(server);
    }

    @Test
    void withNothingGivenTheCatalogLoginProvisions() {
        BackendSettings settings = BackendSettings.resolve(Map.of(), Optional.empty(), catalog);

        assertThat(settings)
                .isEqualTo(new BackendSettings("jdbc:mysql://db:3306/?sslMode=REQUIRED", "gg", new Secret("pw"), "%"));
    }

    @Test
    void environmentWinsOverTheFileWhichWinsOverTheCatalog() {
        AdminProperties file = new AdminProperties("jdbc:mysql://db:3306/grantgate", "gg", new Secret("pw"))
                .withOption(AdminProperties.KEY_BACKEND_URL, "jdbc:mysql://backend:3306/")
                .withOption(AdminProperties.KEY_BACKEND_USER, "file-user")
                .withOption(AdminProperties.KEY_BACKEND_ACCOUNT_HOST, "10.0.0.%");
        BackendSettings settings = BackendSettings.resolve(
                Map.of("GRANTGATE_BACKEND_USER", "env-user", "GRANTGATE_BACKEND_PASSWORD", "env-pw"),
                Optional.of(file),
                catalog);

        assertThat(settings)
                .isEqualTo(new BackendSettings(
                        "jdbc:mysql://backend:3306/", "env-user", new Secret("env-pw"), "10.0.0.%"));
        assertThat(settings.toString()).doesNotContain("env-pw");
    }
}
