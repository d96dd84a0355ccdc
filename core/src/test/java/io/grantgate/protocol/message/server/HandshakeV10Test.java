package io.grantgate.protocol.message.server;

import static io.grantgate.protocol.constant.CapabilityFlag.CLIENT_MYSQL;
import static io.grantgate.protocol.constant.CapabilityFlag.CLIENT_PLUGIN_AUTH;
import static io.grantgate.protocol.constant.CapabilityFlag.CLIENT_PROTOCOL_41;
import static io.grantgate.protocol.constant.CapabilityFlag.CLIENT_SECURE_CONNECTION;
import static io.grantgate.protocol.constant.CapabilityFlag.CLIENT_SSL;
import static io.grantgate.protocol.constant.CapabilityFlag.MARIADB_CLIENT_CACHE_METADATA;
import static io.grantgate.protocol.constant.CapabilityFlag.MARIADB_CLIENT_PROGRESS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grantgate.protocol.Bytes;
import io.grantgate.protocol.Garbage;
import io.grantgate.protocol.Hex;
import io.grantgate.protocol.MalformedPacketException;
import io.grantgate.protocol.PayloadReader;
import io.grantgate.protocol.constant.Capabilities;
import org.junit.jupiter.api.Test;

class HandshakeV10Test {

    static final byte[] MYSQL_84 = Hex.bytes("""
            0a                                          # protocol version 10
            38 2e 34 2e 33 00                           # server version "8.4.3"
            0d 00 00 00                                 # connection id 13
            01 02 03 04 05 06 07 08                     # auth-plugin-data-part-1
            00                                          # filler
            ff ff                                       # capability flags, lower 16 bits
            ff                                          # character set 255, utf8mb4_0900_ai_ci
            02 00                                       # status flags: SERVER_STATUS_AUTOCOMMIT
            ff df                                       # capability flags, upper 16 bits
            15                                          # auth-plugin-data length: 20 + NUL
            00 00 00 00 00 00 00 00 00 00               # reserved
            09 0a 0b 0c 0d 0e 0f 10 11 12 13 14 00      # auth-plugin-data-part-2: 12 bytes and NUL
            63 61 63 68 69 6e 67 5f 73 68 61 32 5f      # "caching_sha2_password" NUL
            70 61 73 73 77 6f 72 64 00
            """);

    static final byte[] MARIADB_114 = Hex.bytes("""
            0a
            35 2e 35 2e 35 2d 31 31 2e 34 2e 32 2d      # "5.5.5-11.4.2-MariaDB": the replication prefix
            4d 61 72 69 61 44 42 00
            05 00 00 00                                 # connection id 5
            41 42 43 44 45 46 47 48
            00
            fe f7                                       # lower flags: bit 0 (CLIENT_MYSQL) clear
            2d                                          # utf8mb4_general_ci
            02 00
            ff 81                                       # upper flags
            15
            00 00 00 00 00 00                           # reserved
            1d 00 00 00                                 # MariaDB extended: PROGRESS, BULK, EXTENDED_METADATA, CACHE_METADATA
            49 4a 4b 4c 4d 4e 4f 50 51 52 53 54 00
            6d 79 73 71 6c 5f 6e 61 74 69 76 65 5f      # "mysql_native_password" NUL
            70 61 73 73 77 6f 72 64 00
            """);

    @Test
    void decodesAMySqlGreeting() throws Exception {
        HandshakeV10 greeting = HandshakeV10.decode(PayloadReader.of(MYSQL_84));

        assertThat(greeting.serverVersion()).isEqualTo("8.4.3");
        assertThat(greeting.connectionId()).isEqualTo(13);
        assertThat(greeting.authPluginData())
                .isEqualTo(Bytes.of(Hex.bytes("01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10 11 12 13 14")));
        assertThat(greeting.capabilities().toInt()).isEqualTo(0xdfffffff);
        assertThat(greeting.capabilities().mariaDbExtended()).isZero();
        assertThat(greeting.characterSet()).isEqualTo(255);
        assertThat(greeting.statusFlags()).isEqualTo(2);
        assertThat(greeting.authPluginName()).isEqualTo("caching_sha2_password");
    }

    @Test
    void readsMariaDbsExtendedCapabilitiesFromTheReservedBytes() throws Exception {
        HandshakeV10 greeting = HandshakeV10.decode(PayloadReader.of(MARIADB_114));

        assertThat(greeting.serverVersion()).isEqualTo("5.5.5-11.4.2-MariaDB");
        assertThat(greeting.capabilities().contains(CLIENT_MYSQL)).isFalse();
        assertThat(greeting.capabilities().contains(MARIADB_CLIENT_PROGRESS)).isTrue();
        assertThat(greeting.capabilities().contains(MARIADB_CLIENT_CACHE_METADATA))
                .isTrue();
        assertThat(greeting.capabilities().mariaDbExtended()).isEqualTo(0x1d);
        assertThat(greeting.authPluginName()).isEqualTo("mysql_native_password");
    }

    @Test
    void encodesBackToTheSameBytes() throws Exception {
        assertThat(HandshakeV10.decode(PayloadReader.of(MYSQL_84)).encode()).isEqualTo(MYSQL_84);
        assertThat(HandshakeV10.decode(PayloadReader.of(MARIADB_114)).encode()).isEqualTo(MARIADB_114);
    }

    @Test
    void theGatewaysOwnGreetingRoundTrips() throws Exception {
        HandshakeV10 greeting = new HandshakeV10(
                "8.4.3-grantgate",
                4_000_000_000L,
                Bytes.of(new byte[20]),
                Capabilities.of(
                        CLIENT_MYSQL, CLIENT_PROTOCOL_41, CLIENT_SECURE_CONNECTION, CLIENT_PLUGIN_AUTH, CLIENT_SSL),
                255,
                2,
                "mysql_native_password");

        assertThat(HandshakeV10.decode(PayloadReader.of(greeting.encode()))).isEqualTo(greeting);
    }

    @Test
    void rejectsOtherProtocolVersionsAndPre41Servers() {
        byte[] v9 = MYSQL_84.clone();
        v9[0] = 9;
        assertThatThrownBy(() -> HandshakeV10.decode(PayloadReader.of(v9)))
                .isInstanceOf(MalformedPacketException.class)
                .hasMessageContaining("version 10");
        byte[] old = MYSQL_84.clone();
        old[21] = 0x00; // second byte of the lower flags: no CLIENT_PROTOCOL_41, no CLIENT_SECURE_CONNECTION
        assertThatThrownBy(() -> HandshakeV10.decode(PayloadReader.of(old)))
                .isInstanceOf(MalformedPacketException.class);
    }

    @Test
    void garbageIsMalformedAndNothingElse() {
        Garbage.onlyMalformed(MYSQL_84, HandshakeV10::decode);
        Garbage.onlyMalformed(MARIADB_114, HandshakeV10::decode);
    }
}
