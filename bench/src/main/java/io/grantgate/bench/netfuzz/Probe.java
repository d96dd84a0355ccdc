package io.grantgate.bench.netfuzz;

import io.grantgate.bench.Latencies;
import io.grantgate.bench.client.Endpoint;
import io.grantgate.bench.client.MiniClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The well-formed client beside the fuzzing: once per interval it connects, logs in, runs
 * {@code SELECT 1} and quits, timing the whole cycle. A failure, or a cycle slower than the limit,
 * is a finding: the gateway must keep serving while it is fuzzed.
 */
final class Probe implements AutoCloseable {

    private static final int BUFFER = 4096;

    private final Endpoint endpoint;
    private final Duration interval;
    private final Duration limit;
    private final Latencies latencies = new Latencies();
    private final List<String> failures = new ArrayList<>();
    private final long started = System.nanoTime();
    private final Thread thread;
    private volatile boolean stopping;

    Probe(Endpoint endpoint, Duration interval, Duration limit) {
        this.endpoint = endpoint;
        this.interval = interval;
        this.limit = limit;
        this.thread = Thread.ofPlatform().name("netfuzz-probe").start(this::loop);
    }

    private void loop() {
        while (!stopping) {
            long t0 = System.nanoTime();
            try (MiniClient client = MiniClient.connect(endpoint, null, BUFFER)) {
                if (client.query("SELECT 1") != 1) {
                    throw new java.io.IOException("SELECT 1 returned no row");
                }
                client.quit();
                long took = System.nanoTime() - t0;
                synchronized (this) {
                    latencies.add(took);
                    if (took > limit.toNanos()) {
                        failures.add(at(t0) + ": login + SELECT 1 took " + took / 1_000_000 + " ms");
                    }
                }
            } catch (Exception e) {
                synchronized (this) {
                    failures.add(at(t0) + ": " + e);
                }
            }
            long rest = interval.toNanos() - (System.nanoTime() - t0);
            if (rest > 0) {
                try {
                    Thread.sleep(Duration.ofNanos(rest));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private String at(long nanos) {
        return String.format("probe at %.1f s", (nanos - started) / 1e9);
    }

    synchronized int count() {
        return latencies.count();
    }

    /** Percentile in milliseconds of the successful cycles. */
    synchronized double percentileMillis(double p) {
        return Latencies.merge(List.of(latencies)).percentileMillis(p);
    }

    synchronized List<String> failures() {
        return List.copyOf(failures);
    }

    @Override
    public void close() throws InterruptedException {
        stopping = true;
        thread.interrupt();
        thread.join();
    }
}
