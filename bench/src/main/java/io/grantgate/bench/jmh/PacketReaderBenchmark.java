package io.grantgate.bench.jmh;

import io.grantgate.protocol.PacketBuffer;
import io.grantgate.protocol.PacketHeader;
import io.grantgate.protocol.PacketReader;
import io.grantgate.protocol.PacketWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Reading packet headers and frames: {@link PacketHeader#decode} (a record per header) against
 * {@link PacketHeader#lengthAt} (no allocation), and {@link PacketReader} reading {@value #FRAMES}
 * small frames, frame by frame as the relay does and as whole packets as the login does. Times are
 * per header or per frame.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PacketReaderBenchmark {

    static final int FRAMES = 1000;

    @Param({"16", "200"})
    public int payloadBytes;

    private final byte[] header = {(byte) 0xe8, 0x03, 0x00, 0x07};
    private ByteArrayInputStream stream;
    private PacketReader reader;
    private final PacketBuffer buffer = new PacketBuffer(64 * 1024);

    @Setup
    public void prepare() throws IOException {
        ByteArrayOutputStream frames = new ByteArrayOutputStream();
        PacketWriter writer = new PacketWriter(frames);
        byte[] payload = new byte[payloadBytes];
        int seq = 0;
        for (int i = 0; i < FRAMES; i++) {
            seq = writer.write(seq, payload);
        }
        writer.flush();
        stream = new ByteArrayInputStream(frames.toByteArray());
        reader = new PacketReader(stream, 1 << 30);
    }

    @Benchmark
    public PacketHeader decodeHeader() {
        return PacketHeader.decode(header, 0);
    }

    @Benchmark
    public int headerLength() {
        return PacketHeader.lengthAt(header, 0);
    }

    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public int readFrames() throws IOException {
        stream.reset();
        int total = 0;
        while (reader.readFrame(buffer)) {
            total += buffer.length();
        }
        return total;
    }

    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public int readPackets() throws IOException {
        stream.reset();
        int total = 0;
        while (reader.read(buffer)) {
            total += buffer.length();
        }
        return total;
    }
}
