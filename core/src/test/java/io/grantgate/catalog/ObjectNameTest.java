package io.grantgate.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ObjectNameTest {

    static Stream<Arguments> validNames() {
        return Stream.of(
                arguments("sales", "`sales`"),
                arguments("my`db", "`my``db`"),
                arguments("`", "````"),
                arguments("my.db", "`my.db`"),
                arguments("it's \"x\"", "`it's \"x\"`"),
                arguments("a\\b", "`a\\b`"),
                arguments(" lead", "` lead`"),
                arguments("日本語", "`日本語`"),
                arguments("n".repeat(64), "`" + "n".repeat(64) + "`"),
                arguments("é".repeat(64), "`" + "é".repeat(64) + "`"));
    }

    @ParameterizedTest
    @MethodSource("validNames")
    void quotesInBackticksDoublingBackticks(String name, String quoted) {
        assertThat(new ObjectName(name).quoted()).isEqualTo(quoted);
    }

    static Stream<Arguments> invalidNames() {
        return Stream.of(
                arguments("", "database name is empty"),
                arguments("n".repeat(65), "is longer than 64 characters"),
                arguments("trail ", "ends with a space"),
                arguments("a\u0000b", "contains U+0000"),
                arguments("\uD83D\uDE00", "outside the Basic Multilingual Plane"),
                arguments("half\uDC00", "outside the Basic Multilingual Plane"));
    }

    @ParameterizedTest
    @MethodSource("invalidNames")
    void refusesWhatMySqlRefusesNamingTheKind(String name, String problem) {
        assertThatThrownBy(() -> ObjectName.of("database name", name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(problem);
        assertThatThrownBy(() -> new ObjectName(name)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesNull() {
        assertThatNullPointerException().isThrownBy(() -> new ObjectName(null));
    }
}
