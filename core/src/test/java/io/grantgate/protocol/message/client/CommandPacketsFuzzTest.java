package io.grantgate.protocol.message.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.grantgate.protocol.Bytes;
import io.grantgate.protocol.Hex;
import io.grantgate.protocol.MalformedPacketException;
import io.grantgate.protocol.PayloadReader;
import io.grantgate.protocol.constant.Capabilities;
import io.grantgate.protocol.constant.CapabilityFlag;
import io.grantgate.testing.FuzzInput;
import io.grantgate.testing.FuzzSeeds;
import io.grantgate.testing.FuzzSeeds.Seed;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * The command-phase packets the gateway decodes from a client, under the capabilities negotiated at
 * connect time: COM_CHANGE_USER, COM_QUERY (with query attributes) and COM_INIT_DB. A payload
 * decodes or is a {@link MalformedPacketException}, and what decodes encodes to bytes that decode to
 * the same request. The one loss is documented: COM_CHANGE_USER writes an absent plugin name as an
 * empty one.
 *
 * <p>Input: the negotiated capabilities as int&lt;8&gt;, then the payload.
 */
class CommandPacketsFuzzTest {

    @FuzzTest
    void comChangeUser(byte[] data) throws MalformedPacketException {
        FuzzInput input = new FuzzInput(data);
        Capabilities capabilities = new Capabilities(input.int8());
        ComChangeUser decoded;
        try {
            decoded = ComChangeUser.decode(PayloadReader.of(input.rest()), capabilities);
        } catch (MalformedPacketException e) {
            return;
        }
        byte[] encoded = decoded.encode(capabilities);
        ComChangeUser again = ComChangeUser.decode(PayloadReader.of(encoded), capabilities);
        assertEquals(withoutEmptyPlugin(decoded), withoutEmptyPlugin(again));
        assertArrayEquals(encoded, again.encode(capabilities));
    }

    @FuzzTest
    void comQuery(byte[] data) throws MalformedPacketException {
        FuzzInput input = new FuzzInput(data);
        Capabilities capabilities = new Capabilities(input.int8());
        ComQuery decoded;
        try {
            decoded = ComQuery.decode(PayloadReader.of(input.rest()), capabilities);
        } catch (MalformedPacketException e) {
            return;
        }
        assertEquals(decoded, ComQuery.decode(PayloadReader.of(decoded.encode()), capabilities));
    }

    @FuzzTest
    void comInitDb(byte[] payload) throws MalformedPacketException {
        ComInitDb decoded;
        try {
            decoded = ComInitDb.decode(PayloadReader.of(payload));
        } catch (MalformedPacketException e) {
            return;
        }
        assertArrayEquals(payload, decoded.encode());
    }

    private static ComChangeUser withoutEmptyPlugin(ComChangeUser request) {
        return new ComChangeUser(
                request.username(),
                request.authResponse(),
                request.database(),
                request.characterSet(),
                request.authPluginName().filter(name -> !name.isEmpty()),
                request.attributes());
    }

    @Test
    void seedCorpusIsCommitted() {
        assertEquals(List.of(), FuzzSeeds.writeOrCompare(Path.of("src/test/resources"), getClass(), seeds()));
    }

    static List<Seed> seeds() {
        Capabilities full = Capabilities.of(
                CapabilityFlag.CLIENT_PROTOCOL_41,
                CapabilityFlag.CLIENT_SECURE_CONNECTION,
                CapabilityFlag.CLIENT_PLUGIN_AUTH,
                CapabilityFlag.CLIENT_CONNECT_ATTRS);
        Capabilities old = Capabilities.of(CapabilityFlag.CLIENT_PROTOCOL_41);
        ComChangeUser bare = new ComChangeUser(
                "app", Bytes.of((byte) 'x'), "", OptionalInt.empty(), Optional.empty(), ConnectAttributes.EMPTY);
        ComChangeUser attributes = new ComChangeUser(
                "app",
                Bytes.of(new byte[20]),
                "shop",
                OptionalInt.of(255),
                Optional.of("caching_sha2_password"),
                new ConnectAttributes(Map.of("_client_name", "libmariadb")));
        Capabilities queryAttributes = full.with(CapabilityFlag.CLIENT_QUERY_ATTRIBUTES);
        byte[] withAttribute = Hex.bytes("""
                03                  # COM_QUERY
                01 01               # parameter_count 1, parameter_set_count 1
                00 01               # NULL bitmap, new_params_bind_flag
                fe 00 02 69 64      # type VAR_STRING, flags 0, name "id"
                02 34 32            # value "42"
                53 45 4c 45 43 54 20 31   # SELECT 1
                """);
        return List.of(
                new Seed("comChangeUser", "mysql-client", seed(full, CommandPacketsTest.CHANGE_USER)),
                new Seed("comChangeUser", "with-attributes", seed(full, attributes.encode(full))),
                new Seed("comChangeUser", "nul-auth-no-charset", seed(old, bare.encode(old))),
                new Seed(
                        "comQuery",
                        "plain",
                        seed(full, ComQuery.of("SELECT 1", full).encode())),
                new Seed(
                        "comQuery",
                        "no-attributes",
                        seed(
                                queryAttributes,
                                ComQuery.of("SELECT 1", queryAttributes).encode())),
                new Seed("comQuery", "one-attribute", seed(queryAttributes, withAttribute)),
                new Seed("comInitDb", "schema", new ComInitDb("shop").encode()));
    }

    private static byte[] seed(Capabilities capabilities, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < 8; i++) {
            out.write((int) (capabilities.bits() >>> (8 * i)));
        }
        out.writeBytes(payload);
        return out.toByteArray();
    }
}
