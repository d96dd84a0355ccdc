package io.grantgate.bench.jmh;

import io.grantgate.edge.ResponseRelay;
import io.grantgate.protocol.PacketReader;
import io.grantgate.protocol.PacketWriter;
import io.grantgate.protocol.ResponseTracker;
import io.grantgate.protocol.constant.Capabilities;
import io.grantgate.protocol.constant.CapabilityFlag;
import io.grantgate.protocol.constant.CommandType;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The gateway's FrameRelay moving one text result set of {@code rows} rows of {@code rowBytes} bytes
 * from an in-memory backend to a buffered null client, as the command loop does for each COM_QUERY:
 * the relay's own cost per response, without sockets. FrameRelay is package-private; {@link ResponseRelay}
 * is the edge package's public entry point to it. {@code bench/jmh.sh -prof gc FrameRelay} shows the
 * allocation per response, which should not grow with the rows.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class FrameRelayBenchmark {

    /** The capabilities of a libmariadb client through the gateway: no CLIENT_DEPRECATE_EOF. */
    private static final Capabilities NEGOTIATED = Capabilities.of(
            CapabilityFlag.CLIENT_PROTOCOL_41,
            CapabilityFlag.CLIENT_SECURE_CONNECTION,
            CapabilityFlag.CLIENT_MULTI_RESULTS,
            CapabilityFlag.CLIENT_TRANSACTIONS);

    private static final String COLUMN_DEFINITION = "03646566000000016100" + "0c2100ffffff00fd0000000000";
    private static final String EOF = "fe00000200";

    @Param({"1", "100", "10000"})
    public int rows;

    @Param({"20", "1000"})
    public int rowBytes;

    private ByteArrayInputStream backend;
    private PacketReader backendIn;
    private OutputStream client;
    private ResponseTracker tracker;
    private final ResponseRelay relay = new ResponseRelay();

    @Setup
    public void prepare() throws IOException {
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        PacketWriter writer = new PacketWriter(response);
        int seq = writer.write(1, new byte[] {1});
        seq = writer.write(seq, HexFormat.of().parseHex(COLUMN_DEFINITION));
        seq = writer.write(seq, HexFormat.of().parseHex(EOF));
        byte[] row = new byte[rowBytes];
        Arrays.fill(row, (byte) 'x');
        int cell = rowBytes - (rowBytes < 252 ? 1 : 3);
        if (rowBytes < 252) {
            row[0] = (byte) cell;
        } else {
            row[0] = (byte) 0xfc;
            row[1] = (byte) cell;
            row[2] = (byte) (cell >>> 8);
        }
        for (int i = 0; i < rows; i++) {
            seq = writer.write(seq, row);
        }
        writer.write(seq, HexFormat.of().parseHex(EOF));
        writer.flush();
        backend = new ByteArrayInputStream(response.toByteArray());
        backendIn = new PacketReader(backend, 1 << 30);
        client = new BufferedOutputStream(OutputStream.nullOutputStream(), 64 * 1024);
        tracker = new ResponseTracker(NEGOTIATED);
    }

    @Setup(Level.Invocation)
    public void rewind() {
        backend.reset();
    }

    @Benchmark
    public long relayResultSet() throws IOException {
        relay.relay(CommandType.COM_QUERY, tracker, backendIn, client);
        return tracker.packets();
    }
}
