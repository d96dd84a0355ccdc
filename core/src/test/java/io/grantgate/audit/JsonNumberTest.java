package io.grantgate.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonNumberTest {

    /** RFC 8259's number grammar, as the reference the hand-written scan must agree with. */
    private static final Pattern GRAMMAR = Pattern.compile("-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?");

    @ParameterizedTest
    @ValueSource(
            strings = {
                "0",
                "-0",
                "7",
                "-12",
                "18446744073709551615",
                "3.25",
                "-0.5",
                "1.0E10",
                "2e-7",
                "6E+3",
                "12.50",
                "-9223372036854775808",
                "4.9E-324"
            })
    void numbersOfTheGrammarAreValid(String text) {
        assertThat(JsonNumber.valid(text)).isTrue();
        assertThat(GRAMMAR.matcher(text).matches()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "-",
                "+1",
                "01",
                "-01",
                ".5",
                "1.",
                "1.e3",
                "1e",
                "1e+",
                "NaN",
                "Infinity",
                "-Infinity",
                "0x10",
                "1 ",
                " 1",
                "1,5",
                "١٢",
                "1e5.0",
                "--1",
                "12.50abc"
            })
    void anythingElseIsNot(String text) {
        assertThat(JsonNumber.valid(text)).isFalse();
        assertThat(GRAMMAR.matcher(text).matches()).isFalse();
    }
}
