package io.grantgate.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VersionProviderTest {

    @Test
    void theVersionIsTheOneMavenBuilt() {
        String built = System.getProperty("grantgate.project-version");
        assertThat(built).as("set by core/pom.xml for this test").isNotBlank();

        assertThat(VersionProvider.version()).isEqualTo(built);
        assertThat(new VersionProvider().getVersion()).containsExactly("GrantGate " + built);
    }

    @Test
    void theFileWasFilteredNotCopied() throws Exception {
        try (var in = VersionProvider.class.getResourceAsStream(VersionProvider.RESOURCE)) {
            assertThat(in).isNotNull();
            assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
                    .doesNotContain("${");
        }
    }
}
