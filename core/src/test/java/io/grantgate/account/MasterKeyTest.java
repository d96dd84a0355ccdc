package io.grantgate.account;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class MasterKeyTest {

    /** 32 bytes 0x00..0x1f. */
    private static final String KEY_A = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    /** 32 bytes 0x01, 0x01..0x1f. */
    private static final String KEY_B = "AQECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    /** 32 bytes 0x02, 0x01..0x1f. */
    private static final String KEY_C = "AgECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    private static final byte[] PROBE = "probe".getBytes(US_ASCII);

    @TempDir
    Path dir;

    @Test
    void hmacMatchesRfc4231TestCase6() {
        // RFC 4231 4.7: a 131-byte key of 0xaa, "Test Using Larger Than Block-Size Key - Hash Key First"
        MasterKey key = MasterKey.fromBase64(Base64.getEncoder().encodeToString(filled(131, (byte) 0xaa)));
        byte[] mac = key.hmacSha256("Test Using Larger Than Block-Size Key - Hash Key First".getBytes(US_ASCII));
        assertThat(HexFormat.of().formatHex(mac))
                .isEqualTo("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
    }

    @ParameterizedTest
    @ValueSource(strings = {KEY_A, "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8", "  " + KEY_A + "\n"})
    void decodesBase64WithOrWithoutPaddingAndSurroundingWhitespace(String text) {
        assertThat(MasterKey.fromBase64(text).hmacSha256(PROBE))
                .isEqualTo(MasterKey.fromBase64(KEY_A).hmacSha256(PROBE));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "''                                            | master key is empty",
                "'   '                                         | master key is empty",
                "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHg==  | master key has 31 bytes; it needs at least 32",
                "c2hvcnQ=                                      | master key has 5 bytes",
                "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8-  | not valid base64",
                "not base64 at all!                            | not valid base64",
                "AAECAwQFBgcICQoLDA0O ODxAREhMUFRYXGBkaGxwdHh8= | not valid base64"
            })
    void refusesShortOrInvalidKeysWithoutRepeatingThem(String text, String problem) {
        assertThatThrownBy(() -> MasterKey.fromBase64(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(problem)
                .satisfies(e -> {
                    assertThat(e.getMessage()).doesNotContain("AAECAwQF").doesNotContain("c2hvcnQ");
                    assertThat(e.getCause()).isNull();
                });
    }

    @Test
    void toStringNeverShowsTheKey() {
        MasterKey key = MasterKey.fromBase64(KEY_A);
        assertThat(key.toString()).isEqualTo("MasterKey[****]").doesNotContain("AAEC");
    }

    @Test
    void differentKeysGiveDifferentMacs() {
        assertThat(MasterKey.fromBase64(KEY_A).hmacSha256(PROBE))
                .isNotEqualTo(MasterKey.fromBase64(KEY_B).hmacSha256(PROBE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"rw-------", "r--------"})
    void readsAPrivateKeyFile(String mode) throws IOException {
        Path file = keyFile(KEY_A + "\n", mode);
        assertThat(MasterKey.readFile(file).hmacSha256(PROBE))
                .isEqualTo(MasterKey.fromBase64(KEY_A).hmacSha256(PROBE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\n", "\r\n"})
    void acceptsOneLineWithOrWithoutItsLineEnd(String lineEnd) throws IOException {
        Path file = keyFile(KEY_A + lineEnd, "rw-------");
        assertThat(MasterKey.readFile(file).hmacSha256(PROBE))
                .isEqualTo(MasterKey.fromBase64(KEY_A).hmacSha256(PROBE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"rw-r--r--", "rw-r-----", "rw----r--", "rw--w----", "rw-----w-", "rwx--x---", "r--r--r--"})
    void refusesAKeyFileOthersCanAccess(String mode) throws IOException {
        Path file = keyFile(KEY_A + "\n", mode);
        assertThatThrownBy(() -> MasterKey.readFile(file))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("chmod 600 " + file)
                .hasMessageContaining(mode)
                .message()
                .doesNotContain(KEY_A);
    }

    static Stream<Arguments> invalidKeyFiles() {
        return Stream.of(
                arguments("", "master key is empty"),
                arguments("c2hvcnQ=\n", "has 5 bytes"),
                arguments(KEY_A + "\n" + KEY_B + "\n", "expected one line"),
                arguments(KEY_A + "\r" + KEY_B, "expected one line"),
                arguments("not base64!\n", "not valid base64"));
    }

    @ParameterizedTest
    @MethodSource("invalidKeyFiles")
    void refusesAKeyFileWithoutOneValidKey(String content, String problem) throws IOException {
        Path file = keyFile(content, "rw-------");
        assertThatThrownBy(() -> MasterKey.readFile(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("master key file " + file)
                .hasMessageContaining(problem)
                .message()
                .doesNotContain(KEY_A);
    }

    @Test
    void refusesAnOversizedFile() throws IOException {
        Path file = keyFile("A".repeat(5000), "rw-------");
        assertThatThrownBy(() -> MasterKey.readFile(file))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("larger than");
    }

    @Test
    void reportsAMissingFile() {
        assertThatThrownBy(() -> MasterKey.readFile(dir.resolve("missing.key")))
                .isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void generatesAPrivateFileThatReadsBackAsTheSameKey() throws IOException {
        Path file = dir.resolve("master.key");

        MasterKey generated = MasterKey.generateFile(file);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        String content = Files.readString(file, US_ASCII);
        assertThat(content).endsWith("\n").hasLineCount(1);
        assertThat(Base64.getDecoder().decode(content.strip())).hasSize(32);
        assertThat(MasterKey.readFile(file).hmacSha256(PROBE)).isEqualTo(generated.hmacSha256(PROBE));
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(file); // no temporary file left behind
        }
    }

    @Test
    void generatesADifferentKeyEachTime() throws IOException {
        MasterKey first = MasterKey.generateFile(dir.resolve("one.key"));
        MasterKey second = MasterKey.generateFile(dir.resolve("two.key"));
        assertThat(first.hmacSha256(PROBE)).isNotEqualTo(second.hmacSha256(PROBE));
    }

    @Test
    void createsMissingDirectoriesPrivateToTheOwner() throws IOException {
        Path file = dir.resolve("etc/grantgate/master.key");

        MasterKey.generateFile(file);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");
        assertThat(MasterKey.readFile(file)).isNotNull();
    }

    @Test
    void refusesToOverwriteAnExistingFile() throws IOException {
        Path file = keyFile(KEY_A + "\n", "rw-------");

        assertThatThrownBy(() -> MasterKey.generateFile(file))
                .isInstanceOf(FileAlreadyExistsException.class)
                .hasMessageContaining("refusing to overwrite");
        assertThat(Files.readString(file, US_ASCII)).isEqualTo(KEY_A + "\n");
    }

    @Test
    void refusesToReplaceASymbolicLink() throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("dangling.key"), dir.resolve("nowhere"));
        assertThatThrownBy(() -> MasterKey.generateFile(link)).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.exists(dir.resolve("nowhere"))).isFalse();
    }

    @Test
    void resolvePrefersTheKeyVariableThenTheFileVariableThenTheDefaultFile() throws IOException {
        Path fileB = keyFile(KEY_B + "\n", "rw-------");
        Path defaultC = Files.writeString(dir.resolve("default.key"), KEY_C + "\n");
        Files.setPosixFilePermissions(defaultC, PosixFilePermissions.fromString("rw-------"));

        assertThat(mac(MasterKey.resolve(
                        Map.of("GRANTGATE_MASTER_KEY", KEY_A, "GRANTGATE_MASTER_KEY_FILE", fileB.toString()),
                        defaultC)))
                .isEqualTo(mac(KEY_A));
        assertThat(mac(MasterKey.resolve(Map.of("GRANTGATE_MASTER_KEY_FILE", fileB.toString()), defaultC)))
                .isEqualTo(mac(KEY_B));
        assertThat(mac(MasterKey.resolve(Map.of(), defaultC))).isEqualTo(mac(KEY_C));
        assertThat(mac(MasterKey.resolve(
                        Map.of("GRANTGATE_MASTER_KEY", " ", "GRANTGATE_MASTER_KEY_FILE", ""), defaultC)))
                .as("blank variables count as unset")
                .isEqualTo(mac(KEY_C));
    }

    @Test
    void resolveWithoutAnySourceNamesAllThree() {
        Path missing = dir.resolve("master.key");
        assertThatThrownBy(() -> MasterKey.resolve(Map.of(), missing))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("GRANTGATE_MASTER_KEY ")
                .hasMessageContaining("GRANTGATE_MASTER_KEY_FILE")
                .hasMessageContaining(missing.toString());
        assertThatThrownBy(() -> MasterKey.resolve(Map.of(), null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("GRANTGATE_MASTER_KEY_FILE");
    }

    @Test
    void resolveNamesTheVariableThatIsWrong() {
        assertThatThrownBy(() -> MasterKey.resolve(Map.of("GRANTGATE_MASTER_KEY", "c2hvcnQ="), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("GRANTGATE_MASTER_KEY: master key has 5 bytes")
                .message()
                .doesNotContain("c2hvcnQ");
        Path missing = dir.resolve("nope.key");
        assertThatThrownBy(() -> MasterKey.resolve(Map.of("GRANTGATE_MASTER_KEY_FILE", missing.toString()), null))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("GRANTGATE_MASTER_KEY_FILE")
                .hasMessageContaining(missing.toString());
    }

    @Test
    void aNamedFileIsCheckedLikeAnyOther() throws IOException {
        Path open = keyFile(KEY_A + "\n", "rw-r--r--");
        assertThatThrownBy(() -> MasterKey.resolve(Map.of("GRANTGATE_MASTER_KEY_FILE", open.toString()), null))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("chmod 600");
    }

    @Test
    void refusesNull() {
        assertThatNullPointerException().isThrownBy(() -> MasterKey.fromBase64(null));
        assertThatNullPointerException().isThrownBy(() -> MasterKey.readFile(null));
        assertThatNullPointerException().isThrownBy(() -> MasterKey.generateFile(null));
        assertThatNullPointerException().isThrownBy(() -> MasterKey.resolve(null, null));
        assertThatNullPointerException()
                .isThrownBy(() -> MasterKey.fromBase64(KEY_A).hmacSha256(null));
    }

    private Path keyFile(String content, String mode) throws IOException {
        Path file = Files.createTempFile(dir, "master", ".key");
        Files.writeString(file, content, US_ASCII);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    private static byte[] mac(MasterKey key) {
        return key.hmacSha256(PROBE);
    }

    private static byte[] mac(String base64) {
        return mac(MasterKey.fromBase64(base64));
    }

    private static byte[] filled(int length, byte value) {
        byte[] bytes = new byte[length];
        java.util.Arrays.fill(bytes, value);
        return bytes;
    }
}
