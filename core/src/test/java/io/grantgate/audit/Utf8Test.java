package io.grantgate.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantgate.protocol.Hex;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Utf8Test {

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            ascii                  | 61 62 63                | 3  | 3
            empty                  | ''                      | 0  | 0
            two-byte é             | 63 61 66 c3 a9          | 5  | 5
            three-byte €           | e2 82 ac                | 3  | 3
            four-byte 😀           | f0 9f 98 80             | 4  | 4
            U+10FFFF               | f4 8f bf bf             | 4  | 4
            lone continuation      | 61 80                   | -1 | -1
            overlong NUL           | c0 80                   | -1 | -1
            overlong 3-byte        | e0 80 80                | -1 | -1
            overlong 4-byte        | f0 80 80 80             | -1 | -1
            surrogate              | ed a0 80                | -1 | -1
            above U+10FFFF         | f4 90 80 80             | -1 | -1
            F5 lead                | f5 80 80 80             | -1 | -1
            bad continuation       | c3 28                   | -1 | -1
            é cut after its lead   | 61 c3                   | -1 | 1
            😀 cut after 3 bytes   | 61 f0 9f 98             | -1 | 1
            bad byte before a cut  | ff c3                   | -1 | -1
            """)
    void validLength(String what, String hex, int whole, int whenCut) {
        byte[] bytes = Hex.bytes(hex);
        assertThat(Utf8.validLength(bytes, 0, bytes.length, false)).isEqualTo(whole);
        assertThat(Utf8.validLength(bytes, 0, bytes.length, true)).isEqualTo(whenCut);
    }

    @ParameterizedTest(name = "offset {0}")
    @CsvSource({"0, 3", "1, 2", "2, -1"})
    void countsFromTheOffset(int offset, int expected) {
        byte[] bytes = Hex.bytes("61 c3 a9");
        assertThat(Utf8.validLength(bytes, offset, bytes.length - offset, false))
                .isEqualTo(expected);
    }
}
