package io.grantgate.protocol.message.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.grantgate.protocol.Bytes;
import io.grantgate.protocol.Hex;
import io.grantgate.protocol.MalformedPacketException;
import io.grantgate.protocol.PayloadReader;
import io.grantgate.protocol.PayloadWriter;
import io.grantgate.protocol.constant.Capabilities;
import io.grantgate.protocol.constant.CapabilityFlag;
import io.grantgate.testing.FuzzSeeds;
import io.grantgate.testing.FuzzSeeds.Seed;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * What an unauthenticated client sends before and during authentication: HandshakeResponse41,
 * SslRequest, the connection attributes inside them, and AuthSwitchResponse. Each payload either
 * decodes or is a {@link MalformedPacketException}; what decodes encodes to bytes that decode to the
 * same message, and encoding again changes nothing.
 */
class ConnectionPhaseFuzzTest {

    @FuzzTest
    void handshakeResponse41(byte[] payload) throws MalformedPacketException {
        HandshakeResponse41 decoded;
        try {
            decoded = HandshakeResponse41.decode(PayloadReader.of(payload));
        } catch (MalformedPacketException e) {
            return;
        }
        byte[] encoded = decoded.encode();
        HandshakeResponse41 again = HandshakeResponse41.decode(PayloadReader.of(encoded));
        assertEquals(decoded, again);
        assertArrayEquals(encoded, again.encode());
    }

    @FuzzTest
    void sslRequest(byte[] payload) throws MalformedPacketException {
        boolean announced = SslRequest.isSslRequest(payload, payload.length);
        SslRequest decoded;
        try {
            decoded = SslRequest.decode(PayloadReader.of(payload));
        } catch (MalformedPacketException e) {
            return;
        }
        assertTrue(announced, "decoded what isSslRequest refuses");
        byte[] encoded = decoded.encode();
        assertEquals(SslRequest.LENGTH, encoded.length);
        assertEquals(decoded, SslRequest.decode(PayloadReader.of(encoded)));
    }

    @FuzzTest
    void connectAttributes(byte[] payload) throws MalformedPacketException {
        ConnectAttributes decoded;
        try {
            decoded = ConnectAttributes.decode(PayloadReader.of(payload));
        } catch (MalformedPacketException e) {
            return;
        }
        PayloadWriter out = new PayloadWriter();
        decoded.encode(out);
        PayloadReader reader = PayloadReader.of(out.toByteArray());
        assertEquals(decoded, ConnectAttributes.decode(reader));
        assertEquals(0, reader.remaining(), "the block's length covers its pairs");
    }

    @FuzzTest
    void authSwitchResponse(byte[] payload) {
        AuthSwitchResponse decoded = AuthSwitchResponse.decode(PayloadReader.of(payload));
        assertArrayEquals(payload, decoded.encode());
    }

    @Test
    void seedCorpusIsCommitted() {
        assertEquals(List.of(), FuzzSeeds.writeOrCompare(Path.of("src/test/resources"), getClass(), seeds()));
    }

    static List<Seed> seeds() {
        byte[] mysql = HandshakeResponse41Test.MYSQL_CLIENT;
        List<Seed> seeds = new ArrayList<>();
        seeds.add(new Seed("handshakeResponse41", "mysql-client", mysql));
        seeds.add(new Seed("handshakeResponse41", "mariadb-extended", mariaDb().encode()));
        seeds.add(new Seed(
                "handshakeResponse41", "nul-auth-zstd", nulAuthWithZstd().encode()));
        seeds.add(new Seed("handshakeResponse41", "cut-after-head", Arrays.copyOf(mysql, 32)));

        byte[] ssl = Arrays.copyOf(mysql, SslRequest.LENGTH);
        ssl[1] |= (byte) (CapabilityFlag.CLIENT_SSL.mask() >>> 8);
        seeds.add(new Seed("sslRequest", "mysql-client", ssl));
        seeds.add(new Seed(
                "sslRequest", "mariadb-extended", Arrays.copyOf(mariaDbSsl().encode(), 32)));
        seeds.add(new Seed("sslRequest", "without-ssl-flag", Arrays.copyOf(mysql, SslRequest.LENGTH)));

        int attributes = indexOf(mysql, "caching_sha2_password".getBytes(StandardCharsets.US_ASCII)) + 22;
        seeds.add(new Seed("connectAttributes", "mysql-client", Arrays.copyOfRange(mysql, attributes, mysql.length)));
        seeds.add(new Seed("connectAttributes", "repeated-key", Hex.bytes("0a  01 61 02 62 63  01 61 02 64 65")));
        seeds.add(new Seed("connectAttributes", "two-byte-length", Hex.bytes("fc 06 00  01 6b 03 76 61 6c")));
        seeds.add(new Seed("connectAttributes", "not-utf8", Hex.bytes("05  01 ff 02 c3 28")));

        seeds.add(new Seed("authSwitchResponse", "native-scramble", new byte[20]));
        seeds.add(new Seed("authSwitchResponse", "public-key-request", Hex.bytes("02")));
        return seeds;
    }

    private static HandshakeResponse41 mariaDb() {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("_client_name", "MariaDB Connector/J");
        return new HandshakeResponse41(
                Capabilities.of(
                        CapabilityFlag.CLIENT_PROTOCOL_41,
                        CapabilityFlag.CLIENT_SECURE_CONNECTION,
                        CapabilityFlag.CLIENT_PLUGIN_AUTH,
                        CapabilityFlag.CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA,
                        CapabilityFlag.CLIENT_CONNECT_ATTRS,
                        CapabilityFlag.MARIADB_CLIENT_CACHE_METADATA,
                        CapabilityFlag.MARIADB_CLIENT_PROGRESS),
                1 << 30,
                45,
                "app",
                Bytes.of(new byte[20]),
                Optional.empty(),
                Optional.of("mysql_native_password"),
                new ConnectAttributes(attributes),
                OptionalInt.empty());
    }

    private static SslRequest mariaDbSsl() {
        HandshakeResponse41 response = mariaDb();
        return new SslRequest(
                response.capabilities().with(CapabilityFlag.CLIENT_SSL),
                response.maxPacketSize(),
                response.characterSet());
    }

    private static HandshakeResponse41 nulAuthWithZstd() {
        return new HandshakeResponse41(
                Capabilities.of(
                        CapabilityFlag.CLIENT_PROTOCOL_41,
                        CapabilityFlag.CLIENT_MYSQL,
                        CapabilityFlag.CLIENT_CONNECT_WITH_DB,
                        CapabilityFlag.CLIENT_ZSTD_COMPRESSION_ALGORITHM),
                16 << 20,
                255,
                "root",
                Bytes.of("secret".getBytes(StandardCharsets.US_ASCII)),
                Optional.of("test"),
                Optional.empty(),
                ConnectAttributes.EMPTY,
                OptionalInt.of(3));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new IllegalArgumentException("not found");
    }
}
