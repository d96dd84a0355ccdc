package io.grantgate.bench;

import io.grantgate.bench.client.Endpoint;
import io.grantgate.bench.client.MiniClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Many mostly idle sessions, as an application fleet's connection pools keep them: N sessions, opened
 * at an even pace over the ramp, each running a sysbench-style point select at random intervals (a
 * uniform pause of 0 to twice the mean, so about once a second by default), each on its own virtual
 * thread. Once every session has logged in, it measures for the given time: per-query latency (a
 * {@link LogHistogram}), queries per second, errors, the backend's {@code Threads_connected} sampled
 * every second over a direct connection, the gateway's own backend pool size (from its metrics), and
 * the CPU the gateway process used per query. With
 * {@code sessions.multiplexing=transaction} on the gateway the sessions share a few backend
 * connections (the client negotiates CLIENT_SESSION_TRACK, without which a gateway does not multiplex
 * a session); with {@code off} each holds one.
 */
@Command(
        name = "paced-sessions",
        mixinStandardHelpOptions = true,
        description = "N sessions, each running a point select about once a second: latency, qps, backend threads.")
final class PacedSessionsCommand implements Callable<Integer> {

    private static final int BUFFER_BYTES = 1024;
    private static final long LOGIN_GRACE_SECONDS = 120;
    private static final int ERRORS_PRINTED = 5;

    @Mixin
    TargetOptions target;

    @Option(names = "--sessions", defaultValue = "5000", description = "Sessions (default: ${DEFAULT-VALUE}).")
    int sessions;

    @Option(
            names = "--ramp-seconds",
            defaultValue = "60",
            description = "Seconds over which the sessions log in, evenly (default: ${DEFAULT-VALUE}).")
    double rampSeconds;

    @Option(
            names = "--seconds",
            defaultValue = "60",
            description = "Seconds measured once all sessions are in (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(
            names = "--mean-interval-ms",
            defaultValue = "1000",
            description = "Mean pause between a session's queries (default: ${DEFAULT-VALUE}).")
    long meanIntervalMillis;

    @Option(
            names = "--table",
            defaultValue = "sbtest1",
            description = "The sysbench table (default: ${DEFAULT-VALUE}).")
    String table;

    @Option(
            names = "--table-size",
            defaultValue = "100000",
            description = "Its rows: ids 1..N (default: ${DEFAULT-VALUE}).")
    int tableSize;

    @Option(
            names = "--no-session-track",
            description = "Do not ask for CLIENT_SESSION_TRACK (a gateway then never multiplexes these sessions).")
    boolean noSessionTrack;

    @Option(
            names = "--backend-url",
            description = "JDBC URL of the backend, to sample Threads_connected; the login from "
                    + "--backend-user and BENCH_BACKEND_PASSWORD. Without it, no sampling.")
    String backendUrl;

    @Option(names = "--backend-user", description = "Backend login for the sampling.")
    String backendUser;

    @Option(
            names = "--gateway-metrics",
            description = "The gateway's metrics URL, to sample its backend pool size (its open connections).")
    String gatewayMetrics;

    @Option(names = "--cpu-pid", defaultValue = "0", description = "The gateway process, for its CPU per query.")
    long cpuPid;

    @Option(
            names = "--clock-ticks",
            defaultValue = "100",
            description = "Clock ticks per second of /proc/<pid>/stat (getconf CLK_TCK; default: ${DEFAULT-VALUE}).")
    long clockTicks;

    private final LogHistogram latencies = new LogHistogram();
    private final AtomicLong queryErrors = new AtomicLong();
    private final AtomicLong loginErrors = new AtomicLong();
    private final AtomicLong printed = new AtomicLong();
    /** When measuring starts and ends (System.nanoTime); Long.MAX_VALUE until all sessions are in. */
    private volatile long measureFrom = Long.MAX_VALUE;

    private volatile long measureUntil = Long.MAX_VALUE;

    @Override
    public Integer call() throws Exception {
        Endpoint endpoint = target.endpoint();
        ThreadsConnectedSampler sampler = backendUrl == null
                ? null
                : new ThreadsConnectedSampler(backendUrl, backendUser, System.getenv("BENCH_BACKEND_PASSWORD"));
        int threadsBefore = sampler == null ? -1 : sampler.last();
        PoolSizeSampler pool = gatewayMetrics == null ? null : new PoolSizeSampler(gatewayMetrics);
        ProcessCpu gatewayCpu = cpuPid > 0 ? new ProcessCpu(cpuPid, clockTicks) : null;
        CountDownLatch loggedIn = new CountDownLatch(sessions);
        long start = System.nanoTime();
        long rampNanos = (long) (rampSeconds * 1e9);
        List<Thread> threads = new ArrayList<>(sessions);
        for (int i = 0; i < sessions; i++) {
            long startAt = start + rampNanos * i / Math.max(1, sessions);
            int n = i;
            threads.add(Thread.ofVirtual().name("session-" + i).start(() -> session(endpoint, n, startAt, loggedIn)));
        }
        boolean allIn = loggedIn.await((long) rampSeconds + LOGIN_GRACE_SECONDS, TimeUnit.SECONDS);
        double rampTook = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                Locale.ROOT,
                "LOGGED_IN %d of %d sessions (%d login errors) after %.1f s%s%n",
                sessions - loggedIn.getCount(),
                sessions,
                loginErrors.get(),
                rampTook,
                allIn ? "" : " (gave up waiting)");
        System.out.flush();
        double cpuFrom = gatewayCpu == null ? Double.NaN : gatewayCpu.seconds();
        long from = System.nanoTime();
        measureUntil = from + (long) (seconds * 1e9);
        measureFrom = from;
        for (Thread thread : threads) {
            thread.join();
        }
        long until = Math.min(System.nanoTime(), measureUntil);
        double cpuUntil = gatewayCpu == null ? Double.NaN : gatewayCpu.seconds();
        double measured = (until - from) / 1e9;
        long queries = latencies.count();
        double gatewayCpuSeconds = cpuUntil - cpuFrom;
        System.out.printf(
                Locale.ROOT,
                "RESULT sessions=%d logged_in=%d login_errors=%d ramp_s=%.1f seconds=%.1f queries=%d qps=%.1f"
                        + " p50_ms=%.3f p99_ms=%.3f max_ms=%.3f errors=%d threads_connected_before=%d"
                        + " threads_connected_max=%d gateway_pool_max=%d gateway_cpu_s=%.2f"
                        + " gateway_cpu_us_per_query=%.1f%n",
                sessions,
                sessions - loginErrors.get(),
                loginErrors.get(),
                rampTook,
                measured,
                queries,
                queries / measured,
                latencies.percentileMillis(50),
                latencies.percentileMillis(99),
                latencies.maxMillis(),
                queryErrors.get(),
                threadsBefore,
                sampler == null ? -1 : sampler.max(),
                pool == null ? -1 : pool.max(),
                gatewayCpuSeconds,
                queries > 0 ? gatewayCpuSeconds * 1e6 / queries : Double.NaN);
        if (sampler != null) {
            sampler.close();
        }
        if (pool != null) {
            pool.close();
        }
        return queries > 0 && loginErrors.get() == 0 && queryErrors.get() == 0 ? 0 : 1;
    }

    /** One session: log in at its time, then a point select after each random pause until the end. */
    private void session(Endpoint endpoint, int n, long startAt, CountDownLatch loggedIn) {
        MiniClient client;
        try {
            sleepUntil(startAt);
            client = MiniClient.connect(endpoint, target.source(n), BUFFER_BYTES, !noSessionTrack);
        } catch (Exception e) {
            loginErrors.incrementAndGet();
            report("login of session " + n, e);
            return;
        } finally {
            loggedIn.countDown();
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        try {
            while (true) {
                sleepUntil(System.nanoTime() + random.nextLong(2 * meanIntervalMillis + 1) * 1_000_000);
                long t0 = System.nanoTime();
                if (t0 >= measureUntil) {
                    break;
                }
                try {
                    client.query("SELECT c FROM " + table + " WHERE id=" + (1 + random.nextInt(tableSize)));
                } catch (Exception e) {
                    if (t0 >= measureFrom) {
                        queryErrors.incrementAndGet();
                    }
                    report("session " + n, e);
                    continue;
                }
                if (t0 >= measureFrom) {
                    latencies.record(System.nanoTime() - t0);
                }
            }
            client.quit();
        } catch (Exception e) {
            report("session " + n + " ending", e);
        }
    }

    private void report(String what, Exception e) {
        if (printed.incrementAndGet() <= ERRORS_PRINTED) {
            System.err.println("paced-sessions: " + what + ": " + e);
        }
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }
}
