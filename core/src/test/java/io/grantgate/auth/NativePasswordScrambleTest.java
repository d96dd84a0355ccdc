package io.grantgate.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NativePasswordScrambleTest {

    private static final HexFormat HEX = HexFormat.of();

    /**
     * Known answers from eclipse-vertx/vertx-sql-client, Native41AuthenticatorTest: the scramble is the
     * 8-byte auth-plugin-data-part-1 followed by the 12 bytes of part 2, as a MySQL server sent them.
     */
    @ParameterizedTest
    @CsvSource({
        // password, part 1         + part 2,                      response
        "password, 1838557e3a776535 341f444a36605d795c096c08, f2671df1862aed0340be809405b30bb93d29142d",
        "password, 420f34686f776718 14573d0439701f4658514931, cc93fb6f68af2e9446dafc0a1667d015b0a49550",
    })
    void respondsWithTheKnownAnswer(String password, String scrambleHex, String expected) {
        Scramble scramble = Scramble.of(HEX.parseHex(scrambleHex.replace(" ", "")));

        byte[] response = NativePasswordScramble.respond(password, scramble);

        assertThat(HEX.formatHex(response)).isEqualTo(expected);
        assertThat(NativePasswordScramble.check(response, scramble, NativePasswordVerifier.create(password)))
                .isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"password", "pässwörd", "a", "a password much longer than the twenty bytes of SHA-1"})
    void serverAcceptsWhatTheClientComputes(String password) {
        Scramble scramble = Scramble.random();

        byte[] response = NativePasswordScramble.respond(password, scramble);

        assertThat(response).hasSize(NativePasswordScramble.RESPONSE_LENGTH);
        assertThat(NativePasswordScramble.check(response, scramble, NativePasswordVerifier.create(password)))
                .isTrue();
    }

    @Test
    void serverRejectsAWrongPasswordOrAnotherSessionsScramble() {
        NativePasswordVerifier verifier = NativePasswordVerifier.create("password");
        Scramble scramble = Scramble.random();

        assertThat(NativePasswordScramble.check(
                        NativePasswordScramble.respond("Password", scramble), scramble, verifier))
                .isFalse();
        assertThat(NativePasswordScramble.check(
                        NativePasswordScramble.respond("password", Scramble.random()), scramble, verifier))
                .isFalse();
    }

    @Test
    void serverRejectsAResponseFlippedInOneBit() {
        NativePasswordVerifier verifier = NativePasswordVerifier.create("password");
        Scramble scramble = Scramble.random();
        byte[] response = NativePasswordScramble.respond("password", scramble);

        response[19] ^= 1;

        assertThat(NativePasswordScramble.check(response, scramble, verifier)).isFalse();
    }

    @Test
    void emptyPasswordIsAnEmptyResponseAcceptedOnlyForTheEmptyPassword() {
        Scramble scramble = Scramble.random();

        byte[] response = NativePasswordScramble.respond("", scramble);

        assertThat(response).isEmpty();
        assertThat(NativePasswordScramble.check(response, scramble, NativePasswordVerifier.create("")))
                .isTrue();
        assertThat(NativePasswordScramble.check(response, scramble, NativePasswordVerifier.create("password")))
                .isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 19, 21, 32})
    void serverRejectsResponsesOfTheWrongLength(int length) {
        assertThat(NativePasswordScramble.check(
                        new byte[length], Scramble.random(), NativePasswordVerifier.create("password")))
                .isFalse();
    }
}
