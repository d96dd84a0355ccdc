package io.grantgate.audit;

import io.grantgate.account.MasterKey;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What the audit writer thread spends on one statement record of a sysbench point select: JSON and
 * the chained MAC, appended to the writer's batch buffer as {@code AuditFileWriter} does. In the
 * audit's package (split across jars on the class path) because the writer's buffer API is
 * package-private: the trail's callers never see it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AuditRecordBenchmark {

    /** About a millisecond's batch at 16 threads; the buffer is emptied after each, as a flush does. */
    private static final int BATCH = 64;

    private AuditKey key;
    private AuditJson json;
    private byte[] line;
    private LineBuffer buffer;
    private AuditEvent.Statement statement;
    private byte[] mac;
    private long seq;

    @Setup
    public void prepare() {
        key = AuditKey.derive(MasterKey.fromBase64("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="));
        json = new AuditJson(key);
        buffer = new LineBuffer(1 << 20);
        statement = new AuditEvent.Statement(
                1_764_000_000_000_000L,
                "bench-gw-audit-async",
                4711,
                "bench",
                123_456,
                "execute",
                Optional.empty(),
                0,
                1,
                List.of(new AuditValue("LONG", AuditValue.Kind.NUMBER, Optional.of("50123"), 4, Optional.empty())),
                Optional.empty(),
                Optional.of(new AuditEvent.Outcome("rows", 0, 1, 1, 0, "")),
                87);
        mac = AuditKey.firstPreviousMac();
        line = json.line(statement, 1, mac);
    }

    /** The MAC alone, over a line of the statement record's length. */
    @Benchmark
    public byte[] macOnly() {
        return key.mac(mac, line, 0, line.length);
    }

    @Benchmark
    public byte[] statementRecord() {
        if (++seq % BATCH == 0) {
            buffer.reset();
        }
        mac = json.append(statement, seq, mac, buffer);
        return mac;
    }
}
