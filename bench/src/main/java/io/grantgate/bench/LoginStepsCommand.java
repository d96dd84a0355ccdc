package io.grantgate.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Where a gateway's CPU goes while clients connect, log in, run one query and quit: reads a JFR
 * recording of the gateway taken during {@code bench churn} and gives each CPU sample to the first
 * step of a login ({@link LoginStep}) whose thread and stack match, in the order the steps are
 * listed. With JDK 25's CPU-time sampler ({@code jdk.CPUTimeSample}, which {@code
 * bench/login-profile.sh} turns on) a sample stands for a fixed amount of CPU time, system calls
 * included, so the shares are shares of CPU; with the ordinary execution sampler
 * ({@code jdk.ExecutionSample}) only Java code running on a thread is seen and the shares leave out
 * the time spent in the kernel, which for a login is most of it.
 */
@Command(
        name = "login-steps",
        mixinStandardHelpOptions = true,
        description = "Share of the gateway's CPU per step of a login, from a JFR recording taken during churn.")
final class LoginStepsCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "The JFR recording of the gateway.")
    Path recording;

    @Option(
            names = "--connections",
            defaultValue = "0",
            description =
                    "Connections made during the recording; with --cpu-seconds, prints microseconds per connection per step.")
    long connections;

    @Option(
            names = "--cpu-seconds",
            defaultValue = "0",
            description = "The gateway process's CPU seconds during the recording (user + system).")
    double cpuSeconds;

    @Option(
            names = "--tls-frames",
            defaultValue = "0",
            description = "Also list the N methods of the JDK's TLS (sun.security.ssl) that the most samples are in,"
                    + " innermost first, and the N hottest innermost frames under them.")
    int tlsFrames;

    /** The JDK's TLS implementation: a sample with one of its frames on the stack is TLS work. */
    private static final String TLS_PACKAGE = "sun.security.ssl.";

    /**
     * A step of a login: samples on threads whose name starts with {@code threadPrefix} and whose
     * stack holds a frame containing {@code frame} (any frame, when empty).
     */
    record LoginStep(String name, String threadPrefix, String frame) {

        boolean matches(String thread, List<String> frames) {
            if (!thread.startsWith(threadPrefix)) {
                return false;
            }
            return frame.isEmpty() || frames.stream().anyMatch(f -> f.contains(frame));
        }
    }

    /** First match wins: the session-thread steps nest (a login's log line is inside the session's run). */
    static final List<LoginStep> STEPS = List.of(
            new LoginStep("accept (gateway-accept thread)", "gateway-accept", ""),
            new LoginStep("audit rows to the catalog (audit-catalog thread)", "audit-catalog", ""),
            new LoginStep("audit file (audit-writer thread)", "audit-writer", ""),
            new LoginStep("login deadline timer", "login-deadline", ""),
            new LoginStep(
                    "greeting, handshake response, TLS (ConnectionHandshake)",
                    "session",
                    "ConnectionHandshake.exchange"),
            new LoginStep("authentication (LoginExchange)", "session", "LoginExchange.authenticate"),
            new LoginStep(
                    "backend connection from the pool (validate, ping; the reset owed: a login when due)",
                    "session",
                    "PooledBackendConnector.borrow"),
            new LoginStep("backend connection back to the pool (a reset until login16)", "session", "Lease.release"),
            new LoginStep("audit events on the session thread", "session", "ConnectionAudit"),
            new LoginStep("metrics", "session", "MeteredSessionEvents"),
            new LoginStep("wait for the client's command", "session", "CommandLoop.awaitCommand"),
            new LoginStep("read the command", "session", "CommandLoop.readCommand"),
            new LoginStep("relay the response", "session", "FrameRelay"),
            new LoginStep("forward the command to the backend", "session", "CommandLoop.forward"),
            new LoginStep("close the client's socket", "session", "ClientSession.close"),
            new LoginStep("log lines (Logback)", "session", "ch.qos.logback"),
            new LoginStep("rest of the session thread (socket set-up, session start and end)", "session", ""),
            new LoginStep("other threads", "", ""));

    @Override
    public Integer call() throws Exception {
        Map<LoginStep, Long> counts = new LinkedHashMap<>();
        STEPS.forEach(step -> counts.put(step, 0L));
        long cpuTimeSamples = 0;
        long executionSamples = 0;
        List<RecordedEvent> execution = new ArrayList<>();
        Map<String, Long> tlsSteps = new LinkedHashMap<>();
        Map<String, Long> tlsLeaves = new LinkedHashMap<>();
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                String type = event.getEventType().getName();
                if (type.equals("jdk.CPUTimeSample")) {
                    cpuTimeSamples++;
                    count(event, counts);
                    countTls(event, tlsSteps, tlsLeaves);
                } else if (type.equals("jdk.ExecutionSample")) {
                    executionSamples++;
                    execution.add(event);
                }
            }
        }
        if (cpuTimeSamples == 0) {
            System.err.println("no jdk.CPUTimeSample events (JDK 25+ with jdk.CPUTimeSample#enabled=true);"
                    + " using jdk.ExecutionSample, which leaves out time in system calls");
            execution.forEach(event -> {
                count(event, counts);
                countTls(event, tlsSteps, tlsLeaves);
            });
        }
        long total = cpuTimeSamples > 0 ? cpuTimeSamples : executionSamples;
        if (total == 0) {
            System.err.println("no CPU samples in " + recording);
            return 1;
        }
        boolean perConnection = connections > 0 && cpuSeconds > 0;
        System.out.printf(
                Locale.ROOT, "%-70s %7s %8s%s%n", "step", "samples", "share", perConnection ? "  us/connection" : "");
        counts.forEach((step, n) -> {
            double share = (double) n / total;
            System.out.printf(
                    Locale.ROOT,
                    "%-70s %7d %7.1f%%%s%n",
                    step.name(),
                    n,
                    100 * share,
                    perConnection
                            ? String.format(Locale.ROOT, "  %14.0f", share * cpuSeconds * 1e6 / connections)
                            : "");
        });
        if (tlsFrames > 0) {
            long tls = tlsSteps.values().stream().mapToLong(Long::longValue).sum();
            System.out.printf(
                    Locale.ROOT,
                    "%nTLS (a %s frame on the stack): %d samples, %.1f%%%n",
                    TLS_PACKAGE,
                    tls,
                    100.0 * tls / total);
            printTop("innermost TLS method", tlsSteps, total, perConnection);
            printTop("innermost frame of a TLS sample", tlsLeaves, total, perConnection);
        }
        System.out.printf(
                Locale.ROOT,
                "RESULT samples=%d sampler=%s%s%n",
                total,
                cpuTimeSamples > 0 ? "cpu_time" : "execution",
                perConnection
                        ? String.format(Locale.ROOT, " cpu_us_per_connection=%.0f", cpuSeconds * 1e6 / connections)
                        : "");
        return 0;
    }

    private void printTop(String title, Map<String, Long> counts, long total, boolean perConnection) {
        System.out.printf(
                Locale.ROOT, "%n%-90s %7s %8s%s%n", title, "samples", "share", perConnection ? "  us/connection" : "");
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(tlsFrames)
                .forEach(e -> {
                    double share = (double) e.getValue() / total;
                    System.out.printf(
                            Locale.ROOT,
                            "%-90s %7d %7.1f%%%s%n",
                            e.getKey(),
                            e.getValue(),
                            100 * share,
                            perConnection
                                    ? String.format(Locale.ROOT, "  %14.0f", share * cpuSeconds * 1e6 / connections)
                                    : "");
                });
    }

    /** A sample of TLS work: counted for its innermost TLS method and for its innermost frame. */
    private static void countTls(RecordedEvent event, Map<String, Long> steps, Map<String, Long> leaves) {
        List<String> frames = frames(event.getStackTrace());
        for (String frame : frames) {
            if (frame.startsWith(TLS_PACKAGE)) {
                steps.merge(frame, 1L, Long::sum);
                leaves.merge(frames.getFirst(), 1L, Long::sum);
                return;
            }
        }
    }

    private static void count(RecordedEvent event, Map<LoginStep, Long> counts) {
        RecordedThread thread = event.getThread("eventThread");
        String name = thread == null || thread.getJavaName() == null ? "" : thread.getJavaName();
        List<String> frames = frames(event.getStackTrace());
        for (LoginStep step : STEPS) {
            if (step.matches(name, frames)) {
                counts.merge(step, 1L, Long::sum);
                return;
            }
        }
    }

    private static List<String> frames(RecordedStackTrace stack) {
        if (stack == null) {
            return List.of();
        }
        List<String> names = new ArrayList<>(stack.getFrames().size());
        for (RecordedFrame frame : stack.getFrames()) {
            names.add(frame.getMethod().getType().getName() + "."
                    + frame.getMethod().getName());
        }
        return names;
    }
}
