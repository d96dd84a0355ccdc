package io.grantgate.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.security.KeyPair;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RsaKeyPairTest {

    private static RsaKeyPair keys;

    @BeforeAll
    static void generateKeysOnce() {
        keys = RsaKeyPair.generate();
    }

    @Test
    void generatesA2048BitPair() {
        assertThat(keys.publicKey().getModulus().bitLength()).isEqualTo(2048);
        assertThat(keys.privateKey().getModulus()).isEqualTo(keys.publicKey().getModulus());
    }

    @Test
    void publicKeyPemIsWhatOpensslWritesForMysql() {
        String pem = keys.publicKeyPem();

        assertThat(pem).startsWith("-----BEGIN PUBLIC KEY-----\n").endsWith("\n-----END PUBLIC KEY-----\n");
        String[] lines = pem.split("\n");
        // 294 bytes of SubjectPublicKeyInfo for a 2048-bit key = 392 base-64 characters: 6 full lines and 8
        assertThat(lines).hasSize(9);
        for (int i = 1; i < 7; i++) {
            assertThat(lines[i]).hasSize(64);
        }
        assertThat(lines[7]).hasSize(8);
    }

    @Test
    void pemDecodesBackToTheSameKey() {
        assertThat(RsaPem.decodePublicKey(keys.publicKeyPem())).isEqualTo(keys.publicKey());
    }

    @Test
    void pemDecodingToleratesCrLfAndSurroundingWhitespace() {
        String windowsStyle = "\r\n" + keys.publicKeyPem().replace("\n", "\r\n") + "  ";

        assertThat(RsaPem.decodePublicKey(windowsStyle)).isEqualTo(keys.publicKey());
    }

    @Test
    void rejectsTextThatIsNotAPemPublicKey() {
        String pem = keys.publicKeyPem();

        assertThatIllegalArgumentException().isThrownBy(() -> RsaPem.decodePublicKey("hello"));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RsaPem.decodePublicKey(pem.replace("PUBLIC KEY", "RSA PUBLIC KEY")));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RsaPem.decodePublicKey(pem.substring(0, 60) + "!!" + pem.substring(60)));
    }

    @Test
    void rejectsHalvesOfDifferentPairs() {
        RsaKeyPair other = RsaKeyPair.generate();

        assertThatIllegalArgumentException()
                .isThrownBy(() -> RsaKeyPair.of(new KeyPair(keys.publicKey(), other.privateKey())));
    }

    @Test
    void toStringShowsOnlyTheSize() {
        assertThat(keys).hasToString("RsaKeyPair[2048 bits]");
    }
}
