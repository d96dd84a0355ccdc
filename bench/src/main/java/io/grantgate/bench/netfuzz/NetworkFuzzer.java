package io.grantgate.bench.netfuzz;

import io.grantgate.bench.client.Endpoint;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The network fuzzer: replays mutated recorded sessions against a running gateway, {@code concurrency}
 * at once, while a probe logs in once a second, and checks at the end that the gateway is up, lent out
 * no backend connection, holds no client connection, and has the heap and threads it had after the
 * warm-up. Each session's plan comes from its own seed (printed with any finding), so a finding
 * replays alone with {@link #replayOne}.
 */
public final class NetworkFuzzer {

    private static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);
    private static final Duration PROBE_LIMIT = Duration.ofSeconds(5);
    private static final Duration SETTLE = Duration.ofSeconds(15);
    /** Findings beyond this many are counted, not listed. */
    private static final int MAX_LISTED_FINDINGS = 50;

    private static final int WARM_UP_DIVISOR = 10;
    private static final int MAX_WARM_UP = 500;
    private static final int PROGRESS_STEPS = 10;

    private final List<SessionRecording> corpus;
    private final Mutator mutator;
    private final SessionReplayer replayer;
    private final Endpoint probe;
    private final GatewayVitals vitals;
    private final FuzzSettings settings;
    private final PrintStream log;
    private final FuzzStats stats = new FuzzStats();
    private final List<String> findings = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong findingCount = new AtomicLong();

    /**
     * @param fuzzPassword the password of the account the recordings were made as (mysql_native_password)
     * @param probe the probe's account: another one, so that a replayed KILL cannot end its session
     */
    public NetworkFuzzer(
            List<SessionRecording> corpus,
            InetSocketAddress gateway,
            String fuzzPassword,
            Endpoint probe,
            GatewayVitals vitals,
            FuzzSettings settings,
            PrintStream log) {
        this.corpus = List.copyOf(corpus);
        this.mutator = new Mutator(corpus);
        this.replayer = new SessionReplayer(gateway, fuzzPassword, settings.closeLimit(), settings.handshakeTimeout());
        this.probe = probe;
        this.vitals = vitals;
        this.settings = settings;
        this.log = log;
    }

    public FuzzReport run() throws IOException, InterruptedException {
        int warmUp = Math.min(settings.sessions() / WARM_UP_DIVISOR, MAX_WARM_UP);
        int half = Math.max(warmUp, settings.sessions() / 2);
        long t0 = System.nanoTime();
        Vitals start;
        Vitals middle;
        Vitals end;
        Probe prober = new Probe(probe, PROBE_INTERVAL, PROBE_LIMIT);
        try {
            runSessions(0, warmUp, t0);
            start = settledSample();
            log.println("netfuzz: after " + warmUp + " warm-up sessions: " + start.describe());
            runSessions(warmUp, half, t0);
            middle = settledSample();
            log.println("netfuzz: after " + half + " sessions: " + middle.describe());
            runSessions(half, settings.sessions(), t0);
        } finally {
            prober.close();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        end = settledSample();
        checkEnd(start, end, prober);
        return new FuzzReport(
                settings,
                corpus.size(),
                stats.sessions(),
                seconds,
                stats.realLogins(),
                stats.loggedIn(),
                stats.withError(),
                stats.ends(),
                stats.errorCodes(),
                stats.mutations(),
                prober.count(),
                prober.percentileMillis(50),
                prober.percentileMillis(99),
                prober.percentileMillis(100),
                start,
                middle,
                end,
                listedFindings());
    }

    /** Plays the session of one seed and says what it planned and got. */
    public String replayOne(long seed) throws IOException, InterruptedException {
        SessionPlan plan = mutator.plan(seed);
        SessionOutcome outcome = replayer.replay(plan);
        return plan.describe() + "\n  -> " + outcome;
    }

    private void runSessions(int from, int to, long t0) throws InterruptedException {
        AtomicLong next = new AtomicLong(from);
        long step = Math.max(1, settings.sessions() / PROGRESS_STEPS);
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < settings.concurrency(); w++) {
            workers.add(Thread.ofPlatform().name("netfuzz-" + w).start(() -> {
                for (long i = next.getAndIncrement(); i < to; i = next.getAndIncrement()) {
                    runSession(i);
                    if ((i + 1) % step == 0) {
                        double elapsed = (System.nanoTime() - t0) / 1e9;
                        log.printf(
                                java.util.Locale.ROOT,
                                "netfuzz: %d/%d sessions, %.0f s, %.1f/s, findings %d%n",
                                i + 1,
                                settings.sessions(),
                                elapsed,
                                stats.sessions() / elapsed,
                                findingCount.get());
                    }
                }
            }));
        }
        for (Thread worker : workers) {
            worker.join();
        }
    }

    private void runSession(long index) {
        SessionPlan plan = mutator.plan(Mutator.sessionSeed(settings.seed(), index));
        try {
            SessionOutcome outcome = replayer.replay(plan);
            stats.add(plan, outcome);
            if (outcome.finding() != null) {
                finding("session " + index + " (" + plan.describe() + "): " + outcome.finding());
            }
        } catch (IOException e) {
            finding("session " + index + " (" + plan.describe() + "): cannot connect or talk: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            finding("session " + index + " (" + plan.describe() + "): the fuzzer failed: " + e);
        }
    }

    /** Waits for the sessions to be gone and their backend connections back, then samples. */
    private Vitals settledSample() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        Vitals sample = vitals.sample();
        while ((sample.connections() > 0 || sample.borrowedBackendConnections() > 0) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            sample = vitals.sample();
        }
        return sample;
    }

    private void checkEnd(Vitals start, Vitals end, Probe prober) throws IOException {
        if (!vitals.alive()) {
            finding("the gateway is not running any more");
        }
        if (end.borrowedBackendConnections() != 0) {
            finding(end.borrowedBackendConnections() + " backend connections still borrowed " + SETTLE.toSeconds()
                    + " s after the last session");
        }
        if (end.connections() != 0) {
            finding(end.connections() + " client connections still open " + SETTLE.toSeconds()
                    + " s after the last session");
        }
        if (end.heapUsedBytes() - start.heapUsedBytes() > settings.maxHeapGrowthBytes()) {
            finding(String.format(
                    "heap after GC grew from %.1f to %.1f MiB",
                    start.heapUsedBytes() / (double) Vitals.MIB, end.heapUsedBytes() / (double) Vitals.MIB));
        }
        if (end.threads() - start.threads() > settings.maxThreadGrowth()) {
            finding("threads grew from " + start.threads() + " to " + end.threads());
        }
        if (start.openFiles() >= 0 && end.openFiles() - start.openFiles() > FuzzSettings.MAX_OPEN_FILE_GROWTH) {
            finding("open files grew from " + start.openFiles() + " to " + end.openFiles());
        }
        prober.failures().forEach(this::finding);
        vitals.errorLines(MAX_LISTED_FINDINGS).forEach(line -> finding("gateway log: " + line));
    }

    private void finding(String what) {
        if (findingCount.incrementAndGet() <= MAX_LISTED_FINDINGS) {
            findings.add(what);
            log.println("netfuzz: FINDING " + what);
        }
    }

    private List<String> listedFindings() {
        List<String> listed = new ArrayList<>(findings);
        if (findingCount.get() > listed.size()) {
            listed.add("... and " + (findingCount.get() - listed.size()) + " more");
        }
        return listed;
    }
}
