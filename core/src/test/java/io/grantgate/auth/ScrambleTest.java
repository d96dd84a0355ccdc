package io.grantgate.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScrambleTest {

    // A scramble MySQL sent (from vertx-sql-client's Native41AuthenticatorTest).
    private static final byte[] BYTES = HexFormat.of().parseHex("1838557e3a776535341f444a36605d795c096c08");

    @Test
    void randomScramblesAreTwentyBytesFitForTheNulTerminatedHandshake() {
        Set<Scramble> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            Scramble scramble = Scramble.random();
            assertThat(scramble.bytes()).hasSize(Scramble.LENGTH).doesNotContain((byte) 0, (byte) '$');
            seen.add(scramble);
        }
        assertThat(seen).hasSize(100);
    }

    @Test
    void copiesGoInAndOut() {
        byte[] input = BYTES.clone();
        Scramble scramble = Scramble.of(input);

        input[0] = 0;
        scramble.bytes()[1] = 0;

        assertThat(scramble.bytes()).isEqualTo(BYTES);
    }

    @Test
    void equalsAndHashCodeGoByContent() {
        assertThat(Scramble.of(BYTES.clone()))
                .isEqualTo(Scramble.of(BYTES.clone()))
                .hasSameHashCodeAs(Scramble.of(BYTES.clone()))
                .isNotEqualTo(Scramble.random());
    }

    @Test
    void toStringDoesNotShowTheBytes() {
        assertThat(Scramble.of(BYTES)).hasToString("Scramble[20 bytes]");
    }

    @Test
    void acceptsAnyBytesABackendSends() {
        byte[] mariaDbStyle = "$$$$$$$$$$$$$$$$$$$$".getBytes(StandardCharsets.US_ASCII);

        assertThat(Scramble.of(mariaDbStyle).bytes()).isEqualTo(mariaDbStyle);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 8, 19, 21})
    void rejectsOtherLengths(int length) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Scramble.of(new byte[length]))
                .withMessage("a scramble is 20 bytes, got " + length);
    }
}
