package io.grantgate.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** PayloadReader and PayloadWriter against the encodings in the protocol's data type pages. */
class PayloadTest {

    @ParameterizedTest(name = "{0} <-> {1}")
    @CsvSource({
        "0, 00",
        "250, fa", // the largest 1-byte value
        "251, fc fb 00", // 0xFB would be NULL, so 251 needs 0xFC + int<2>
        "65535, fc ff ff",
        "65536, fd 00 00 01", // 0xFD + int<3>
        "16777215, fd ff ff ff",
        "16777216, fe 00 00 00 01 00 00 00 00", // 0xFE + int<8>
        "-1, fe ff ff ff ff ff ff ff ff", // 2^64 - 1, as the signed long it is in Java
    })
    void lengthEncodedIntegersUseTheShortestForm(long value, String hex) throws Exception {
        byte[] encoded = Hex.bytes(hex);

        assertThat(new PayloadWriter().writeLenEncInt(value).toByteArray()).isEqualTo(encoded);
        assertThat(PayloadWriter.lenEncIntSize(value)).isEqualTo(encoded.length);
        PayloadReader reader = PayloadReader.of(encoded);
        assertThat(reader.readLenEncInt()).isEqualTo(value);
        assertThat(reader.hasRemaining()).isFalse();
    }

    @ParameterizedTest(name = "int<{0}> of {1}")
    @CsvSource({
        "1, 255, ff",
        "2, 513, 01 02",
        "3, 197121, 01 02 03",
        "4, 4294967295, ff ff ff ff",
        "8, 72623859790382856, 08 07 06 05 04 03 02 01",
    })
    void fixedLengthIntegersAreLittleEndian(int size, long value, String hex) throws Exception {
        byte[] encoded = Hex.bytes(hex);

        assertThat(new PayloadWriter().writeFixedInt(value, size).toByteArray()).isEqualTo(encoded);
        assertThat(PayloadReader.of(encoded).readFixedInt(size)).isEqualTo(value);
    }

    @Test
    void readsEveryStringForm() throws Exception {
        byte[] payload = Hex.bytes("""
                03 64 65 66             # string<lenenc> "def"
                72 6f 6f 74 00          # string<NUL> "root"
                23 34 32 30 30 30       # string[1] '#' and string[5] "42000"
                fb                      # NULL
                68 69                   # string<EOF> "hi"
                """);
        PayloadReader reader = PayloadReader.of(payload);

        assertThat(reader.readLenEncString()).isEqualTo("def");
        assertThat(reader.readNulString()).isEqualTo("root");
        assertThat(reader.readFixedAscii(1)).isEqualTo("#");
        assertThat(reader.readFixedAscii(5)).isEqualTo("42000");
        assertThat(reader.nextIsNull()).isTrue();
        reader.skip(1);
        assertThat(reader.readRestString()).isEqualTo("hi");
        assertThat(reader.remaining()).isZero();
    }

    @Test
    void writerProducesWhatTheReaderReads() throws Exception {
        byte[] payload = new PayloadWriter()
                .writeLenEncString("schön")
                .writeNulString("user")
                .writeLenEncBytes(Bytes.of((byte) 1, (byte) 2))
                .writeLenEncNull()
                .writeZeros(3)
                .writeString("rest")
                .toByteArray();
        PayloadReader reader = PayloadReader.of(payload);

        assertThat(reader.readLenEncString()).isEqualTo("schön");
        assertThat(reader.readNulString()).isEqualTo("user");
        assertThat(reader.readLenEncBytes()).isEqualTo(Bytes.of((byte) 1, (byte) 2));
        assertThat(reader.nextIsNull()).isTrue();
        reader.skip(1 + 3);
        assertThat(reader.readRestBytes()).isEqualTo(Bytes.of("rest", StandardCharsets.UTF_8));
    }

    @Test
    void nulOrRestStringToleratesAMissingTerminator() throws Exception {
        assertThat(PayloadReader.of(Hex.bytes("61 62")).readNulOrRestString()).isEqualTo("ab");
        PayloadReader terminated = PayloadReader.of(Hex.bytes("61 00 62"));
        assertThat(terminated.readNulOrRestString()).isEqualTo("a");
        assertThat(terminated.remaining()).isEqualTo(1);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(
            strings = {
                "", // nothing at all
                "fc 01", // 0xFC needs two more bytes
                "fe 01 02 03", // 0xFE needs eight more bytes
                "fb", // NULL where a number is required
                "ff", // undefined first byte
            })
    void truncatedOrUndefinedLengthEncodedIntegersAreMalformed(String hex) {
        assertThatThrownBy(() -> PayloadReader.of(Hex.bytes(hex)).readLenEncInt())
                .isInstanceOf(MalformedPacketException.class);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(
            strings = {
                "05 61 62", // string<lenenc> claims 5 bytes, has 2
                "fd ff ff ff 61", // claims 16 MiB
                "fe ff ff ff ff ff ff ff ff", // claims 2^64 - 1
            })
    void lengthsBeyondThePayloadAreMalformed(String hex) {
        assertThatThrownBy(() -> PayloadReader.of(Hex.bytes(hex)).readLenEncBytes())
                .isInstanceOf(MalformedPacketException.class)
                .hasMessageContaining("exceeds");
    }

    @Test
    void namesMustBeTerminatedAndValidUtf8() {
        assertThatThrownBy(() -> PayloadReader.of(Hex.bytes("72 6f 6f 74")).readNulString())
                .isInstanceOf(MalformedPacketException.class)
                .hasMessageContaining("NUL");
        assertThatThrownBy(() -> PayloadReader.of(Hex.bytes("c3 28 00")).readNulString())
                .isInstanceOf(MalformedPacketException.class)
                .hasMessageContaining("UTF-8");
    }

    @Test
    void fixedReadsPastTheEndAreMalformed() {
        PayloadReader reader = PayloadReader.of(Hex.bytes("01 02 03"));

        assertThatThrownBy(() -> reader.readInt4()).isInstanceOf(MalformedPacketException.class);
        assertThatThrownBy(() -> reader.readFixedBytes(4)).isInstanceOf(MalformedPacketException.class);
        assertThatThrownBy(() -> reader.skip(-1)).isInstanceOf(MalformedPacketException.class);
        assertThat(reader.position()).isZero();
    }

    @Test
    void nulStringsCannotContainNul() {
        assertThatThrownBy(() -> new PayloadWriter().writeNulString("a\0b"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readerStaysWithinItsSliceOfALargerArray() throws Exception {
        byte[] array = Hex.bytes("ff 01 02 ff");
        PayloadReader reader = new PayloadReader(array, 1, 2);

        assertThat(reader.readInt2()).isEqualTo(0x0201);
        assertThatThrownBy(reader::readInt1).isInstanceOf(MalformedPacketException.class);
    }
}
