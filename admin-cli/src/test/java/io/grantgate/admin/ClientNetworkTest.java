package io.grantgate.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class ClientNetworkTest {

    @ParameterizedTest
    @CsvSource({
        "10.0.0.0/8, 10.255.1.2, true",
        "10.0.0.0/8, 11.0.0.1, false",
        "10.1.2.0/23, 10.1.3.255, true",
        "10.1.2.0/23, 10.1.4.0, false",
        "10.1.2.3, 10.1.2.3, true",
        "10.1.2.3, 10.1.2.30, false",
        "10.0.0.0/8, ::ffff:10.1.2.3, true",
        "10.0.0.0/8, ::1, false",
        "0.0.0.0/0, 2001:db8::1, false",
        "::1, 0:0:0:0:0:0:0:1, true",
        "::1, ::2, false",
        "2001:db8::/32, 2001:DB8:0:0:1::5, true",
        "2001:db8::/32, 2001:db9::1, false",
        "::/0, 127.0.0.1, false",
        "fe80::/10, fe80::1%eth0, true",
        "10.0.0.0/8, not-an-address, false",
        "10.0.0.0/8, '', false"
    })
    void comparesAddressesAsBytesWhateverTheirText(String network, String recorded, boolean held) {
        assertThat(ClientNetwork.parse(network).holds(recorded)).isEqualTo(held);
    }

    @Test
    void aRecordedAddressMayBeMissing() {
        assertThat(ClientNetwork.parse("0.0.0.0/0").holds(null)).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
        "10.1.2.3, client_address = ?, 10.1.2.3",
        "10.1.2.0/24, client_address LIKE ?, 10.1.2.%",
        "10.1.2.0/23, client_address LIKE ?, 10.1.%",
        "10.0.0.0/8, client_address LIKE ?, 10.%",
        "10.0.0.0/7, client_address LIKE ?, %",
        "2001:db8::/32, client_address LIKE ?, %:%"
    })
    void theDatabasePrefilterKeepsEveryCandidate(String network, String sql, String parameter) {
        SqlCondition prefilter = ClientNetwork.parse(network).prefilter();
        assertThat(prefilter.sql()).isEqualTo(sql);
        assertThat(prefilter.parameters()).containsExactly(parameter);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "10.0.0.1/8",
                "10.0.0.0/33",
                "example.com",
                "%",
                "localhost",
                "10.0.0.%",
                "1::2::3",
                "",
                "::1/129"
            })
    void whatIsNotAnAddressOrNetworkIsAUsageError(String text) {
        assertThatThrownBy(() -> ClientNetwork.parse(text))
                .isInstanceOf(CommandLine.TypeConversionException.class)
                .hasMessageStartingWith("'" + text + "' is not an IP address or a network");
    }
}
