package io.grantgate.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantgate.protocol.Hex;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Binary DATE, DATETIME and TIME values against the text MySQL prints for the same values, e.g.
 * {@code SELECT CAST('-838:59:59' AS TIME)} or {@code SELECT CAST(? AS CHAR)} with the parameter bound.
 */
class TemporalTextTest {

    @ParameterizedTest(name = "DATE {0}")
    @CsvSource(delimiter = '|', textBlock = """
            ''                                   | 0000-00-00
            e8 07 02 1d                          | 2024-02-29
            05 00 01 02                          | 0005-01-02
            e8 07 02 1d 0d 05 09                 | 2024-02-29
            e8 07 02 1d 0d 05 09 fa 00 00 00     | 2024-02-29
            """)
    void date(String hex, String printed) {
        byte[] bytes = Hex.bytes(hex);
        assertThat(TemporalText.dateLength(bytes.length)).isTrue();
        assertThat(TemporalText.date(bytes, 0, bytes.length)).isEqualTo(printed);
    }

    @ParameterizedTest(name = "DATETIME {0}")
    @CsvSource(delimiter = '|', textBlock = """
            ''                                         | 0000-00-00 00:00:00
            e8 07 02 1d                                | 2024-02-29 00:00:00
            e8 07 02 1d 0d 05 09                       | 2024-02-29 13:05:09
            e8 07 02 1d 0d 05 09 fa 00 00 00           | 2024-02-29 13:05:09.000250
            e8 07 02 1d 0d 05 09 00 00 00 00           | 2024-02-29 13:05:09
            0f 27 0c 1f 17 3b 3b 3f 42 0f 00           | 9999-12-31 23:59:59.999999
            e8 07 02 1d 0d 05 09 00 00 00 00 4a 01     | 2024-02-29 13:05:09+05:30
            e8 07 02 1d 0d 05 09 01 00 00 00 20 fe     | 2024-02-29 13:05:09.000001-08:00
            """)
    void dateTime(String hex, String printed) {
        byte[] bytes = Hex.bytes(hex);
        assertThat(TemporalText.dateLength(bytes.length)).isTrue();
        assertThat(TemporalText.dateTime(bytes, 0, bytes.length)).isEqualTo(printed);
    }

    @ParameterizedTest(name = "TIME {0}")
    @CsvSource(delimiter = '|', textBlock = """
            ''                                         | 00:00:00
            00 00 00 00 00 01 02 03                    | 01:02:03
            01 00 00 00 00 01 02 03                    | -01:02:03
            00 01 00 00 00 02 00 00                    | 26:00:00
            00 22 00 00 00 16 3b 3b                    | 838:59:59
            01 22 00 00 00 16 3b 3b                    | -838:59:59
            00 00 00 00 00 0c 22 38 20 a1 07 00        | 12:34:56.500000
            01 00 00 00 00 00 00 00 01 00 00 00        | -00:00:00.000001
            00 00 00 00 00 0c 22 38 00 00 00 00        | 12:34:56
            """)
    void time(String hex, String printed) {
        byte[] bytes = Hex.bytes(hex);
        assertThat(TemporalText.timeLength(bytes.length)).isTrue();
        assertThat(TemporalText.time(bytes, 0, bytes.length)).isEqualTo(printed);
    }

    @ParameterizedTest(name = "{0} bytes")
    @CsvSource({"1, false, false", "5, false, false", "8, false, true", "12, false, true", "13, true, false"})
    void lengthsWithoutAMeaning(int length, boolean date, boolean time) {
        assertThat(TemporalText.dateLength(length)).isEqualTo(date);
        assertThat(TemporalText.timeLength(length)).isEqualTo(time);
    }
}
