package io.grantgate.protocol.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressTextTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "0.0.0.0, 00000000",
        "127.0.0.1, 7f000001",
        "255.255.255.255, ffffffff",
        "192.168.0.11, c0a8000b",
        ":: , 00000000000000000000000000000000",
        "::1, 00000000000000000000000000000001",
        "fe80::1, fe800000000000000000000000000001",
        "2001:DB8::8:800:200c:417a, 20010db80000000000080800200c417a",
        "1:2:3:4:5:6:7:8, 00010002000300040005000600070008",
        "1:2:3:4:5:6:7::, 00010002000300040005000600070000",
        "::2:3:4:5:6:7:8, 00000002000300040005000600070008",
        "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, ffffffffffffffffffffffffffffffff",
        "::ffff:192.0.2.1, 00000000000000000000ffffc0000201",
        "64:ff9b::198.51.100.7, 0064ff9b0000000000000000c6336407",
        "1:2:3:4:5:6:1.2.3.4, 00010002000300040005000601020304",
    })
    void literalsBecomeTheirBytes(String text, String hex) {
        assertThat(AddressText.parse(text.strip()))
                .hasValueSatisfying(
                        bytes -> assertThat(HexFormat.of().formatHex(bytes)).isEqualTo(hex));
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(
            strings = {
                "",
                "1.2.3",
                "1.2.3.4.5",
                "1.2.3.256",
                "01.2.3.4",
                "1.2.3.04",
                "1..3.4",
                "1.2.3.4 ",
                "+1.2.3.4",
                "1.2.3.-4",
                "localhost",
                "example.com",
                "١.٢.٣.٤", // Arabic-Indic digits
                ":",
                ":::",
                "1::2::3",
                "1:2:3:4:5:6:7:8:9",
                "1:2:3:4:5:6:7:8::",
                "::1:2:3:4:5:6:7:8",
                "12345::",
                ":1",
                "1:",
                "g::",
                "::1.2.3",
                "1.2.3.4::",
                "::1.2.3.4:5",
                "1:2:3:4:5:6:7:1.2.3.4",
                "fe80::1%eth0",
                "[::1]",
                "::１", // a fullwidth digit
            })
    void anythingElseIsNoAddress(String text) {
        assertThat(AddressText.parse(text)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"::1", "fe80::1"})
    void ipv4WantsIpv4(String text) {
        assertThat(AddressText.ipv4(text)).isEmpty();
        assertThat(AddressText.ipv6(text)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1"})
    void ipv6WantsIpv6(String text) {
        assertThat(AddressText.ipv6(text)).isEmpty();
        assertThat(AddressText.ipv4(text)).isPresent();
    }
}
