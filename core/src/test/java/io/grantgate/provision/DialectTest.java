package io.grantgate.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grantgate.auth.AuthPlugin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DialectTest {

    @ParameterizedTest
    @CsvSource({
        "11.4.5-MariaDB, MARIADB",
        "11.4.5-MariaDB-log, MARIADB",
        "10.11.6-MariaDB-0+deb12u1, MARIADB",
        "10.4.34-MariaDB, MARIADB",
        "5.5.5-10.11.6-MariaDB, MARIADB",
        "12.0.2-mariadb, MARIADB",
        "8.4.3, MYSQL",
        "8.0.36-28, MYSQL",
        "8.0.40-commercial, MYSQL",
        "9.1.0, MYSQL",
        "' 8.4.3 ', MYSQL"
    })
    void detectsTheDialectFromTheVersionString(String version, Dialect dialect) {
        assertThat(Dialect.detect(version)).isEqualTo(dialect);
    }

    @ParameterizedTest
    @CsvSource({
        "5.7.44, too old",
        "5.7.44-log, too old",
        "10.3.39-MariaDB, too old",
        "5.5.5-10.3.39-MariaDB, too old",
        "'', not a MySQL or MariaDB version",
        "PostgreSQL 16.2, not a MySQL or MariaDB version",
        "8, not a MySQL or MariaDB version",
        "MariaDB, not a MySQL or MariaDB version"
    })
    void refusesVersionsItCannotProvision(String version, String problem) {
        assertThatThrownBy(() -> Dialect.detect(version))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(problem);
    }

    @Test
    void tooOldNamesTheMinimumOfTheRightServer() {
        assertThatThrownBy(() -> Dialect.detect("10.3.39-MariaDB")).hasMessageContaining("MariaDB 10.4 or later");
        assertThatThrownBy(() -> Dialect.detect("5.7.44")).hasMessageContaining("MySQL 8.0 or later");
    }

    @Test
    void backendAccountsUseEachServersDefaultPlugin() {
        assertThat(Dialect.MYSQL.backendAuthPlugin()).isEqualTo(AuthPlugin.CACHING_SHA2_PASSWORD);
        assertThat(Dialect.MARIADB.backendAuthPlugin()).isEqualTo(AuthPlugin.MYSQL_NATIVE_PASSWORD);
    }

    @Test
    void refusesNull() {
        assertThatNullPointerException().isThrownBy(() -> Dialect.detect(null));
        assertThatNullPointerException().isThrownBy(() -> Dialect.of(null));
    }
}
