package io.grantgate.bench;

import java.util.Arrays;

/** Latency samples in nanoseconds, one instance per thread, merged at the end for percentiles. */
public final class Latencies {

    private long[] samples = new long[1 << 14];
    private int count;

    public void add(long nanos) {
        if (count == samples.length) {
            samples = Arrays.copyOf(samples, count * 2);
        }
        samples[count++] = nanos;
    }

    public int count() {
        return count;
    }

    public static Latencies merge(Iterable<Latencies> parts) {
        Latencies all = new Latencies();
        for (Latencies part : parts) {
            for (int i = 0; i < part.count; i++) {
                all.add(part.samples[i]);
            }
        }
        Arrays.sort(all.samples, 0, all.count);
        return all;
    }

    /** The {@code p}th percentile (0-100) in milliseconds, nearest rank; NaN without samples. Call on a merged set. */
    public double percentileMillis(double p) {
        if (count == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * count);
        return samples[Math.max(0, Math.min(count - 1, rank - 1))] / 1e6;
    }
}
