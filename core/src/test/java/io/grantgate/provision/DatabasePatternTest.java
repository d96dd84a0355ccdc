package io.grantgate.provision;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantgate.catalog.GrantScope;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DatabasePatternTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "shop        | shop",
                "my\\_db     | my_db",
                "50\\%\\_off | 50%_off",
                "\\_\\%      | _%",
                "it's        | it's",
                "日本\\_db   | 日本_db"
            })
    void readsEscapedWildcardsAsLiterals(String pattern, String name) {
        assertThat(DatabasePattern.literal(pattern)).contains(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"my_db", "sales%", "%", "_", "a\\b", "end\\", "a\\\\_b"})
    void refusesPatternsThatNameMoreThanOneDatabaseOrAreNotGrantGates(String pattern) {
        assertThat(DatabasePattern.literal(pattern)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"my_db", "50%_off", "plain", "``x``", "%'; DROP USER root; --"})
    void undoesWhatGrantScopeWrites(String name) {
        String sql = GrantScope.database(name).toSql();
        String pattern = sql.substring(1, sql.length() - 3).replace("``", "`");

        assertThat(DatabasePattern.literal(pattern)).contains(name);
    }
}
