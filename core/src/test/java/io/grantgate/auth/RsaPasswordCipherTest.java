package io.grantgate.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import java.security.spec.MGF1ParameterSpec;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RsaPasswordCipherTest {

    private static RsaKeyPair keys;

    @BeforeAll
    static void generateKeysOnce() {
        keys = RsaKeyPair.generate();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "password", "pässwörd", "longer than the twenty bytes of the scramble, so it repeats"})
    void serverDecryptsWhatTheClientEncrypts(String password) {
        Scramble scramble = Scramble.random();

        byte[] cipherText = RsaPasswordCipher.encrypt(password, scramble, keys.publicKey());

        assertThat(cipherText).hasSize(256);
        assertThat(RsaPasswordCipher.decrypt(cipherText, scramble, keys.privateKey()))
                .isEqualTo(password);
    }

    @Test
    void plainTextIsThePasswordAndNulXoredWithTheRepeatedScramble() throws Exception {
        byte[] scrambleBytes = "ABCDEFGHIJKLMNOPQRST".getBytes(StandardCharsets.US_ASCII);
        String password = "0123456789012345678901"; // 22 bytes + NUL: the scramble wraps after 20

        byte[] cipherText = RsaPasswordCipher.encrypt(password, Scramble.of(scrambleBytes), keys.publicKey());
        byte[] plain = oaepSha1(Cipher.DECRYPT_MODE).doFinal(cipherText);

        byte[] expected = new byte[23];
        for (int i = 0; i < 22; i++) {
            expected[i] = (byte) (password.charAt(i) ^ scrambleBytes[i % 20]);
        }
        expected[22] = (byte) (0 ^ scrambleBytes[2]); // the NUL, under scramble byte 22 % 20
        assertThat(plain).isEqualTo(expected);
    }

    @Test
    void decryptsWhatAStockOaepSha1ClientSends() throws Exception {
        byte[] scrambleBytes = Scramble.random().bytes();
        byte[] plain = "secret\0".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < plain.length; i++) {
            plain[i] ^= scrambleBytes[i % 20];
        }
        Cipher client = Cipher.getInstance("RSA/ECB/OAEPWithSHA-1AndMGF1Padding");
        client.init(Cipher.ENCRYPT_MODE, keys.publicKey());

        byte[] cipherText = client.doFinal(plain);

        assertThat(RsaPasswordCipher.decrypt(cipherText, Scramble.of(scrambleBytes), keys.privateKey()))
                .isEqualTo("secret");
    }

    @Test
    void anotherSessionsScrambleYieldsNoPasswordOrTheWrongOne() {
        byte[] cipherText = RsaPasswordCipher.encrypt("password", Scramble.random(), keys.publicKey());

        try {
            assertThat(RsaPasswordCipher.decrypt(cipherText, Scramble.random(), keys.privateKey()))
                    .isNotEqualTo("password");
        } catch (IllegalArgumentException expected) {
            assertThat(expected).hasMessage("the decrypted password is not NUL-terminated");
        }
    }

    @Test
    void rejectsCipherTextOfTheWrongLengthOrTampered() {
        Scramble scramble = Scramble.random();
        byte[] cipherText = RsaPasswordCipher.encrypt("password", scramble, keys.publicKey());
        byte[] tampered = cipherText.clone();
        tampered[100] ^= 1;

        assertThatIllegalArgumentException()
                .isThrownBy(
                        () -> RsaPasswordCipher.decrypt(Arrays.copyOf(cipherText, 255), scramble, keys.privateKey()))
                .withMessage("expected 256 bytes of RSA cipher text, got 255");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RsaPasswordCipher.decrypt(tampered, scramble, keys.privateKey()))
                .withMessage("the cipher text was not made with this server's public key");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RsaPasswordCipher.decrypt(
                        cipherText, scramble, RsaKeyPair.generate().privateKey()));
    }

    @Test
    void refusesPasswordsThatDoNotFitTheKeyWithoutShowingThem() {
        String longest = "p".repeat(213); // + NUL = 214 = 256 - 42 bytes of OAEP-SHA1 overhead
        Scramble scramble = Scramble.random();

        byte[] cipherText = RsaPasswordCipher.encrypt(longest, scramble, keys.publicKey());

        assertThat(RsaPasswordCipher.decrypt(cipherText, scramble, keys.privateKey()))
                .isEqualTo(longest);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RsaPasswordCipher.encrypt(longest + "q", scramble, keys.publicKey()))
                .withMessage("the password is too long for a 2048-bit RSA key: at most 213 bytes in UTF-8");
    }

    private static Cipher oaepSha1(int mode) throws Exception {
        Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
        cipher.init(
                mode,
                keys.privateKey(),
                new OAEPParameterSpec("SHA-1", "MGF1", MGF1ParameterSpec.SHA1, PSource.PSpecified.DEFAULT));
        return cipher;
    }
}
