package io.grantgate.bench;

import io.grantgate.bench.client.Endpoint;
import io.grantgate.bench.netfuzz.FuzzReport;
import io.grantgate.bench.netfuzz.FuzzSettings;
import io.grantgate.bench.netfuzz.NetworkFuzzer;
import io.grantgate.bench.netfuzz.ProcessVitals;
import io.grantgate.bench.netfuzz.SessionRecording;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The network fuzzer against a running {@code bin/grantgate} (bench/netfuzz.sh starts one): mutated
 * replays of the recorded corpus, a probe once a second, the gateway's vitals through jcmd, /proc and
 * its ops endpoint. Passwords come from BENCH_PASSWORD (the recordings' account) and
 * BENCH_PROBE_PASSWORD (the probe's).
 */
@Command(
        name = "netfuzz",
        mixinStandardHelpOptions = true,
        description = "Replay mutated recorded sessions against a gateway and check that it holds.")
final class NetFuzzCommand implements Callable<Integer> {

    @Option(names = "--port", required = true, description = "The gateway's port on 127.0.0.1.")
    int port;

    @Option(names = "--ops-port", required = true, description = "The gateway's ops endpoint port.")
    int opsPort;

    @Option(names = "--gateway-pid", required = true, description = "The gateway's JVM (jcmd, /proc).")
    long pid;

    @Option(names = "--gateway-log", description = "The gateway's log: its ERROR lines are findings.")
    Path gatewayLog;

    @Option(
            names = "--corpus",
            defaultValue = "bench/netfuzz/corpus",
            description = "Recordings (default: ${DEFAULT-VALUE}).")
    Path corpus;

    @Option(
            names = "--probe-user",
            defaultValue = "probe",
            description = "The probe's account (default: ${DEFAULT-VALUE}).")
    String probeUser;

    @Option(names = "--sessions", defaultValue = "100000", description = "Sessions (default: ${DEFAULT-VALUE}).")
    int sessions;

    @Option(names = "--seed", description = "The run's seed (default: the clock's).")
    Long seed;

    @Option(names = "--concurrency", defaultValue = "16", description = "Sessions at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(
            names = "--handshake-timeout-ms",
            defaultValue = "2000",
            description = "The gateway's limits.handshake-timeout.")
    long handshakeTimeoutMillis;

    @Option(
            names = "--close-limit-ms",
            defaultValue = "20000",
            description =
                    "How long the gateway may keep a session open after the client's FIN (default: ${DEFAULT-VALUE}).")
    long closeLimitMillis;

    @Option(
            names = "--max-heap-growth-mib",
            defaultValue = "16",
            description = "Allowed growth of heap after GC, start to end (default: ${DEFAULT-VALUE}).")
    long maxHeapGrowthMib;

    @Option(
            names = "--max-thread-growth",
            defaultValue = "8",
            description = "Allowed growth of the thread count, start to end (default: ${DEFAULT-VALUE}).")
    int maxThreadGrowth;

    @Option(
            names = "--replay",
            paramLabel = "SESSION_SEED",
            description = "Play the one session of this seed (hex, as a finding prints it) and say what it got.")
    String replay;

    @Override
    public Integer call() throws Exception {
        String password = requiredEnv("BENCH_PASSWORD");
        long runSeed = seed != null ? seed : System.currentTimeMillis();
        FuzzSettings settings = new FuzzSettings(
                sessions,
                runSeed,
                concurrency,
                Duration.ofMillis(closeLimitMillis),
                Duration.ofMillis(handshakeTimeoutMillis),
                maxHeapGrowthMib * 1024 * 1024,
                maxThreadGrowth);
        NetworkFuzzer fuzzer = new NetworkFuzzer(
                SessionRecording.readAll(corpus),
                new InetSocketAddress("127.0.0.1", port),
                password,
                new Endpoint("127.0.0.1", port, probeUser, requiredEnv("BENCH_PROBE_PASSWORD"), null),
                new ProcessVitals(pid, opsPort, gatewayLog),
                settings,
                System.err);
        if (replay != null) {
            System.out.println(fuzzer.replayOne(Long.parseUnsignedLong(replay, 16)));
            return 0;
        }
        System.err.println("netfuzz: seed " + runSeed + " (replay the run with --seed " + runSeed + ")");
        FuzzReport report = fuzzer.run();
        report.print(System.out);
        return report.passed() ? 0 : 1;
    }

    private static String requiredEnv(String name) {
        String value = System.getenv(name);
        if (value == null) {
            throw new IllegalStateException("set " + name);
        }
        return value;
    }
}
