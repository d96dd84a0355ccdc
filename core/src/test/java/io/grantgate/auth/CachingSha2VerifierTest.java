package io.grantgate.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CachingSha2VerifierTest {

    /**
     * Stored strings MySQL's caching_sha2_password accepts for these passwords: the salts and digests of
     * mysql-server unittest/gunit/sha2_password-t.cc (Caching_sha2_password_authenticate_fast_authenticate),
     * put together as its {@code serialize} does.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '\'',
            value = {
                "arthur | HahaH0hO1234#$@#%               | '$A$005$AbCd!@#\tEfgH%^&*01@#dNFegEa4OGDrnEu7M4T.nkmm794xI/QoCR3Z.xpLOW6'",
                "marvin | ;bCdEF34^i9&*\":({\\56\"         | '$A$005$CVlq))+AC>Q)#4!@# x!SPMN/L8.noKqe8IXVZ2DpCE6w29b106vCQecap9JKpA'",
                "zaphod | ' CQ#$ML CF%IF$#(<#R ()<_q@#(rq' | '$A$005$X#y)+q x2cx3,qr2##3\trP8Jn8Mtp6XCMx1QjSDA8NSalfVMSBNMIr2yqcEi6Q8'",
            })
    void verifiesMysqlStoredStrings(String user, String password, String stored) {
        CachingSha2Verifier verifier = CachingSha2Verifier.parse(stored);

        assertThat(verifier.iterations()).isEqualTo(5_000);
        assertThat(verifier.matches(password)).isTrue();
        assertThat(verifier.matches(password + " ")).isFalse();
        assertThat(verifier.matches("")).isFalse();
        assertThat(verifier.authenticationString()).isEqualTo(stored);
        assertThat(CachingSha2Verifier.create(password, verifier.salt(), 5_000)).isEqualTo(verifier);
    }

    /**
     * The same kind of string as MySQL's {@code SHOW CREATE USER ... AS 0x…} prints it; a third-party
     * tool's README (MircoBabin/MySqlPasswords) gives it as the verifier of 'secret'.
     */
    @Test
    void verifiesAHexPrintedStoredString() {
        String hex = "24412430303524" + "517D22565B3D67635E4136625E414272223A522F"
                + "373248496B496B7368563976366D73677476794E6F574C6C4346554662416E66753746637958455047332E";
        String stored = new String(HexFormat.of().parseHex(hex), StandardCharsets.US_ASCII);

        assertThat(CachingSha2Verifier.parse(stored).matches("secret")).isTrue();
    }

    @Test
    void parsesMysqlsUnitTestStringIntoItsParts() {
        // mysql-server sha2_password-t.cc, Caching_sha2_password_Serialize_Deserialize, case 1
        String stored = "$A$005$ABCDEFGHIJKLMNOPQRSTabcdefgh01234567ijklmnop89012345ABCDEFGH678";

        CachingSha2Verifier verifier = CachingSha2Verifier.parse(stored);

        assertThat(verifier.salt()).isEqualTo(CryptSalt.of("ABCDEFGHIJKLMNOPQRST"));
        assertThat(verifier.iterations()).isEqualTo(5_000);
        assertThat(verifier.digest()).isEqualTo("abcdefgh01234567ijklmnop89012345ABCDEFGH678");
        assertThat(verifier.authenticationString()).isEqualTo(stored);
    }

    @Test
    void parsesTheLockedAccountPlaceholderWhichNoPasswordMatches() {
        // What MySQL's mysql_system_users.sql gives mysql.session and friends.
        CachingSha2Verifier verifier =
                CachingSha2Verifier.parse("$A$005$THISISACOMBINATIONOFINVALIDSALTANDPASSWORDTHATMUSTNEVERBRBEUSED");

        assertThat(verifier.matches("")).isFalse();
        assertThat(verifier.matches("THISISACOMBINATIONOF")).isFalse();
    }

    @Test
    void iterationCountIsThousandsInUpperCaseHex() {
        CryptSalt salt = CryptSalt.of("ABCDEFGHIJKLMNOPQRST");

        String stored = CachingSha2Verifier.create("password", salt, 10_000).authenticationString();

        assertThat(stored).startsWith("$A$00A$ABCDEFGHIJKLMNOPQRST").hasSize(70);
        assertThat(CachingSha2Verifier.parse(stored).iterations()).isEqualTo(10_000);
        assertThat(CachingSha2Verifier.parse(stored).matches("password")).isTrue();
    }

    @Test
    void createsMysqlsFormatWithAFreshSaltEachTime() {
        CachingSha2Verifier first = CachingSha2Verifier.create("password");
        CachingSha2Verifier second = CachingSha2Verifier.create("password");

        assertThat(first.authenticationString()).startsWith("$A$005$").hasSize(70);
        assertThat(first.authenticationString().substring(7, 27)).doesNotContain("$");
        assertThat(first.salt()).isNotEqualTo(second.salt());
        assertThat(first.authenticationString()).isNotEqualTo(second.authenticationString());
        assertThat(first.matches("password")).isTrue();
        assertThat(second.matches("password")).isTrue();
        assertThat(first.plugin()).isEqualTo(AuthPlugin.CACHING_SHA2_PASSWORD);
    }

    @Test
    void emptyAndNonAsciiPasswordsRoundTrip() {
        assertThat(CachingSha2Verifier.create("").matches("")).isTrue();
        assertThat(CachingSha2Verifier.create("").matches(" ")).isFalse();
        assertThat(CachingSha2Verifier.create("pässwörd").matches("pässwörd")).isTrue();
    }

    @Test
    void refusesPasswordsOverMysqlsLimitOf256Bytes() {
        String longest = "x".repeat(256);
        CachingSha2Verifier verifier = CachingSha2Verifier.create(longest);

        assertThat(verifier.matches(longest)).isTrue();
        assertThat(verifier.matches(longest + "x")).isFalse();
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CachingSha2Verifier.create("ü".repeat(129)))
                .withMessage("a caching_sha2_password password is at most 256 bytes in UTF-8");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                // rejected by MySQL's own deserialize too (sha2_password-t.cc)
                "$B$005$01234567ABCDEFGH!@#$abcdefgh01234567ijklm890!@#$%^&*a;3-6;2[6-4",
                "$HOHO$005$01234567ABCDEFGH!@#$abcdefgh01234567ijklm890!@#$%^&*a;3-6;2[6-4",
                "$A$0$01234567ABCDEFGH!@#$abcdefgh01234567ijklm890!@#$%^&*a;3-6;2[6-4",
                "$A$000$01234567ABCDEFGH!@#$abcdefgh01234567ijklm890!@#$%^&*a;3-6;2[6-4",
                "$A$01234567ABCDEFGH!@#$abcdefgh01234567ijklm890!@#$%^&*a;3-6;2[6-4",
                "$A$$01234567ABCDEFGH!@#$abcdefgh01234567ijklm890!@#$%^&*a;3-6;2[6-4",
                "$A$0005$01234567ABCDE",
                "$A$0005$01234567ABCDEFGH!@#$abcdefgh01234567ijklm890!@#$%^&",
                // accepted by MySQL's parser but never produced by MySQL: '$' in the salt, non-crypt digest
                "$A$005$01234567ABCDEFGH!@#$abcdefgh01234567ijklm890!@#$%^&*;[-=,+]']+*",
                // stricter than MySQL: lower-case hex, which MySQL never writes
                "$A$00a$ABCDEFGHIJKLMNOPQRSTabcdefgh01234567ijklmnop89012345ABCDEFGH678",
                "$A$005$ABCDEFGHIJKLMNOPQRSéabcdefgh01234567ijklmnop89012345ABCDEFGH678",
                "$A$005$ABCDEFGHIJKLMNOPQRSTabcdefgh01234567ijklmnop89012345ABCDEFGH67",
                "$A$005$ABCDEFGHIJKLMNOPQRSTabcdefgh01234567ijklmnop89012345ABCDEFGH6789",
                "*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19",
                "",
            })
    void rejectsMalformedStoredStrings(String stored) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CachingSha2Verifier.parse(stored))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("abcdefgh"));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 999, 1_500, 4_096_000})
    void rejectsIterationCountsTheStoredFormCannotHold(int iterations) {
        CryptSalt salt = CryptSalt.of("ABCDEFGHIJKLMNOPQRST");

        assertThatIllegalArgumentException()
                .isThrownBy(
                        () -> new CachingSha2Verifier(salt, iterations, "abcdefgh01234567ijklmnop89012345ABCDEFGH678"));
    }

    @Test
    void toStringHidesTheDigestAndSalt() {
        CachingSha2Verifier verifier =
                CachingSha2Verifier.parse("$A$005$ABCDEFGHIJKLMNOPQRSTabcdefgh01234567ijklmnop89012345ABCDEFGH678");

        assertThat(verifier.toString())
                .isEqualTo("CachingSha2Verifier[iterations=5000, digest=<hidden>]")
                .doesNotContain("ABCDEFGHIJ")
                .doesNotContain("abcdefgh");
    }
}
