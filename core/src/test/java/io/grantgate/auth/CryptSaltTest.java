package io.grantgate.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CryptSaltTest {

    @Test
    void randomSaltsAreTwentyStorableBytes() {
        CryptSalt salt = CryptSalt.random();

        assertThat(salt.bytes()).hasSize(CryptSalt.LENGTH);
        assertThat(UserSalt.isValid(salt.bytes())).isTrue();
        assertThat(CryptSalt.of(salt.asString())).isEqualTo(salt);
    }

    @Test
    void copiesGoInAndOutAndEqualityIsByContent() {
        byte[] input = "ABCDEFGHIJKLMNOPQRST".getBytes(StandardCharsets.US_ASCII);
        CryptSalt salt = CryptSalt.of(input);

        input[0] = 'Z';
        salt.bytes()[1] = 'Z';

        assertThat(salt)
                .isEqualTo(CryptSalt.of("ABCDEFGHIJKLMNOPQRST"))
                .hasSameHashCodeAs(CryptSalt.of("ABCDEFGHIJKLMNOPQRST"))
                .hasToString("CryptSalt[20 bytes]");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "ABCDEFGHIJKLMNOPQRS",
                "ABCDEFGHIJKLMNOPQRSTU",
                "ABCDEFGHIJ$LMNOPQRST",
                "ABCDEFGHIJ\0LMNOPQRST",
                "ABCDEFGHIJéLMNOPQRST"
            })
    void rejectsSaltsMysqlWouldNeverGenerate(String chars) {
        assertThatIllegalArgumentException().isThrownBy(() -> CryptSalt.of(chars));
    }
}
