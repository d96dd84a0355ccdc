package io.grantgate.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostPatternTest {

    @ParameterizedTest(name = "{0} is stored as {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "%                                       | %",
                "localhost                               | localhost",
                "LocalHost                               | localhost",
                "192.168.88.234                          | 192.168.88.234",
                "0.0.0.0                                 | 0.0.0.0",
                "255.255.255.255                         | 255.255.255.255",
                "192.168.88.%                            | 192.168.88.%",
                "192.168.%                               | 192.168.%",
                "10.0.0._                                | 10.0.0._",
                "10.0.0.1_                               | 10.0.0.1_",
                "%.%.%.%                                 | %.%.%.%",
                "1%                                      | 1%",
                "10.0.0.0/255.255.255.0                  | 10.0.0.0/24",
                "10.0.0.0/255.0.0.0                      | 10.0.0.0/8",
                "10.0.0.128/255.255.255.128              | 10.0.0.128/25",
                "0.0.0.0/0.0.0.0                         | 0.0.0.0/0",
                "10.0.0.0/8                              | 10.0.0.0/8",
                "10.0.0.1/32                             | 10.0.0.1",
                "10.0.0.1/255.255.255.255                | 10.0.0.1",
                "0.0.0.0/0                               | 0.0.0.0/0",
                "::1                                     | ::1",
                "::                                      | ::",
                "FE80::1                                 | fe80::1",
                "fe80:0:0:0:0:0:0:1                      | fe80::1",
                "2001:0DB8:0000:0000:0000:0000:0000:0001 | 2001:db8::1",
                "2001:db8:0:0:1:0:0:1                    | 2001:db8::1:0:0:1",
                "2001:db8:0:1:1:1:1:1                    | 2001:db8:0:1:1:1:1:1",
                "1:0:0:2:0:0:0:3                         | 1:0:0:2::3",
                "1::                                     | 1::",
                "1:2:3:4:5:6:7::                         | 1:2:3:4:5:6:7:0",
                "::2:3:4:5:6:7:8                         | 0:2:3:4:5:6:7:8",
                "64:ff9b::192.0.2.33                     | 64:ff9b::c000:221",
                "2001:DB8::/32                           | 2001:db8::/32",
                "2001:db8::1/128                         | 2001:db8::1",
                "::/0                                    | ::/0",
                "::ffff:10.0.0.1                         | 10.0.0.1",
                "::FFFF:a00:1                            | 10.0.0.1",
                "::ffff:10.0.0.0/104                     | 10.0.0.0/8",
                "::ffff:0:0/96                           | 0.0.0.0/0",
            })
    void normalisesText(String input, String stored) {
        HostPattern pattern = HostPattern.parse(input);

        assertThat(pattern.text()).isEqualTo(stored);
        assertThat(pattern).hasToString(stored);
        assertThat(HostPattern.parse(stored)).isEqualTo(pattern);
    }

    @Test
    void equalAddressSetsHaveEqualPatterns() {
        assertThat(HostPattern.parse("10.0.0.0/255.0.0.0")).isEqualTo(HostPattern.parse("10.0.0.0/8"));
        assertThat(HostPattern.parse("10.0.0.7/32")).isEqualTo(HostPattern.parse("10.0.0.7"));
        assertThat(HostPattern.parse("::ffff:10.0.0.7")).isEqualTo(HostPattern.parse("10.0.0.7"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "''                         | host pattern is empty",
                "db.example.com             | host pattern 'db.example.com' is a host name: GrantGate matches client IP addresses only",
                "%.example.com              | is a host name",
                "host1                      | is a host name",
                "DB1                        | host pattern 'DB1' is a host name",
                "localhost.localdomain      | is a host name",
                "1.2.example.com            | is a host name",
                "10.0.0.*                   | contains '*': the wildcard is %",
                "'10.0.0.1 '                | contains ' ', which is not allowed",
                "10.0.0.1'                  | contains U+0027",
                "[::1]                      | write IPv6 addresses without brackets",
                "10.0.0.256                 | host pattern '10.0.0.256' is not valid: octet '256' is greater than 255",
                "10.0.0                     | an IPv4 address has four octets",
                "10.0.0.1.5                 | an IPv4 address has four octets",
                "010.0.0.1                  | octet '010' has a leading zero",
                "10..0.1                    | octet '' is not a number",
                "10.0.0.1-5                 | octet '1-5' is not a number",
                "10.0.0.1/8                 | has address bits set past its prefix; did you mean '10.0.0.0/8'?",
                "10.0.0.1/255.255.255.0     | did you mean '10.0.0.0/24'?",
                "10.0.0.0/33                | prefix length '33' is not a number from 0 to 32",
                "10.0.0.0/08                | prefix length '08'",
                "10.0.0.0/                  | prefix length ''",
                "10.0.0.0/8/8               | prefix length '8/8'",
                "10.0.0.0/-1                | prefix length '-1'",
                "10.0.0.0/255.0.255.0       | netmask 255.0.255.0 is not contiguous",
                "10.0.0.0/255.255.255.1     | is not contiguous",
                "10.0.0.0/0.0.0.255         | is not contiguous",
                "10.0.%.0/8                 | a network cannot contain wildcards",
                "fe80::1%eth0               | wildcards and zone ids are not supported for IPv6",
                "fe80::%                    | wildcards and zone ids are not supported for IPv6",
                "2001:db8::/ffff::          | takes a prefix length such as /64, not a netmask",
                "2001:db8::/129             | prefix length '129' is not a number from 0 to 128",
                "2001:db8::1/32             | did you mean '2001:db8::/32'?",
                "1::2::3                    | at most one '::'",
                "1:2:3:4:5:6:7:8:9          | eight groups",
                "1:2:3:4:5:6:7              | eight groups",
                "1:2:3:4:5:6:7::8           | eight groups",
                "12345::                    | IPv6 group '12345' is not 1 to 4 hex digits",
                ":1::                       | IPv6 group '' is not 1 to 4 hex digits",
                "1::2:                      | IPv6 group '' is not 1 to 4 hex digits",
                ":::                        | at most one '::'",
                "1.2.3.4::                  | IPv6 group '1.2.3.4'",
                "::1.2.3.4:5                | IPv6 group '1.2.3.4'",
                "::ffff:10.0.0.256          | octet '256' is greater than 255",
                "fe80::g                    | IPv6 group 'g'",
                "localhost:3306             | IPv6 group 'localhost'",
                "1.2.3.4.%                  | does not have the four parts of an IPv4 address",
                "10.0.0_1                   | does not have the four parts of an IPv4 address",
                "10.0..%                    | has an empty part between dots",
                "10.0.01.%                  | has the part '01' with a leading zero",
                "10.0.300.%                 | has the part '300', greater than 255",
                "10.0.1234.%                | has the part '1234', greater than 255",
            })
    void refusesInvalidPatternsSayingWhy(String input, String problem) {
        assertThatThrownBy(() -> HostPattern.parse(input))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(problem);
    }

    @Test
    void refusesOverlongAndInvisibleInputWithoutEchoingIt() {
        assertThatThrownBy(() -> HostPattern.parse("1".repeat(256)))
                .hasMessageContaining("is longer than 255 characters")
                .message()
                .hasSizeLessThan(120);
        Stream.of(
                        "10.0.0.1\n",
                        "10.0.0.1\r\nforged log line",
                        "\u202E1.0.0.01",
                        "10.0.0.1\u0000",
                        "a\\b",
                        "\"%\"",
                        "`%`")
                .forEach(input -> assertThatThrownBy(() -> HostPattern.parse(input))
                        .isInstanceOf(IllegalArgumentException.class)
                        .message()
                        .doesNotContain("\n", "\r", "\u202E", "\u0000"));
    }

    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "%                      | 10.1.2.3                  | true",
                "%                      | 2001:db8::1               | true",
                "localhost              | 127.0.0.1                 | true",
                "localhost              | ::1                       | true",
                "localhost              | ::ffff:127.0.0.1          | true",
                "localhost              | 127.0.0.2                 | false",
                "localhost              | 10.0.0.1                  | false",
                "localhost              | ::2                       | false",
                "192.168.88.234         | 192.168.88.234            | true",
                "192.168.88.234         | 192.168.88.235            | false",
                "192.168.88.234         | ::ffff:192.168.88.234     | true",
                "192.168.88.234         | ::192.168.88.234          | false",
                "192.168.88.%           | 192.168.88.1              | true",
                "192.168.88.%           | 192.168.88.255            | true",
                "192.168.88.%           | 192.168.89.1              | false",
                "192.168.8.%            | 192.168.88.1              | false",
                "192.168.88.%           | ::ffff:192.168.88.7       | true",
                "192.168.88.%           | 2001:db8::1               | false",
                "192.168.%              | 192.168.1.2               | true",
                "10.0.0._               | 10.0.0.5                  | true",
                "10.0.0._               | 10.0.0.15                 | false",
                "10.0.0.1_              | 10.0.0.15                 | true",
                "10.0.0.1_              | 10.0.0.1                  | false",
                "1%                     | 100.1.1.1                 | true",
                "1%                     | 1.2.3.4                   | true",
                "1%                     | 2.1.1.1                   | false",
                "%.%.%.%                | 8.8.8.8                   | true",
                "%.%.%.%                | ::1                       | false",
                "%.5                    | 10.0.0.5                  | true",
                "%.5                    | 10.0.0.15                 | false",
                "10.0.0.0/255.255.255.0 | 10.0.0.0                  | true",
                "10.0.0.0/255.255.255.0 | 10.0.0.255                | true",
                "10.0.0.0/255.255.255.0 | 10.0.1.0                  | false",
                "10.0.0.0/8             | 10.255.255.255            | true",
                "10.0.0.0/8             | 11.0.0.0                  | false",
                "10.0.0.0/8             | 9.255.255.255             | false",
                "10.0.0.0/8             | ::ffff:10.9.9.9           | true",
                "10.0.0.0/8             | ::a00:1                   | false",
                "10.0.0.0/31            | 10.0.0.1                  | true",
                "10.0.0.0/31            | 10.0.0.2                  | false",
                "10.0.0.128/25          | 10.0.0.200                | true",
                "10.0.0.128/25          | 10.0.0.100                | false",
                "0.0.0.0/0              | 1.2.3.4                   | true",
                "0.0.0.0/0              | ::1                       | false",
                "::1                    | ::1                       | true",
                "::1                    | 127.0.0.1                 | false",
                "fe80::1                | fe80:0:0:0:0:0:0:1        | true",
                "fe80::1                | fe80::2                   | false",
                "2001:db8::/32          | 2001:db8:ffff::1          | true",
                "2001:db8::/32          | 2001:db9::1               | false",
                "2001:db8::/32          | 10.0.0.1                  | false",
                "2001:db8:8000::/33     | 2001:db8:8000::1          | true",
                "2001:db8:8000::/33     | 2001:db8:7fff::1          | false",
                "::/0                   | 2001:db8::1               | true",
                "::/0                   | 10.0.0.1                  | false",
                "::/0                   | ::ffff:10.0.0.1           | false",
            })
    void matchesThePeerAddress(String pattern, String peer, boolean expected) {
        assertThat(HostPattern.parse(pattern).matches(peer(peer))).isEqualTo(expected);
    }

    @Test
    void ignoresTheScopeIdOfALinkLocalPeer() throws UnknownHostException {
        InetAddress scoped = Inet6Address.getByAddress(null, IpLiteral.parseIpv6("fe80::1"), 3);

        assertThat(HostPattern.parse("fe80::1").matches(scoped)).isTrue();
        assertThat(HostPattern.parse("fe80::/10").matches(scoped)).isTrue();
    }

    @Test
    void ordersFromMostToLeastSpecific() {
        List<String> expected = List.of(
                "10.0.0.5",
                "::1",
                "localhost",
                "10.0.0.0/24",
                "10.0.0.0/16",
                "10.0.0.0/8",
                "0.0.0.0/0",
                "2001:db8::/32",
                "10.0.0.%",
                "10.0.%",
                "10.%",
                "1%",
                "%.5",
                "%");
        List<HostPattern> patterns =
                new ArrayList<>(expected.stream().map(HostPattern::parse).toList());
        Collections.shuffle(patterns, new Random(42));

        patterns.sort(HostPattern.MOST_SPECIFIC_FIRST);

        assertThat(patterns).extracting(HostPattern::text).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest(name = "{0} picks {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "10.0.0.7     | 10.0.0.7",
                "10.0.0.8     | 10.0.0.0/24",
                "10.0.1.8     | 10.0.0.0/8",
                "192.168.1.1  | 192.168.%",
                "10.1.0.1     | 10.0.0.0/8",
                "11.0.0.1     | %",
                "127.0.0.1    | localhost",
                "2001:db8::5  | 2001:db8::/32",
                "2001:db9::5  | %",
            })
    void callersPickTheMostSpecificMatchingPattern(String peer, String chosen) {
        List<HostPattern> patterns = Stream.of(
                        "%",
                        "10.0.%", "192.168.%", "10.0.0.0/8", "10.0.0.0/24", "10.0.0.7", "localhost", "2001:db8::/32")
                .map(HostPattern::parse)
                .toList();
        InetAddress address = peer(peer);

        HostPattern best = patterns.stream()
                .filter(p -> p.matches(address))
                .min(HostPattern.MOST_SPECIFIC_FIRST)
                .orElseThrow();

        assertThat(best.text()).isEqualTo(chosen);
    }

    /**
     * The peer as a socket reports it: IPv6 text gives an {@link Inet6Address} even when it is
     * IPv4-mapped, as a dual-stack listener reports IPv4 clients ({@code InetAddress.getByName}
     * would hand back an {@code Inet4Address} for those and hide what is being tested).
     */
    private static InetAddress peer(String text) {
        try {
            if (text.indexOf(':') >= 0) {
                return Inet6Address.getByAddress(null, IpLiteral.parseIpv6(text), -1);
            }
            return InetAddress.getByAddress(IpLiteral.parseIpv4(text));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
