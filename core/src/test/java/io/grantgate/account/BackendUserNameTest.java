package io.grantgate.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grantgate.catalog.UserName;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BackendUserNameTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "xuys                             | 7                   | gg_xuys_7",
                "Ünïcode-User!                    | 12                  | gg_ncodeuser_12",
                "ABCdef                           | 1                   | gg_abcdef_1",
                "report user                      | 3                   | gg_reportuser_3",
                "app_2                            | 40                  | gg_app2_40",
                "日本語                           | 5                   | gg__5",
                "%; DROP USER root; --            | 9                   | gg_dropuserroot_9",
                "abcdefghijklmnopqrstuvwxyz012345 | 1                   | gg_abcdefghijklmnop_1",
                "abcdefghijklmnopqrstuvwxyz012345 | 123456789012        | gg_abcdefghijklmnop_123456789012",
                "abcdefghijklmnopqrstuvwxyz012345 | 1234567890123       | gg_abcdefghijklmno_1234567890123",
                "abcdefghijklmnopqrstuvwxyz012345 | 9223372036854775807 | gg_abcdefghi_9223372036854775807",
                // KELVIN SIGN and dotted capital I lower-case to ASCII letters under Unicode rules: not here
                "\u212Aelvin\u0130              | 2                   | gg_elvin_2"
            })
    void derivesGgNamePartAndId(String user, long accountId, String derived) {
        assertThat(BackendUserName.derive(new UserName(user), accountId)).isEqualTo(derived);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 7, 99_999, 123_456_789_012L, 1_234_567_890_123L, Long.MAX_VALUE})
    void isAtMost32CharactersAndRecognisedAsDerived(long accountId) {
        String derived = BackendUserName.derive(new UserName("x".repeat(32)), accountId);

        assertThat(derived).hasSizeLessThanOrEqualTo(32).startsWith("gg_x").endsWith("_" + accountId);
        assertThat(BackendUserName.isDerived(derived)).isTrue();
        assertThat(new BackendLogin(derived, "%").user()).isEqualTo(derived);
    }

    @Test
    void differentIdsNeverShareAName() {
        // e.g. "a1" with id 2 and "a" with id 12 must not meet at gg_a12: the id follows the last underscore
        Map<String, Long> idByName = new HashMap<>();
        for (String user : List.of("a", "a1", "a12", "1", "12", "a_1", "日本", "A")) {
            for (long id : new long[] {1, 2, 12, 21, 112, 1_121}) {
                String derived = BackendUserName.derive(new UserName(user), id);
                Long previous = idByName.putIfAbsent(derived, id);
                assertThat(previous).as("%s for %s/%d", derived, user, id).isIn(null, id);
            }
        }
    }

    @Test
    void isStable() {
        assertThat(BackendUserName.derive(new UserName("xuys"), 7))
                .isEqualTo(BackendUserName.derive(new UserName("xuys"), 7));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, Long.MIN_VALUE})
    void refusesIdsBelowOne(long accountId) {
        assertThatThrownBy(() -> BackendUserName.derive(new UserName("xuys"), accountId))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("positive");
    }

    @Test
    void refusesNull() {
        assertThatNullPointerException().isThrownBy(() -> BackendUserName.derive(null, 1));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "gg_xuys_7                        | true",
                "gg__5                            | true",
                "gg_abcdefghijklmnop_123456789012 | true",
                "gg_a_1_2                         | false",
                "gg_xuys                          | false",
                "gg_xuys_                         | false",
                "gg_Xuys_7                        | false",
                "GG_xuys_7                        | false",
                "xgg_xuys_7                       | false",
                "gg_xuys_7x                       | false",
                "gg-xuys-7                        | false",
                "gg_abcdefghijklmnopq_12345678901 | true",
                "gg_abcdefghijklmnopq_123456789012| false",
                "root                             | false",
                "''                               | false"
            })
    void recognisesDerivedNames(String backendUser, boolean derived) {
        assertThat(BackendUserName.isDerived(backendUser)).isEqualTo(derived);
    }

    @Test
    void nullIsNotDerived() {
        assertThat(BackendUserName.isDerived(null)).isFalse();
    }
}
