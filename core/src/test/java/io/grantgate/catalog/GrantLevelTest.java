package io.grantgate.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class GrantLevelTest {

    @ParameterizedTest
    @CsvSource({"global, GLOBAL", "database, DATABASE", "table, TABLE"})
    void readsCatalogCodes(String code, GrantLevel level) {
        assertThat(GrantLevel.fromCode(code)).isEqualTo(level);
        assertThat(level.code()).isEqualTo(code);
    }

    @ParameterizedTest
    @EnumSource(GrantLevel.class)
    void codesRoundTrip(GrantLevel level) {
        assertThat(GrantLevel.fromCode(level.code())).isEqualTo(level);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "GLOBAL", "db", "column", "routine"})
    void refusesUnknownCodes(String code) {
        assertThatThrownBy(() -> GrantLevel.fromCode(code))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown scope level");
    }
}
