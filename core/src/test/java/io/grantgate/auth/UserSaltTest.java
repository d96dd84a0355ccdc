package io.grantgate.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UserSaltTest {

    /** A "random" source that hands out one fixed byte, to pin down generate_user_salt's mapping. */
    private static SecureRandom constant(int value) {
        return new SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                Arrays.fill(bytes, (byte) value);
            }
        };
    }

    @ParameterizedTest(name = "random 0x{0} -> 0x{1}")
    @CsvSource({
        "00, 01", // NUL would end the handshake's NUL-terminated auth data: bumped
        "24, 25", // '$' would split the stored $A$005$… string: bumped to '%'
        "80, 01", // high bit dropped, leaving NUL: bumped
        "a4, 25", // high bit dropped, leaving '$': bumped
        "ff, 7f", // high bit dropped
        "41, 41", // 'A' kept
        "23, 23", // '#' kept
    })
    void mapsRandomBytesAsMysqlGenerateUserSaltDoes(String random, String expected) {
        byte[] salt = UserSalt.generate(constant(HexFormat.fromHexDigits(random)));

        assertThat(salt).hasSize(20).containsOnly((byte) HexFormat.fromHexDigits(expected));
    }

    @Test
    void generatedBytesAreSevenBitAndNeverNulOrDollar() {
        for (int i = 0; i < 2_000; i++) {
            byte[] salt = UserSalt.generate();
            assertThat(salt).hasSize(20);
            assertThat(UserSalt.isValid(salt)).isTrue();
        }
    }

    @ParameterizedTest
    @CsvSource({"00, false", "24, false", "80, false", "01, true", "7f, true", "25, true"})
    void isValidRejectsWhatGenerateNeverMakes(String oneByte, boolean valid) {
        byte[] salt = "ABCDEFGHIJKLMNOPQRS_".getBytes(StandardCharsets.US_ASCII);
        salt[7] = (byte) HexFormat.fromHexDigits(oneByte);

        assertThat(UserSalt.isValid(salt)).isEqualTo(valid);
    }
}
