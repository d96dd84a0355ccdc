package io.grantgate.bench.jmh;

import io.grantgate.audit.AuditEvent;
import io.grantgate.audit.AuditMode;
import io.grantgate.audit.AuditTrail;
import io.grantgate.catalog.AuditLevel;
import io.grantgate.command.AuditPolicy;
import io.grantgate.command.StatementAudit;
import io.grantgate.protocol.MalformedPacketException;
import io.grantgate.protocol.ResponseTracker;
import io.grantgate.protocol.constant.Capabilities;
import io.grantgate.protocol.constant.CapabilityFlag;
import io.grantgate.protocol.constant.CommandType;
import java.time.Clock;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What the statement audit costs a relay thread per COM_STMT_EXECUTE of a sysbench point select (one
 * integer parameter): decoding the parameters, building the event and handing it to the trail (here
 * one that keeps nothing), against the same session with statements not audited. The response is
 * tracked in both, as the relay always does.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class StatementAuditBenchmark {

    private static final Capabilities CAPABILITIES =
            Capabilities.of(CapabilityFlag.CLIENT_PROTOCOL_41, CapabilityFlag.CLIENT_DEPRECATE_EOF);
    /** PREPARE_OK of statement 1 with one parameter, then that parameter's definition. */
    private static final byte[] PREPARE_OK = hex("00 01 00 00 00 00 00 01 00 00 00 00");

    private static final byte[] PARAMETER_DEFINITION =
            hex("03 64 65 66 00 00 00 01 3f 00 0c 3f 00 00 00 00 00 fd 80 00 00 00 00");
    /** COM_STMT_EXECUTE of statement 1, one LONG parameter bound with its type. */
    private static final byte[] EXECUTE = hex("17 01 00 00 00 00 01 00 00 00 00 01 03 00 cb c3 00 00");

    private static final byte[] OK = hex("00 00 00 02 00 00 00");

    @Param({"statements", "logins"})
    public String level;

    private StatementAudit audit;
    private ResponseTracker tracker;
    private Blackhole blackhole;

    @Setup
    public void prepare(Blackhole blackhole) throws MalformedPacketException {
        this.blackhole = blackhole;
        AuditTrail trail = new AuditTrail() {
            @Override
            public boolean record(AuditEvent event) {
                StatementAuditBenchmark.this.blackhole.consume(event);
                return true;
            }

            @Override
            public AuditMode mode() {
                return AuditMode.ASYNC;
            }

            @Override
            public void close() {}
        };
        AuditLevel auditLevel = level.equals("statements") ? AuditLevel.STATEMENTS : AuditLevel.LOGINS;
        audit = new StatementAudit(
                new AuditPolicy(trail, "bench-gw-audit-async", auditLevel, 64 * 1024, Clock.systemUTC()),
                4711,
                "bench",
                auditLevel);
        tracker = new ResponseTracker(CAPABILITIES);
        byte[] prepare = "\u0016SELECT c FROM sbtest1 WHERE id=?".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        audit.sending(CommandType.COM_STMT_PREPARE, prepare, 0, prepare.length);
        respond(CommandType.COM_STMT_PREPARE, PREPARE_OK);
    }

    @Benchmark
    public long execute() throws MalformedPacketException {
        audit.sending(CommandType.COM_STMT_EXECUTE, EXECUTE, 0, EXECUTE.length);
        respond(CommandType.COM_STMT_EXECUTE, OK);
        return audit.commands();
    }

    private void respond(CommandType type, byte[] packet) throws MalformedPacketException {
        tracker.begin(type);
        ResponseTracker.Next next = tracker.onServerPacket(packet, 0, packet.length, packet.length);
        while (next == ResponseTracker.Next.SERVER) {
            next = tracker.onServerPacket(
                    PARAMETER_DEFINITION, 0, PARAMETER_DEFINITION.length, PARAMETER_DEFINITION.length);
        }
        audit.answered(tracker.summary());
    }

    private static byte[] hex(String text) {
        return HexFormat.ofDelimiter(" ").parseHex(text);
    }
}
