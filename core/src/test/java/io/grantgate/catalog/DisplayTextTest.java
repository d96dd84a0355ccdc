package io.grantgate.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DisplayTextTest {

    static Stream<Arguments> inputs() {
        return Stream.of(
                arguments("abc", "'abc'"),
                arguments("", "''"),
                arguments("it's", "'it\\u0027s'"),
                arguments("a\nb", "'a\\u000Ab'"),
                arguments("\u001B[2J", "'\\u001B[2J'"),
                arguments("rtl\u202E", "'rtl\\u202E'"),
                arguments("日本", "'日本'"),
                arguments("\uD83D\uDE00".repeat(41), "'" + "\uD83D\uDE00".repeat(40) + "...'"),
                arguments("y".repeat(40), "'" + "y".repeat(40) + "'"),
                arguments("y".repeat(41), "'" + "y".repeat(40) + "...'"));
    }

    @ParameterizedTest
    @MethodSource("inputs")
    void quotesInputSafelyForMessages(String raw, String shown) {
        assertThat(DisplayText.quoted(raw)).isEqualTo(shown);
    }

    static Stream<Arguments> characters() {
        return Stream.of(
                arguments((int) '*', "'*'"),
                arguments((int) '\'', "U+0027"),
                arguments((int) '\n', "U+000A"),
                arguments(0x1F600, "'\uD83D\uDE00'"));
    }

    @ParameterizedTest
    @MethodSource("characters")
    void showsOneCharacter(int cp, String shown) {
        assertThat(DisplayText.character(cp)).isEqualTo(shown);
    }

    @org.junit.jupiter.api.Test
    void visibleKeepsEverythingButWritesInvisibleCharactersAsEscapes() {
        assertThat(DisplayText.visible("it's " + "y".repeat(50))).isEqualTo("it's " + "y".repeat(50));
        assertThat(DisplayText.visible("a\nb\u001B[2Jc\u202E")).isEqualTo("a\\u000Ab\\u001B[2Jc\\u202E");
    }
}
