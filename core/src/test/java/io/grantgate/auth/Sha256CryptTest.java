package io.grantgate.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Sha256CryptTest {

    /**
     * The SHA-256 test vectors of Drepper's specification (akkadia.org/drepper/SHA-crypt.txt), as PHP's
     * ext/standard/tests/strings/crypt_sha256.phpt and PostgreSQL's pgcrypto crypt-shacrypt test repeat
     * them. Each setting is run through {@link #glibcCrypt}, so the whole published string is compared.
     */
    @ParameterizedTest(name = "{1}")
    @CsvSource(
            delimiter = '|',
            value = {
                // default rounds (5000) and no "rounds=" in the output
                "Hello world!        | $5$saltstring" + "| $5$saltstring$5B8vYYiY.CVt1RlTTf8KbXBH3hsxY/GNooZaBBGWEc5",
                // salt cut to 16 bytes
                "Hello world!        | $5$rounds=10000$saltstringsaltstring"
                        + "| $5$rounds=10000$saltstringsaltst$3xv.VbSHBb41AL9AvLeujZkZRBAwqFMz2.opqey6IcA",
                // explicit default rounds are echoed; salt cut to 16 bytes
                "This is just a test | $5$rounds=5000$toolongsaltstring"
                        + "| $5$rounds=5000$toolongsaltstrin$Un/5jzAHMgOGZ5.mWJpuVolil07guHPvOW8mGRcvxa5",
                // a key longer than 64 bytes: B is added three times in step 10
                "a very much longer text to encrypt.  This one even stretches over morethan one line."
                        + "| $5$rounds=1400$anotherlongsaltstring"
                        + "| $5$rounds=1400$anotherlongsalts$Rx.j8H.h8HjEDGomFU8bDkXm3XIUnzyxf12oP84Bnq1",
                "we have a short salt string but not a short password | $5$rounds=77777$short"
                        + "| $5$rounds=77777$short$JiO1O3ZpDAxGJeaDIuqCoEFysAe1mZNJRs3pw0KQRd/",
                // the salt ends at 16 bytes, so the trailing '$' is the separator glibc also writes
                "a short string      | $5$rounds=123456$asaltof16chars.."
                        + "| $5$rounds=123456$asaltof16chars..$gP3VQ/6X7UUEW3HkBn2w1/Ptq2jxPyzV/cZKmF/wJvD",
                // rounds below the minimum are raised to 1000, and the output says so
                "the minimum number is still observed | $5$rounds=10$roundstoolow"
                        + "| $5$rounds=1000$roundstoolow$yfvwcWrQ8l/K0DAWyuPMDNHpIVlTQebY9l/gL972bIC",
            })
    void matchesDreppersPublishedVectors(String key, String setting, String expected) {
        assertThat(glibcCrypt(key, setting)).isEqualTo(expected);
    }

    /**
     * MySQL's own vectors for its 20-byte salts, from mysql-server unittest/gunit/sha2_password-t.cc
     * (Caching_sha2_password_authenticate_fast_authenticate): password, salt, digest at 5000 rounds.
     * Java escapes spell the same bytes as the C source; the salts contain a TAB, which MySQL allows.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '\'',
            value = {
                "arthur | HahaH0hO1234#$@#%               | 'AbCd!@#\tEfgH%^&*01@#' | dNFegEa4OGDrnEu7M4T.nkmm794xI/QoCR3Z.xpLOW6",
                "marvin | ;bCdEF34^i9&*\":({\\56\"         | 'CVlq))+AC>Q)#4!@# x!'  | SPMN/L8.noKqe8IXVZ2DpCE6w29b106vCQecap9JKpA",
                "zaphod | ' CQ#$ML CF%IF$#(<#R ()<_q@#(rq' | 'X#y)+q x2cx3,qr2##3\t' | rP8Jn8Mtp6XCMx1QjSDA8NSalfVMSBNMIr2yqcEi6Q8",
            })
    void matchesMysqlsVectorsForTwentyByteSalts(String user, String password, String salt, String expected) {
        assertThat(salt).hasSize(20);

        assertThat(Sha256Crypt.hash(ascii(password), ascii(salt), 5_000)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 999, 1_000_000_000})
    void rejectsRoundsOutsideTheSpecsRange(int rounds) {
        assertThatIllegalArgumentException().isThrownBy(() -> Sha256Crypt.hash(ascii("key"), ascii("salt"), rounds));
    }

    /**
     * glibc's {@code crypt(key, "$5$[rounds=N$]salt")}, framing the core as the specification does:
     * rounds clamped to [1000, 999999999] and echoed only when given, salt cut at '$' and to 16 bytes.
     */
    private static String glibcCrypt(String key, String setting) {
        String rest = setting.substring("$5$".length());
        int rounds = 5_000;
        boolean customRounds = rest.startsWith("rounds=");
        if (customRounds) {
            int end = rest.indexOf('$');
            rounds = Math.clamp(Long.parseLong(rest.substring("rounds=".length(), end)), 1_000, 999_999_999);
            rest = rest.substring(end + 1);
        }
        int saltEnd = rest.indexOf('$') < 0 ? rest.length() : rest.indexOf('$');
        String salt = rest.substring(0, Math.min(saltEnd, 16));
        String prefix = "$5$" + (customRounds ? "rounds=" + rounds + "$" : "") + salt + "$";
        return prefix + Sha256Crypt.hash(ascii(key), ascii(salt), rounds);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
