package io.grantgate.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet4Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClientAddressTest {

    @Test
    void everyTextFormOfAnIpv6AddressIsTheSameAddress() {
        InetAddress loopback = ClientAddress.parse("::1");
        assertThat(ClientAddress.parse("0:0:0:0:0:0:0:1")).isEqualTo(loopback);
        assertThat(ClientAddress.parse("0000:0::0001")).isEqualTo(loopback);
        assertThat(ClientAddress.parse("FE80::1%eth0")).isEqualTo(ClientAddress.parse("fe80::1"));
    }

    @Test
    void anIpv4MappedAddressIsTheIpv4AddressItCarries() {
        assertThat(ClientAddress.parse("::ffff:10.1.2.3"))
                .isInstanceOf(Inet4Address.class)
                .isEqualTo(ClientAddress.parse("10.1.2.3"));
        assertThat(ClientAddress.parse("0:0:0:0:0:ffff:a01:203")).isEqualTo(ClientAddress.parse("10.1.2.3"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "localhost", "example.com", "10.1", "010.1.2.3", "10.1.2.3%x", "1::2::3", "10.0.0.0/8"})
    void whatIsNotALiteralIsRefusedWithoutALookup(String text) {
        assertThatThrownBy(() -> ClientAddress.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
