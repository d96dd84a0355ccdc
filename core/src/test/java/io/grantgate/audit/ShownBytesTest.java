package io.grantgate.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantgate.audit.AuditValue.Kind;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ShownBytesTest {

    @Test
    void utf8IsText() {
        byte[] bytes = "xx héllo".getBytes(StandardCharsets.UTF_8);

        assertThat(ShownBytes.inline("VAR_STRING", false, bytes, 3, bytes.length - 3, 100))
                .isEqualTo(new AuditValue("VAR_STRING", Kind.TEXT, Optional.of("héllo"), 6, Optional.empty()));
    }

    @Test
    void otherBytesAreBase64() {
        byte[] bytes = {(byte) 0xC3, 0x28};

        assertThat(ShownBytes.inline("STRING", false, bytes, 0, 2, 100))
                .isEqualTo(new AuditValue("STRING", Kind.BASE64, Optional.of("wyg="), 2, Optional.empty()));
    }

    @Test
    void binaryTypesAreBase64EvenWhenTheyReadAsText() {
        byte[] bytes = "hello".getBytes(StandardCharsets.UTF_8);

        assertThat(ShownBytes.inline("BLOB", true, bytes, 0, 5, 100))
                .isEqualTo(new AuditValue("BLOB", Kind.BASE64, Optional.of("aGVsbG8="), 5, Optional.empty()));
    }

    @Test
    void aValueOverTheCapKeepsItsStartAndTheHashOfAll() throws Exception {
        byte[] bytes = "abcdefghij".getBytes(StandardCharsets.UTF_8);

        AuditValue value = ShownBytes.inline("VARCHAR", false, bytes, 0, 10, 4);

        assertThat(value)
                .isEqualTo(new AuditValue("VARCHAR", Kind.TEXT, Optional.of("abcd"), 10, Optional.of(sha256(bytes))));
        assertThat(value.cut()).isTrue();
    }

    @Test
    void aCutThroughACharacterKeepsTheWholeCharactersBeforeIt() throws Exception {
        byte[] bytes = "aéé".getBytes(StandardCharsets.UTF_8); // 61 c3 a9 c3 a9

        AuditValue value = ShownBytes.inline("STRING", false, bytes, 0, 5, 4);

        assertThat(value.kind()).isEqualTo(Kind.TEXT);
        assertThat(value.value()).contains("aé");
        assertThat(value.length()).isEqualTo(5);
        assertThat(value.sha256()).contains(sha256(bytes));
    }

    @Test
    void aCutBinaryValueKeepsExactlyTheCap() throws Exception {
        byte[] bytes = {1, 2, 3, 4, 5};

        assertThat(ShownBytes.inline("BLOB", true, bytes, 0, 5, 3))
                .isEqualTo(new AuditValue("BLOB", Kind.BASE64, Optional.of("AQID"), 5, Optional.of(sha256(bytes))));
    }

    @Test
    void aValueOfExactlyTheCapIsWhole() {
        byte[] bytes = "abcd".getBytes(StandardCharsets.UTF_8);

        assertThat(ShownBytes.inline("VARCHAR", false, bytes, 0, 4, 4).cut()).isFalse();
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
