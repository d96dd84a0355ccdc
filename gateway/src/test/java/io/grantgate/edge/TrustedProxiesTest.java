package io.grantgate.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TrustedProxiesTest {

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @Test
    void emptyTrustsNobody() throws Exception {
        for (String setting : new String[] {"", "  "}) {
            TrustedProxies none = TrustedProxies.parse(setting);
            assertThat(none.any()).isFalse();
            assertThat(none.trusts(ip("127.0.0.1"))).isFalse();
        }
        assertThat(TrustedProxies.NONE.any()).isFalse();
    }

    @Test
    void addressesAndNetworksOfBothFamilies() throws Exception {
        TrustedProxies trusted = TrustedProxies.parse(" 127.0.0.10 , 10.1.0.0/16,fd00::/8, ::1, 192.168.7.128/25");

        assertThat(trusted.any()).isTrue();
        assertThat(trusted.trusts(ip("127.0.0.10"))).isTrue();
        assertThat(trusted.trusts(ip("127.0.0.1"))).isFalse();
        assertThat(trusted.trusts(ip("10.1.255.3"))).isTrue();
        assertThat(trusted.trusts(ip("10.2.0.1"))).isFalse();
        assertThat(trusted.trusts(ip("fd12:3456::1"))).isTrue();
        assertThat(trusted.trusts(ip("fe80::1"))).isFalse();
        assertThat(trusted.trusts(ip("::1"))).isTrue();
        assertThat(trusted.trusts(ip("192.168.7.200"))).isTrue();
        assertThat(trusted.trusts(ip("192.168.7.127"))).isFalse();
        // the JDK reports an IPv4-mapped peer as IPv4, so IPv4 entries hold it
        assertThat(trusted.trusts(ip("::ffff:127.0.0.10"))).isTrue();
        assertThat(trusted.toString()).isEqualTo("127.0.0.10,10.1.0.0/16,fd00::/8,::1,192.168.7.128/25");
    }

    @Test
    void prefixZeroTrustsAFamilyWhole() throws Exception {
        TrustedProxies all4 = TrustedProxies.parse("0.0.0.0/0");

        assertThat(all4.trusts(ip("203.0.113.9"))).isTrue();
        assertThat(all4.trusts(ip("2001:db8::1"))).isFalse();
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(
            strings = {
                "localhost",
                "proxy.example.com",
                "10.0.0.0/33",
                "::/129",
                "10.0.0.0/",
                "10.0.0.0/-1",
                "10.0.0.0/8/8",
                "10.0.0.1,,10.0.0.2",
                "10.0.0.1,",
                "*",
                "010.0.0.1",
            })
    void anythingButLiteralAddressesAndNetworksIsAnErrorNamingIt(String setting) {
        assertThatThrownBy(() -> TrustedProxies.parse(setting))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'");
    }
}
