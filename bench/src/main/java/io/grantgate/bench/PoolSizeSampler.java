package io.grantgate.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads a gateway's backend pool size (open connections: {@code grantgate_backend_connections_active}
 * plus {@code _idle}) from its metrics endpoint once a second, and keeps the largest. Unlike the
 * backend's Threads_connected it counts that gateway's pooled connections alone, not its catalog
 * pool's nor anyone else's.
 */
final class PoolSizeSampler implements AutoCloseable {

    private static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final String ACTIVE = "grantgate_backend_connections_active";
    private static final String IDLE = "grantgate_backend_connections_idle";

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(INTERVAL).build();
    private final HttpRequest request;
    private final Thread thread;
    private final AtomicInteger max = new AtomicInteger(-1);
    private volatile boolean running = true;

    PoolSizeSampler(String metricsUrl) {
        request =
                HttpRequest.newBuilder(URI.create(metricsUrl)).timeout(INTERVAL).build();
        thread = Thread.ofPlatform().daemon().name("pool-size").start(this::run);
    }

    private void run() {
        while (running) {
            try {
                String text = client.send(request, HttpResponse.BodyHandlers.ofString())
                        .body();
                max.accumulateAndGet((int) (value(text, ACTIVE) + value(text, IDLE)), Math::max);
                Thread.sleep(INTERVAL);
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                // a busy gateway may miss a sample; the next one counts
            }
        }
    }

    /** The sum of a metric's samples (every label set) in Prometheus text. */
    static double value(String text, String metric) {
        double sum = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith(metric)
                    && (line.charAt(metric.length()) == ' ' || line.charAt(metric.length()) == '{')) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /** The largest pool seen, or -1 without a sample. */
    int max() {
        return max.get();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        client.close();
    }
}
