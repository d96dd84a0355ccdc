package io.grantgate.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JdbcUrlTest {

    @ParameterizedTest
    @CsvSource({
        "jdbc:mysql://127.0.0.1:13306/grantgate, 127.0.0.1:13306",
        "jdbc:mysql://db/grantgate?sslMode=REQUIRED, db:3306",
        "'jdbc:mariadb://a:1,b:2/cat', a:1",
        "jdbc:mysql://db:3307?x=1, db:3307"
    })
    void theBackendDefaultsToTheCatalogsFirstHost(String url, String hostPort) {
        assertThat(JdbcUrl.parse(url).firstHostPort()).isEqualTo(hostPort);
    }

    @ParameterizedTest
    @CsvSource({
        "jdbc:mysql://127.0.0.1:13306/grantgate, grantgate",
        "jdbc:mysql://db/gg_prod?sslMode=REQUIRED, gg_prod",
        "'jdbc:mariadb://a:1,b:2/cat', cat",
        "jdbc:mysql://db:3307?x=1, ''",
        "jdbc:mysql://db:3307/, ''",
        "jdbc:mysql://db:3307/?x=1, ''"
    })
    void theSchemaIsThePathBetweenTheHostsAndTheOptions(String url, String schema) {
        assertThat(JdbcUrl.schemaOf(url).orElse("")).isEqualTo(schema);
    }
}
