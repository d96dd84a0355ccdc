package io.grantgate.bench;

import io.grantgate.bench.client.Endpoint;
import io.grantgate.bench.client.MiniClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Connection churn: each client connects, logs in, runs {@code SELECT 1}, sends COM_QUIT and closes,
 * as fast as it can, for the given time. Prints connections per second and the latency of a whole
 * cycle.
 */
@Command(
        name = "churn",
        mixinStandardHelpOptions = true,
        description = "Connect, SELECT 1, quit, as fast as N clients can.")
final class ChurnCommand implements Callable<Integer> {

    @Mixin
    TargetOptions target;

    @Option(names = "--clients", defaultValue = "4", description = "Concurrent clients (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--seconds", defaultValue = "20", description = "How long (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Override
    public Integer call() throws Exception {
        Endpoint endpoint = target.endpoint();
        AtomicLong errors = new AtomicLong();
        AtomicLong connectionNumber = new AtomicLong();
        AtomicLong fullAuths = new AtomicLong();
        List<Latencies> latencies = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        for (int i = 0; i < clients; i++) {
            Latencies mine = new Latencies();
            latencies.add(mine);
            threads.add(Thread.ofPlatform()
                    .name("churn-" + i)
                    .start(() -> loop(endpoint, deadline, mine, errors, connectionNumber, fullAuths)));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        Latencies all = Latencies.merge(latencies);
        System.out.printf(
                Locale.ROOT,
                "RESULT connections=%d seconds=%.3f conn_per_s=%.1f p50_ms=%.3f p95_ms=%.3f errors=%d full_auths=%d%n",
                all.count(),
                elapsed,
                all.count() / elapsed,
                all.percentileMillis(50),
                all.percentileMillis(95),
                errors.get(),
                fullAuths.get());
        return all.count() > 0 ? 0 : 1;
    }

    private void loop(
            Endpoint endpoint,
            long deadline,
            Latencies latencies,
            AtomicLong errors,
            AtomicLong connectionNumber,
            AtomicLong fullAuths) {
        while (System.nanoTime() < deadline) {
            long t0 = System.nanoTime();
            try {
                MiniClient client =
                        MiniClient.connect(endpoint, target.source(connectionNumber.getAndIncrement()), 1024);
                if (client.fullAuthentication()) {
                    fullAuths.incrementAndGet();
                }
                try {
                    client.query("SELECT 1");
                } finally {
                    client.quit();
                }
                latencies.add(System.nanoTime() - t0);
            } catch (Exception e) {
                if (errors.incrementAndGet() <= 5) {
                    System.err.println("churn: " + e);
                }
                sleepQuietly(10);
            }
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
