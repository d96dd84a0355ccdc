package io.grantgate.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grantgate.protocol.PacketReader;
import io.grantgate.protocol.PacketWriter;
import io.grantgate.protocol.ResponseTracker;
import io.grantgate.protocol.constant.Capabilities;
import io.grantgate.protocol.constant.CapabilityFlag;
import io.grantgate.protocol.constant.CommandType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The relay copies a response's frames byte for byte and stops exactly where the response ends. */
class FrameRelayTest {

    private static final Capabilities CLASSIC = Capabilities.of(
            CapabilityFlag.CLIENT_PROTOCOL_41,
            CapabilityFlag.CLIENT_SECURE_CONNECTION,
            CapabilityFlag.CLIENT_MULTI_RESULTS);

    /** A text result set: 1 column, 2 rows, classic EOFs; then the next response's OK, which must stay unread. */
    private static final String RESULT_SET = String.join(
            "",
            "010000" + "01" + "01", // column count 1
            "170000" + "02" + "03646566" + "00" + "00" + "00" + "0161" + "00" + "0c" + "2100" + "0b000000" + "08"
                    + "0000" + "00" + "0000",
            "050000" + "03" + "fe00000200", // EOF after definitions
            "020000" + "04" + "0131", // row "1"
            "020000" + "05" + "0132", // row "2"
            "050000" + "06" + "fe00000200"); // EOF: end of result

    private static final String NEXT_RESPONSE = "070000" + "01" + "00000002000000";

    @Test
    void aResultSetIsCopiedVerbatimUpToItsLastPacket() throws IOException {
        byte[] backend = HexFormat.of().parseHex(RESULT_SET + NEXT_RESPONSE);
        ByteArrayInputStream backendIn = new ByteArrayInputStream(backend);
        ByteArrayOutputStream client = new ByteArrayOutputStream();

        new FrameRelay()
                .relay(
                        CommandType.COM_QUERY,
                        new ResponseTracker(CLASSIC),
                        new PacketReader(backendIn, 1 << 24),
                        client,
                        null,
                        OutputStreams.NONE);

        assertThat(client.toByteArray()).isEqualTo(HexFormat.of().parseHex(RESULT_SET));
        assertThat(backendIn.available())
                .as("the next response is left for the next command")
                .isEqualTo(NEXT_RESPONSE.length() / 2);
    }

    @Test
    void localInfileHandsTheTurnToTheClientUntilItsEmptyPacket() throws IOException {
        String request = "0b0000" + "01" + "fb" + "2f746d702f782e637376"; // LOCAL INFILE '/tmp/x.csv'
        String ok = "070000" + "04" + "00010002000000"; // 1 row affected
        String file = "040000" + "02" + "612c620a" + "000000" + "03"; // data, then the empty packet
        ByteArrayInputStream backendIn = new ByteArrayInputStream(HexFormat.of().parseHex(request + ok));
        ByteArrayInputStream clientIn = new ByteArrayInputStream(HexFormat.of().parseHex(file));
        ByteArrayOutputStream client = new ByteArrayOutputStream();
        ByteArrayOutputStream backendOut = new ByteArrayOutputStream();

        new FrameRelay()
                .relay(
                        CommandType.COM_QUERY,
                        new ResponseTracker(CLASSIC),
                        new PacketReader(backendIn, 1 << 24),
                        client,
                        new PacketReader(clientIn, 1 << 24),
                        backendOut);

        assertThat(client.toByteArray()).isEqualTo(HexFormat.of().parseHex(request + ok));
        assertThat(backendOut.toByteArray()).isEqualTo(HexFormat.of().parseHex(file));
    }

    @Test
    void aRowOverSixteenMebibytesCrossesAsItsFrames() throws IOException {
        ByteArrayOutputStream backend = new ByteArrayOutputStream();
        PacketWriter writer = new PacketWriter(backend);
        writer.write(1, HexFormat.of().parseHex("01"));
        writer.write(2, HexFormat.of().parseHex("0364656600000001610c2100ffffff00fc00000000")); // a column definition
        writer.write(3, HexFormat.of().parseHex("fe00000200"));
        byte[] big = new byte[(1 << 24) + 10];
        Arrays.fill(big, (byte) 'x');
        big[0] = (byte) 0xfd; // int<lenenc> prefix of the cell: 3 bytes follow
        int cell = big.length - 4;
        big[1] = (byte) cell;
        big[2] = (byte) (cell >>> 8);
        big[3] = (byte) (cell >>> 16);
        int next = writer.write(4, big);
        writer.write(next, HexFormat.of().parseHex("fe00000200"));
        byte[] bytes = backend.toByteArray();
        ByteArrayOutputStream client = new ByteArrayOutputStream();

        new FrameRelay()
                .relay(
                        CommandType.COM_QUERY,
                        new ResponseTracker(CLASSIC),
                        new PacketReader(new ByteArrayInputStream(bytes), 1 << 30),
                        client,
                        null,
                        OutputStreams.NONE);

        assertThat(client.toByteArray()).isEqualTo(bytes);
    }

    @Test
    void aBackendThatVanishesMidResultIsReported() {
        byte[] cut = Arrays.copyOf(HexFormat.of().parseHex(RESULT_SET), 30);
        assertThatThrownBy(() -> new FrameRelay()
                        .relay(
                                CommandType.COM_QUERY,
                                new ResponseTracker(CLASSIC),
                                new PacketReader(new ByteArrayInputStream(cut), 1 << 24),
                                new ByteArrayOutputStream(),
                                null,
                                OutputStreams.NONE))
                .isInstanceOf(IOException.class);
    }

    /** Streams a test does not expect to be written. */
    private static final class OutputStreams {
        static final java.io.OutputStream NONE = new java.io.OutputStream() {
            @Override
            public void write(int b) {
                throw new AssertionError("nothing should be written here");
            }
        };
    }
}
