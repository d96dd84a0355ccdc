package io.grantgate.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads a gateway's backend pool size ({@code grantgate_backend_connections_open}) from its metrics
 * endpoint once a second, and keeps the largest. Unlike the backend's Threads_connected it counts that
 * gateway's pooled connections alone, not its catalog pool's nor anyone else's. Not {@code _active}
 * plus {@code _idle}: two gauges read one after the other, while thousands of connections a second move
 * from one to the other, count a connection given back between the two reads twice (a pool of 100 read
 * as 107). A gateway without the open gauge (older than the pool's own count) is read that way still.
 */
final class PoolSizeSampler implements AutoCloseable {

    private static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final String ACTIVE = "grantgate_backend_connections_active";
    private static final String IDLE = "grantgate_backend_connections_idle";
    private static final String OPEN = "grantgate_backend_connections_open";

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
                max.accumulateAndGet(size(text), Math::max);
                Thread.sleep(INTERVAL);
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                // a busy gateway may miss a sample; the next one counts
            }
        }
    }

    /** Open backend connections as the exposition gives them. */
    static int size(String text) {
        return (int) (has(text, OPEN) ? value(text, OPEN) : value(text, ACTIVE) + value(text, IDLE));
    }

    private static boolean has(String text, String metric) {
        return text.lines().anyMatch(line -> isSample(line, metric));
    }

    private static boolean isSample(String line, String metric) {
        return line.startsWith(metric)
                && line.length() > metric.length()
                && (line.charAt(metric.length()) == ' ' || line.charAt(metric.length()) == '{');
    }

    /** The sum of a metric's samples (every label set) in Prometheus text. */
    static double value(String text, String metric) {
        double sum = 0;
        for (String line : text.split("\n")) {
            if (isSample(line, metric)) {
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
