package io.grantgate.audit;

import static io.grantgate.audit.StmtPackets.UNSIGNED;
import static io.grantgate.audit.StmtPackets.execute;
import static io.grantgate.audit.StmtPackets.lengthEncoded;
import static org.assertj.core.api.Assertions.assertThat;

import io.grantgate.audit.AuditValue.Kind;
import io.grantgate.protocol.Hex;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every binary-protocol parameter type, one parameter per COM_STMT_EXECUTE, as the audit records it. */
class ExecuteValuesTest {

    private static final long ID = 7;

    private final PreparedStatements statements = new PreparedStatements(PreparedStatements.DEFAULT_MAX_VALUE_BYTES);

    private AuditValue single(int type, int flags, byte[] value) {
        statements.prepared(ID, 1);
        byte[] payload = execute(ID).param(type, flags, value).build();
        List<AuditValue> values = statements.execute(payload, 0, payload.length);
        assertThat(values).hasSize(1);
        return values.getFirst();
    }

    @ParameterizedTest(name = "{3} {2}")
    @CsvSource(delimiter = '|', textBlock = """
            1  | 0   | 80                      | TINY                | -128
            1  | 0   | 7f                      | TINY                | 127
            1  | 0   | ff                      | TINY                | -1
            1  | 128 | ff                      | TINY UNSIGNED       | 255
            2  | 0   | 00 80                   | SHORT               | -32768
            2  | 0   | ff 7f                   | SHORT               | 32767
            2  | 128 | ff ff                   | SHORT UNSIGNED      | 65535
            3  | 0   | 00 00 00 80             | LONG                | -2147483648
            3  | 0   | ff ff ff 7f             | LONG                | 2147483647
            3  | 128 | ff ff ff ff             | LONG UNSIGNED       | 4294967295
            9  | 0   | 00 00 80 ff             | INT24               | -8388608
            9  | 0   | ff ff 7f 00             | INT24               | 8388607
            9  | 128 | ff ff ff 00             | INT24 UNSIGNED      | 16777215
            8  | 0   | 00 00 00 00 00 00 00 80 | LONGLONG            | -9223372036854775808
            8  | 0   | ff ff ff ff ff ff ff 7f | LONGLONG            | 9223372036854775807
            8  | 128 | ff ff ff ff ff ff ff 7f | LONGLONG UNSIGNED   | 9223372036854775807
            8  | 128 | 00 00 00 00 00 00 00 80 | LONGLONG UNSIGNED   | 9223372036854775808
            8  | 128 | ff ff ff ff ff ff ff ff | LONGLONG UNSIGNED   | 18446744073709551615
            13 | 0   | e8 07                   | YEAR                | 2024
            """)
    void integers(int type, int flags, String hex, String name, String printed) {
        byte[] bytes = Hex.bytes(hex);

        assertThat(single(type, flags, bytes))
                .isEqualTo(new AuditValue(name, Kind.NUMBER, Optional.of(printed), bytes.length, Optional.empty()));
    }

    @ParameterizedTest(name = "{2} {3}")
    @CsvSource(delimiter = '|', textBlock = """
            4 | 33 33 23 41             | FLOAT  | 10.2      | NUMBER
            4 | 00 00 00 80             | FLOAT  | -0.0      | NUMBER
            4 | 00 00 80 7f             | FLOAT  | Infinity  | TEXT
            4 | 00 00 c0 7f             | FLOAT  | NaN       | TEXT
            5 | 66 66 66 66 66 66 24 40 | DOUBLE | 10.2      | NUMBER
            5 | 9c 75 00 88 3c e4 37 7e | DOUBLE | 1.0E300   | NUMBER
            5 | 00 00 00 00 00 00 f0 ff | DOUBLE | -Infinity | TEXT
            5 | 00 00 00 00 00 00 f8 7f | DOUBLE | NaN       | TEXT
            """)
    void floats(int type, String hex, String name, String printed, Kind kind) {
        byte[] bytes = Hex.bytes(hex);

        assertThat(single(type, 0, bytes))
                .isEqualTo(new AuditValue(name, kind, Optional.of(printed), bytes.length, Optional.empty()));
    }

    @Test
    void unsignedFlagOnAFloatIsNotShown() {
        assertThat(single(5, UNSIGNED, Hex.bytes("66 66 66 66 66 66 24 40")).type())
                .isEqualTo("DOUBLE");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource({"0, DECIMAL", "246, NEWDECIMAL"})
    void decimalsAreTextAsSent(int type, String name) {
        assertThat(single(type, 0, lengthEncoded(bytes("-15.50"))))
                .isEqualTo(new AuditValue(name, Kind.TEXT, Optional.of("-15.50"), 6, Optional.empty()));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource({"15, VARCHAR", "253, VAR_STRING", "254, STRING", "247, ENUM", "248, SET", "245, JSON"})
    void stringsAreTextWhenUtf8(int type, String name) {
        assertThat(single(type, 0, lengthEncoded(bytes("héllo, 世界 😀"))))
                .isEqualTo(new AuditValue(name, Kind.TEXT, Optional.of("héllo, 世界 😀"), 19, Optional.empty()));
        assertThat(single(type, 0, lengthEncoded(Hex.bytes("e9 74 e9")))) // "été" in latin1
                .isEqualTo(new AuditValue(name, Kind.BASE64, Optional.of("6XTp"), 3, Optional.empty()));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource({
        "249, TINY_BLOB",
        "250, MEDIUM_BLOB",
        "251, LONG_BLOB",
        "252, BLOB",
        "255, GEOMETRY",
        "16, BIT",
        "242, VECTOR"
    })
    void binaryTypesAreAlwaysBase64(int type, String name) {
        assertThat(single(type, 0, lengthEncoded(bytes("hello"))))
                .isEqualTo(new AuditValue(name, Kind.BASE64, Optional.of("aGVsbG8="), 5, Optional.empty()));
    }

    @Test
    void emptyString() {
        assertThat(single(253, 0, lengthEncoded(new byte[0])))
                .isEqualTo(new AuditValue("VAR_STRING", Kind.TEXT, Optional.of(""), 0, Optional.empty()));
    }

    @Test
    void stringsOfEveryLengthEncoding() {
        for (int length : new int[] {250, 251, 0xFFFF, 0x10000, 0x10001}) {
            byte[] value = "x".repeat(length).getBytes(StandardCharsets.US_ASCII);
            AuditValue decoded = single(254, 0, lengthEncoded(value));
            assertThat(decoded.length()).as("length %d", length).isEqualTo(length);
            assertThat(decoded.value().orElseThrow())
                    .hasSize(Math.min(length, PreparedStatements.DEFAULT_MAX_VALUE_BYTES));
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            10 | 04 e8 07 02 1d                            | DATE      | 2024-02-29
            10 | 00                                        | DATE      | 0000-00-00
            12 | 07 e8 07 02 1d 0d 05 09                   | DATETIME  | 2024-02-29 13:05:09
            12 | 0b e8 07 02 1d 0d 05 09 fa 00 00 00       | DATETIME  | 2024-02-29 13:05:09.000250
            12 | 04 e8 07 02 1d                            | DATETIME  | 2024-02-29 00:00:00
            12 | 00                                        | DATETIME  | 0000-00-00 00:00:00
            7  | 0b e8 07 02 1d 0d 05 09 fa 00 00 00       | TIMESTAMP | 2024-02-29 13:05:09.000250
            7  | 0d e8 07 02 1d 0d 05 09 00 00 00 00 4a 01 | TIMESTAMP | 2024-02-29 13:05:09+05:30
            11 | 08 01 01 00 00 00 02 03 04                | TIME      | -26:03:04
            11 | 0c 00 00 00 00 00 0c 22 38 20 a1 07 00    | TIME      | 12:34:56.500000
            11 | 00                                        | TIME      | 00:00:00
            """)
    void datesAndTimes(int type, String hex, String name, String printed) {
        byte[] bytes = Hex.bytes(hex);

        assertThat(single(type, 0, bytes))
                .isEqualTo(new AuditValue(name, Kind.TEXT, Optional.of(printed), bytes.length - 1, Optional.empty()));
    }

    @ParameterizedTest(name = "{0} of {1} bytes")
    @CsvSource({"10, 5", "12, 3", "7, 12", "11, 4", "11, 11"})
    void temporalLengthsWithoutAMeaningAreUndecodable(int type, int length) {
        byte[] value = new byte[1 + length];
        value[0] = (byte) length;

        AuditValue decoded = single(type, 0, value);

        assertThat(decoded.type()).isEqualTo(PreparedStatements.UNDECODABLE);
        assertThat(decoded.value().orElseThrow()).contains("parameter 0").contains(length + " bytes");
    }

    @Test
    void nullTypeIsNullAndTakesNoBytes() {
        statements.prepared(ID, 2);
        byte[] payload =
                execute(ID).param(6, new byte[0]).param(3, StmtPackets.int4(5)).build();

        assertThat(statements.execute(payload, 0, payload.length))
                .containsExactly(
                        new AuditValue("NULL", Kind.NULL, Optional.empty(), 0, Optional.empty()),
                        new AuditValue("LONG", Kind.NUMBER, Optional.of("5"), 4, Optional.empty()));
    }

    @ParameterizedTest(name = "type {0}")
    @CsvSource({"14, NEWDATE", "17, TIMESTAMP2", "20, TYPED_ARRAY", "100, TYPE_100", "244, BOOL"})
    void typesWithoutABinaryValueAreUndecodableUnlessNull(int type, String name) {
        AuditValue decoded = single(type, 0, lengthEncoded(bytes("x")));
        assertThat(decoded.type()).isEqualTo(PreparedStatements.UNDECODABLE);
        assertThat(decoded.value().orElseThrow()).contains("parameter 0 (" + name + ")");

        byte[] payload = execute(ID).nullParam(type).build();
        assertThat(statements.execute(payload, 0, payload.length))
                .containsExactly(new AuditValue(name, Kind.NULL, Optional.empty(), 0, Optional.empty()));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
