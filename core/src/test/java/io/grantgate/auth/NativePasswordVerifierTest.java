package io.grantgate.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NativePasswordVerifierTest {

    @ParameterizedTest(name = "{1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                // The classic example, checked against Python's hashlib: SHA1(SHA1('password')).
                "password    | *2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19",
                // MariaDB's PASSWORD() documentation example (mariadb.com/docs/reference/mdb/functions/PASSWORD).
                "MariaDB42!  | *07A469684341365CDFBADCAEF5FCD6B57F881A9A",
                // The empty password hashes too; MySQL itself stores '' for it instead.
                "\"\"        | *BE1BDEC0AA74B4DCB079943E70528096CCA985F8",
            })
    void hashesToMysqlStoredForm(String password, String expected) {
        assertThat(NativePasswordHash.of(password)).isEqualTo(expected);
        assertThat(NativePasswordVerifier.create(password).hash()).isEqualTo(expected);
        assertThat(NativePasswordVerifier.create(password).authenticationString())
                .isEqualTo(expected);
    }

    @Test
    void matchesOnlyTheOriginalPassword() {
        NativePasswordVerifier verifier = new NativePasswordVerifier("*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19");

        assertThat(verifier.matches("password")).isTrue();
        assertThat(verifier.matches("Password")).isFalse();
        assertThat(verifier.matches("password ")).isFalse();
        assertThat(verifier.matches("")).isFalse();
        assertThat(verifier.plugin()).isEqualTo(AuthPlugin.MYSQL_NATIVE_PASSWORD);
    }

    @Test
    void hashesNonAsciiPasswordsAsUtf8() {
        NativePasswordVerifier verifier = NativePasswordVerifier.create("pässwörd");

        assertThat(verifier.matches("pässwörd")).isTrue();
        assertThat(verifier.matches("passwoerd")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19", // no '*'
                "*2470c0c06dee42fd1618bb99005adca2ec9d1e19", // lower case: MySQL always writes upper
                "*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E1", // 39 digits
                "*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E190", // 41 digits
                "*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E1G", // not hex
                "$A$005$THISISACOMBINATIONOFINVALIDSALTANDPASSWORDTHATMUSTNEVERBRBEUSED",
            })
    void rejectsAnythingButTheExactStoredFormWithoutEchoingIt(String stored) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new NativePasswordVerifier(stored))
                .withMessage("a mysql_native_password verifier is '*' followed by 40 upper-case hex digits");
    }

    @Test
    void toStringHidesTheHash() {
        assertThat(NativePasswordVerifier.create("password").toString())
                .doesNotContain("2470C0C0")
                .isEqualTo("NativePasswordVerifier[hash=<hidden>]");
    }
}
