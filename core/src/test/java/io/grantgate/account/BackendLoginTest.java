package io.grantgate.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class BackendLoginTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "gg_xuys_7                        | %                  | 'gg_xuys_7'@'%'",
                "gg__5                            | 10.0.0.%           | 'gg__5'@'10.0.0.%'",
                "gg_abcdefghijklmnop_123456789012 | 192.168.1.0/24     | 'gg_abcdefghijklmnop_123456789012'@'192.168.1.0/24'",
                "gg_a_1                           | 10.0.0.0/255.0.0.0 | 'gg_a_1'@'10.0.0.0/255.0.0.0'",
                "gg_a_1                           | localhost          | 'gg_a_1'@'localhost'",
                "gg_a_1                           | fe80::1            | 'gg_a_1'@'fe80::1'",
                "gg_a_1                           | gw-1.example.com   | 'gg_a_1'@'gw-1.example.com'"
            })
    void quotesUserAndHostAsStoredWithoutNormalising(String user, String host, String sql) {
        BackendLogin login = new BackendLogin(user, host);

        assertThat(login.sql()).isEqualTo(sql);
        assertThat(login).hasToString(sql);
    }

    @Test
    void anyHostIsPercent() {
        assertThat(BackendLogin.anyHost("gg_xuys_7")).isEqualTo(new BackendLogin("gg_xuys_7", "%"));
    }

    static Stream<Arguments> invalidUsers() {
        return Stream.of(
                arguments(""),
                arguments("g".repeat(33)),
                arguments("GG_xuys_7"),
                arguments("gg-xuys-7"),
                arguments("gg xuys"),
                arguments("gg'x"),
                arguments("gg`x"),
                arguments("gg\\x"),
                arguments("x'@'%'; DROP USER root; --"),
                arguments("gg_ü_1"),
                arguments("gg_x\n"));
    }

    @ParameterizedTest
    @MethodSource("invalidUsers")
    void refusesUsersThatAreNotPlainDerivedNames(String user) {
        assertThatThrownBy(() -> new BackendLogin(user, "%"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("backend user")
                .message()
                .doesNotContain("\n");
    }

    static Stream<Arguments> invalidHosts() {
        return Stream.of(
                arguments("", "is empty"),
                arguments("h".repeat(256), "longer than 255"),
                arguments("%'; DROP USER root; --", "U+0027"),
                arguments("a\"b", "'\"'"),
                arguments("a`b", "'`'"),
                arguments("a\\b", "'\\'"),
                arguments("10.0.0.1 ", "' '"),
                arguments("10.0.0.\t1", "U+0009"),
                arguments("%\n", "U+000A"),
                arguments("%\u0000", "U+0000"),
                arguments("%\u202E", "U+202E"),
                arguments("%\u00A0", "contains '\u00A0'"));
    }

    @ParameterizedTest
    @MethodSource("invalidHosts")
    void refusesHostsThatCouldBreakQuotingOrHide(String host, String problem) {
        assertThatThrownBy(() -> new BackendLogin("gg_xuys_7", host))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(problem);
    }

    @Test
    void acceptsAHostOf255Characters() {
        assertThat(new BackendLogin("gg_a_1", "h".repeat(255)).sql()).endsWith("h'");
    }

    @Test
    void refusesNull() {
        assertThatNullPointerException().isThrownBy(() -> new BackendLogin(null, "%"));
        assertThatNullPointerException().isThrownBy(() -> new BackendLogin("gg_a_1", null));
    }
}
