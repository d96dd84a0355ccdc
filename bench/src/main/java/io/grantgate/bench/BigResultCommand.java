package io.grantgate.bench;

import io.grantgate.bench.client.MiniClient;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * One big result, read as fast as the client can or throttled to a rate, by sleeping between reads:
 * the slow reader is the case where a relay that buffers instead of applying back-pressure grows.
 */
@Command(
        name = "big-result",
        mixinStandardHelpOptions = true,
        description = "SELECT REPEAT('x', 1000) over a SEQUENCE table: MiB of rows, read fast or throttled.")
final class BigResultCommand implements Callable<Integer> {

    private static final int ROW_DATA_BYTES = 1000;

    @Mixin
    TargetOptions target;

    @Option(
            names = "--mib",
            defaultValue = "1024",
            description = "Row data to select, in MiB (default: ${DEFAULT-VALUE}).")
    long mib;

    @Option(
            names = "--rate-mib-per-s",
            defaultValue = "0",
            description = "Read at most this fast, sleeping between reads; 0 reads as fast as possible (default).")
    double rateMibPerSecond;

    @Option(
            names = "--schema",
            defaultValue = "sbtest",
            description =
                    "The schema whose seq_1_to_N table (MariaDB's SEQUENCE engine) is selected from (default: ${DEFAULT-VALUE}).")
    String schema;

    @Override
    public Integer call() throws Exception {
        long rows = mib * 1024 * 1024 / ROW_DATA_BYTES;
        String sql = "SELECT REPEAT('x', " + ROW_DATA_BYTES + ") FROM `" + schema + "`.seq_1_to_" + rows;
        Throttle throttle = new Throttle(rateMibPerSecond * 1024 * 1024);
        long start = System.nanoTime();
        long read;
        try (MiniClient client = MiniClient.connect(target.endpoint(), null, 256 * 1024)) {
            throttle.start();
            read = client.query(sql, throttle);
            client.quit();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                Locale.ROOT,
                "RESULT rows=%d bytes=%d seconds=%.3f mib_per_s=%.1f%n",
                read,
                throttle.bytes(),
                elapsed,
                throttle.bytes() / elapsed / 1024 / 1024);
        return read == rows ? 0 : 1;
    }

    /** Counts bytes; when a rate is set, sleeps whenever the reader is ahead of it by a millisecond or more. */
    private static final class Throttle implements MiniClient.ResultSink {

        private final double bytesPerNano;
        private long bytes;
        private long startNanos;

        Throttle(double bytesPerSecond) {
            this.bytesPerNano = bytesPerSecond / 1e9;
        }

        void start() {
            startNanos = System.nanoTime();
        }

        long bytes() {
            return bytes;
        }

        @Override
        public void row(int wireBytes) {
            bytes += wireBytes;
            if (bytesPerNano <= 0 || (bytes & 0xFFFF) > wireBytes) {
                return; // check the schedule about every 64 KiB
            }
            long due = startNanos + (long) (bytes / bytesPerNano);
            long ahead = due - System.nanoTime();
            if (ahead >= 1_000_000) {
                try {
                    Thread.sleep(ahead / 1_000_000, (int) (ahead % 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
