package io.grantgate.bench;

import io.grantgate.bench.client.Endpoint;
import io.grantgate.bench.client.MiniClient;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Opens many sessions that log in and then idle, holds them, checks them with COM_PING, and quits
 * them. Prints {@code HOLDING n} once all logins are done, so the caller knows when to measure.
 */
@Command(
        name = "idle",
        mixinStandardHelpOptions = true,
        description = "Hold N logged-in idle sessions for a while, then ping and quit them.")
final class IdleCommand implements Callable<Integer> {

    @Mixin
    TargetOptions target;

    @Option(names = "--sessions", defaultValue = "10000", description = "Sessions to open (default: ${DEFAULT-VALUE}).")
    int sessions;

    @Option(
            names = "--concurrency",
            defaultValue = "16",
            description = "Logins in flight at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(
            names = "--hold-seconds",
            defaultValue = "15",
            description = "How long to hold them (default: ${DEFAULT-VALUE}).")
    double holdSeconds;

    @Override
    public Integer call() throws Exception {
        Endpoint endpoint = target.endpoint();
        List<MiniClient> open = Collections.synchronizedList(new ArrayList<>(sessions));
        AtomicLong failed = new AtomicLong();
        AtomicLong next = new AtomicLong();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(concurrency)) {
            for (int i = 0; i < concurrency; i++) {
                pool.execute(() -> {
                    long n;
                    while ((n = next.getAndIncrement()) < sessions) {
                        try {
                            open.add(MiniClient.connect(endpoint, target.source(n), 512));
                        } catch (Exception e) {
                            if (failed.incrementAndGet() <= 5) {
                                System.err.println("idle: session " + n + ": " + e);
                            }
                        }
                    }
                });
            }
        }
        double openSeconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                Locale.ROOT, "HOLDING %d sessions (%d failed) after %.1f s%n", open.size(), failed.get(), openSeconds);
        System.out.flush();
        Thread.sleep((long) (holdSeconds * 1000));
        long alive = 0;
        for (MiniClient client : open) {
            try {
                if (client.ping()) {
                    alive++;
                }
                client.quit();
            } catch (Exception e) {
                client.close();
            }
        }
        System.out.printf(
                Locale.ROOT,
                "RESULT opened=%d failed=%d alive=%d open_seconds=%.1f%n",
                open.size(),
                failed.get(),
                alive,
                openSeconds);
        return 0;
    }
}
