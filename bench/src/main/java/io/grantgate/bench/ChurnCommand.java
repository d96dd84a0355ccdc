package io.grantgate.bench;

import io.grantgate.bench.client.ClientTls;
import io.grantgate.bench.client.Endpoint;
import io.grantgate.bench.client.MiniClient;
import java.nio.file.Path;
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
 * cycle. With {@code --tls} each connection upgrades to TLS after the greeting, a full handshake each
 * (a fresh TLS context per connection, as libmariadb makes); with {@code --tls-resume} all share one
 * context, so that TLS 1.3 sessions resume, and the RESULT line counts the resumed handshakes.
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

    @Option(names = "--tls", description = "Log in over TLS (SSLRequest after the greeting), a full handshake each.")
    boolean tls;

    @Option(
            names = "--tls-resume",
            description = "Over TLS, with one TLS context for all connections, so that TLS 1.3 sessions resume"
                    + " (implies --tls).")
    boolean tlsResume;

    @Option(
            names = "--tls-ca",
            paramLabel = "PEM",
            description = "Trust only certificates this CA file signs (default: any certificate; implies --tls).")
    Path tlsCa;

    @Override
    public Integer call() throws Exception {
        Endpoint endpoint = target.endpoint();
        ClientTls clientTls = tls || tlsResume || tlsCa != null ? ClientTls.of(tlsCa, tlsResume) : null;
        AtomicLong tlsHandshakes = new AtomicLong();
        AtomicLong resumed = new AtomicLong();
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
                    .start(() -> loop(
                            endpoint,
                            clientTls,
                            deadline,
                            mine,
                            new Counters(errors, connectionNumber, fullAuths, tlsHandshakes, resumed))));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        Latencies all = Latencies.merge(latencies);
        System.out.printf(
                Locale.ROOT,
                "RESULT connections=%d seconds=%.3f conn_per_s=%.1f p50_ms=%.3f p95_ms=%.3f errors=%d full_auths=%d"
                        + " tls_handshakes=%d tls_resumed=%d%n",
                all.count(),
                elapsed,
                all.count() / elapsed,
                all.percentileMillis(50),
                all.percentileMillis(95),
                errors.get(),
                fullAuths.get(),
                tlsHandshakes.get(),
                resumed.get());
        return all.count() > 0 ? 0 : 1;
    }

    /** What the client threads count together. */
    private record Counters(
            AtomicLong errors,
            AtomicLong connectionNumber,
            AtomicLong fullAuths,
            AtomicLong tlsHandshakes,
            AtomicLong tlsResumed) {}

    private void loop(Endpoint endpoint, ClientTls clientTls, long deadline, Latencies latencies, Counters counters) {
        AtomicLong errors = counters.errors();
        while (System.nanoTime() < deadline) {
            long t0 = System.nanoTime();
            try {
                MiniClient client = MiniClient.connect(
                        endpoint, target.source(counters.connectionNumber().getAndIncrement()), 1024, false, clientTls);
                if (client.fullAuthentication()) {
                    counters.fullAuths().incrementAndGet();
                }
                if (client.tls()) {
                    counters.tlsHandshakes().incrementAndGet();
                    if (client.tlsResumed()) {
                        counters.tlsResumed().incrementAndGet();
                    }
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
