package io.grantgate.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.grantgate.catalog.UserName;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SqlQuotingTest {

    private static final String INJECTION = "%'; DROP USER root; --";

    static Stream<Arguments> identifiers() {
        return Stream.of(
                arguments("sales", "`sales`"),
                arguments("my`db", "`my``db`"),
                arguments("``", "``````"),
                arguments("my.db", "`my.db`"),
                arguments("it's", "`it's`"),
                arguments("a\\b", "`a\\b`"),
                arguments(INJECTION, "`%'; DROP USER root; --`"),
                arguments("x`; DROP USER root; --", "`x``; DROP USER root; --`"),
                arguments("日本語", "`日本語`"),
                arguments("n".repeat(64), "`" + "n".repeat(64) + "`"));
    }

    @ParameterizedTest
    @MethodSource("identifiers")
    void quotesIdentifiersInBackticks(String name, String quoted) {
        assertThat(SqlQuoting.identifier(name)).isEqualTo(quoted);
        assertThat(unquote(quoted, '`')).isEqualTo(name);
    }

    static Stream<Arguments> invalidIdentifiers() {
        return Stream.of(
                arguments("", "identifier is empty"),
                arguments("n".repeat(65), "is longer than 64 characters"),
                arguments("trailing ", "ends with a space"),
                arguments("nul\u0000", "contains U+0000"),
                arguments("\uD83D\uDE00", "outside the Basic Multilingual Plane"));
    }

    @ParameterizedTest
    @MethodSource("invalidIdentifiers")
    void refusesIdentifiersMySqlRefuses(String name, String problem) {
        assertThatThrownBy(() -> SqlQuoting.identifier(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(problem);
    }

    static Stream<Arguments> literals() {
        return Stream.of(
                arguments("abc", "'abc'"),
                arguments("", "''"),
                arguments("it's", "'it''s'"),
                arguments("''", "''''''"),
                arguments(INJECTION, "'%''; DROP USER root; --'"),
                arguments("' OR '1'='1", "''' OR ''1''=''1'"),
                arguments("\"double\"", "'\"double\"'"),
                arguments("`", "'`'"),
                arguments("日本語", "'日本語'"),
                arguments("\uD83D\uDE00", "'\uD83D\uDE00'"),
                arguments("a\nb", "'a\nb'"),
                arguments("50%_off", "'50%_off'"));
    }

    @ParameterizedTest
    @MethodSource("literals")
    void quotesLiteralsTheSameInEverySqlMode(String value, String quoted) {
        String literal = SqlQuoting.literal(value);

        assertThat(literal).isEqualTo(quoted);
        // no backslash: nothing inside reads differently with or without NO_BACKSLASH_ESCAPES
        assertThat(literal).doesNotContain("\\");
        assertThat(unquote(literal, '\'')).isEqualTo(value);
    }

    static Stream<Arguments> invalidLiterals() {
        return Stream.of(
                arguments("a\\b", "contains a backslash"),
                arguments("\\'; DROP USER root; --", "contains a backslash"),
                arguments("end\\", "contains a backslash"),
                arguments("nul\u0000", "contains U+0000"),
                arguments("half\uD800", "unpaired surrogate"),
                arguments("\uDC00low", "unpaired surrogate"),
                arguments("\uDE00\uD83D", "unpaired surrogate"));
    }

    @ParameterizedTest
    @MethodSource("invalidLiterals")
    void refusesWhatCannotBeQuotedTheSameInEveryMode(String value, String problem) {
        assertThatThrownBy(() -> SqlQuoting.literal(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(problem)
                .message()
                .doesNotContain("\u0000");
    }

    static Stream<Arguments> accounts() {
        return Stream.of(
                arguments("app", "%", "'app'@'%'"),
                arguments("gg_a1b2c3", "10.0.0.%", "'gg_a1b2c3'@'10.0.0.%'"),
                arguments("José", "localhost", "'José'@'localhost'"),
                arguments("report user", "192.168.88.234", "'report user'@'192.168.88.234'"),
                arguments("app", INJECTION, "'app'@'%''; DROP USER root; --'"),
                arguments("app", "h".repeat(255), "'app'@'" + "h".repeat(255) + "'"));
    }

    @ParameterizedTest
    @MethodSource("accounts")
    void quotesAccountNames(String user, String host, String account) {
        assertThat(SqlQuoting.account(new UserName(user), host)).isEqualTo(account);
    }

    static Stream<Arguments> invalidHosts() {
        return Stream.of(
                arguments("", "account host is empty"),
                arguments("h".repeat(256), "is longer than 255 characters"),
                arguments("a\\b", "contains a backslash"),
                arguments("%\u0000", "contains U+0000"));
    }

    @ParameterizedTest
    @MethodSource("invalidHosts")
    void refusesHostsThatCannotBeQuoted(String host, String problem) {
        assertThatThrownBy(() -> SqlQuoting.account(new UserName("app"), host))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(problem);
    }

    @Test
    void userNamesThatCouldBreakOutAreRefusedBeforeQuoting() {
        assertThatThrownBy(() -> new UserName("x'@'%")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UserName("x\\")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesNulls() {
        assertThatNullPointerException().isThrownBy(() -> SqlQuoting.literal(null));
        assertThatNullPointerException().isThrownBy(() -> SqlQuoting.identifier(null));
        assertThatNullPointerException().isThrownBy(() -> SqlQuoting.account(null, "%"));
        assertThatNullPointerException().isThrownBy(() -> SqlQuoting.account(new UserName("app"), null));
    }

    /**
     * Reads a quoted token as MySQL would with NO_BACKSLASH_ESCAPES on (a doubled quote is one
     * quote, everything else is itself) and checks the token ends exactly at its last character:
     * no quote inside closes it early.
     */
    private static String unquote(String token, char quote) {
        assertThat(token.charAt(0)).isEqualTo(quote);
        StringBuilder value = new StringBuilder();
        int i = 1;
        while (true) {
            char c = token.charAt(i);
            if (c == quote && i + 1 < token.length() && token.charAt(i + 1) == quote) {
                value.append(quote);
                i += 2;
            } else if (c == quote) {
                assertThat(i).as("closing quote position in %s", token).isEqualTo(token.length() - 1);
                return value.toString();
            } else {
                value.append(c);
                i++;
            }
        }
    }
}
