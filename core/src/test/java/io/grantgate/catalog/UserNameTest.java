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

class UserNameTest {

    private static final String EMOJI = "\uD83D\uDE00"; // one character, two UTF-16 units

    static Stream<String> validNames() {
        return Stream.of(
                "app",
                "x",
                "a".repeat(32),
                EMOJI.repeat(32),
                "José",
                "日本語ユーザー",
                "Ünïcødé",
                "report user",
                "svc-reporting_01.eu@prod",
                "%",
                "_");
    }

    @ParameterizedTest
    @MethodSource("validNames")
    void acceptsNamesMySqlAcceptsAndKeepsThemExactly(String name) {
        assertThat(new UserName(name).value()).isEqualTo(name);
        assertThat(new UserName(name)).hasToString(name);
    }

    static Stream<Arguments> invalidNames() {
        return Stream.of(
                arguments("", "user name is empty"),
                arguments("a".repeat(33), "is longer than 32 characters"),
                arguments(EMOJI.repeat(33), "is longer than 32 characters"),
                arguments("o'brien", "contains a quote character U+0027"),
                arguments("say\"hi", "contains a quote character '\"'"),
                arguments("back`tick", "contains a quote character '`'"),
                arguments("dom\\user", "contains a backslash"),
                arguments("line\nbreak", "control or invisible character U+000A"),
                arguments("nul\u0000", "control or invisible character U+0000"),
                arguments("esc\u001B[31m", "control or invisible character U+001B"),
                arguments("del\u007F", "control or invisible character U+007F"),
                arguments("admin\u202Etxt", "control or invisible character U+202E"),
                arguments("zero\u200Bwidth", "control or invisible character U+200B"),
                arguments("para\u2029sep", "control or invisible character U+2029"),
                arguments("half\uD800", "control or invisible character U+D800"),
                arguments(" lead", "starts or ends with whitespace"),
                arguments("trail ", "starts or ends with whitespace"),
                arguments("\ttab", "control or invisible character U+0009"),
                arguments("nbsp\u00A0", "starts or ends with whitespace"),
                arguments("\u3000ideographic", "starts or ends with whitespace"));
    }

    @ParameterizedTest
    @MethodSource("invalidNames")
    void refusesInvalidNamesSayingWhy(String name, String problem) {
        assertThatThrownBy(() -> new UserName(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(problem)
                .message()
                .doesNotContain("\n", "\u0000", "\u202E");
    }

    @Test
    void overlongNameMessageShowsTheNameCut() {
        assertThatThrownBy(() -> new UserName("x".repeat(50)))
                .hasMessage("user name '" + "x".repeat(40) + "...' is longer than 32 characters");
    }

    @Test
    void refusesNull() {
        assertThatNullPointerException().isThrownBy(() -> new UserName(null));
    }

    @Test
    void comparesExactlyAndCaseSensitively() {
        assertThat(new UserName("App")).isEqualTo(new UserName("App")).isNotEqualTo(new UserName("app"));
    }
}
