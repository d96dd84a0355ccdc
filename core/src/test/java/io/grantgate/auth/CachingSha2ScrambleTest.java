package io.grantgate.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CachingSha2ScrambleTest {

    private static final HexFormat HEX = HexFormat.of();

    /**
     * mysql-server unittest/gunit/sha2_password-t.cc, GenerateScramble and ValidateScramble: MySQL's own
     * known answer, with a 12-byte nonce. It pins the order SHA256(SHA256(SHA256(pw)) || nonce).
     */
    @Test
    void respondsWithMysqlsKnownAnswer() {
        byte[] password = ascii("Ab12#$Cd56&*");
        byte[] nonce = ascii("eF!@34gH%^78");
        String expected = "6a4537966b296359248d64860ad6cc2a06478c26eaaa3b02694c8502f55bc8dc";

        byte[] response = CachingSha2Scramble.respond(password, nonce);

        assertThat(HEX.formatHex(response)).isEqualTo(expected);
        byte[] cached = Digests.sha256(Digests.sha256(password));
        assertThat(CachingSha2Scramble.check(response, nonce, cached)).isTrue();
    }

    /** boostorg/mysql test/unit/.../caching_sha2_password test: a response captured off the wire. */
    @Test
    void respondsWithTheCapturedAnswerForATwentyByteNonce() {
        Scramble nonce = Scramble.of(HEX.parseHex("3e3b04550470163a4c1535031576732246081801"));

        byte[] response = CachingSha2Scramble.respond("hola", nonce);

        assertThat(HEX.formatHex(response))
                .isEqualTo("a1c1e1e91bb6544ba7374b9c566d693e06ca070298acd10618c690389d88e120");
        assertThat(CachingSha2Scramble.check(response, nonce, FastAuthDigest.of("hola")))
                .isTrue();
    }

    /** mysql-server sha2_password-t.cc, Caching_sha2_password_generate_fast_digest (2 rounds). */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "HahaH0hO1234#$@#%      | 003c2068b36bc9b71875b3387d2f86f9e33ab383116bd957f173469b1f38f2df",
                ";bCdEF34^i9&*\":({\\56\" | 3687981fd51fcb29661271512c84c57e9fca6af1b94d33748e38fe838c452c51",
            })
    void fastAuthDigestIsMysqlsCacheEntry(String password, String expected) {
        assertThat(HEX.formatHex(FastAuthDigest.of(password).bytes())).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"password", "pässwörd", "x", " CQ#$ML CF%IF$#(<#R ()<_q@#(rq"})
    void serverAcceptsWhatTheClientComputes(String password) {
        Scramble nonce = Scramble.random();

        byte[] response = CachingSha2Scramble.respond(password, nonce);

        assertThat(response).hasSize(CachingSha2Scramble.RESPONSE_LENGTH);
        assertThat(CachingSha2Scramble.check(response, nonce, FastAuthDigest.of(password)))
                .isTrue();
    }

    @Test
    void serverRejectsAWrongPasswordAnotherNonceOrAFlippedBit() {
        FastAuthDigest cached = FastAuthDigest.of("password");
        Scramble nonce = Scramble.random();
        byte[] flipped = CachingSha2Scramble.respond("password", nonce);
        flipped[31] ^= (byte) 0x80;

        assertThat(CachingSha2Scramble.check(CachingSha2Scramble.respond("Password", nonce), nonce, cached))
                .isFalse();
        assertThat(CachingSha2Scramble.check(CachingSha2Scramble.respond("password", Scramble.random()), nonce, cached))
                .isFalse();
        assertThat(CachingSha2Scramble.check(flipped, nonce, cached)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 20, 31, 33})
    void serverRejectsResponsesOfTheWrongLength(int length) {
        assertThat(CachingSha2Scramble.check(new byte[length], Scramble.random(), FastAuthDigest.of("")))
                .isFalse();
    }

    @Test
    void emptyPasswordIsAnEmptyResponse() {
        byte[] response = CachingSha2Scramble.respond("", Scramble.random());

        assertThat(response).isEmpty();
        assertThat(CachingSha2Scramble.isEmptyPassword(response)).isTrue();
        assertThat(CachingSha2Scramble.isEmptyPassword(new byte[] {0})).isTrue();
        assertThat(CachingSha2Scramble.isEmptyPassword(new byte[] {0, 0})).isFalse();
        assertThat(CachingSha2Scramble.isEmptyPassword(new byte[] {1})).isFalse();
    }

    @Test
    void fastAuthDigestComparesByContentAndHidesItsBytes() {
        assertThat(FastAuthDigest.of("password"))
                .isEqualTo(FastAuthDigest.of("password"))
                .hasSameHashCodeAs(FastAuthDigest.of("password"))
                .isNotEqualTo(FastAuthDigest.of("Password"))
                .hasToString("FastAuthDigest[<hidden>]");
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
