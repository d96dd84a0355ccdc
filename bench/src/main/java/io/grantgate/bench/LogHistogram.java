package io.grantgate.bench;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Latencies in nanoseconds counted in logarithmic buckets, shared by any number of threads without a
 * lock: each power of two is split into {@value #SUB_BUCKETS} equal buckets, so a percentile is read
 * to within 1/{@value #SUB_BUCKETS} (about 3 %) of the value, in a fixed 16 KiB whatever the count.
 * The maximum is kept exactly. For thousands of sessions, where keeping every sample ({@link
 * Latencies}) per thread would cost too much memory.
 */
public final class LogHistogram {

    private static final int SUB_BUCKET_BITS = 5;
    private static final int SUB_BUCKETS = 1 << SUB_BUCKET_BITS;
    private static final int BUCKETS = (Long.SIZE - SUB_BUCKET_BITS + 1) << SUB_BUCKET_BITS;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong max = new AtomicLong();

    /** Counts one value (negative values count as 0). */
    public void record(long nanos) {
        long value = Math.max(0, nanos);
        counts.incrementAndGet(index(value));
        total.incrementAndGet();
        max.accumulateAndGet(value, Math::max);
    }

    public long count() {
        return total.get();
    }

    /** The largest value recorded, exactly, in milliseconds; NaN without values. */
    public double maxMillis() {
        return total.get() == 0 ? Double.NaN : max.get() / 1e6;
    }

    /**
     * The {@code p}th percentile (0-100) in milliseconds, nearest rank: the middle of the bucket that
     * holds it (never above the maximum); NaN without values.
     */
    public double percentileMillis(double p) {
        long n = total.get();
        if (n == 0) {
            return Double.NaN;
        }
        long rank = Math.max(1, (long) Math.ceil(p / 100.0 * n));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts.get(i);
            if (seen >= rank) {
                long low = lowestValue(i);
                long high = lowestValue(i + 1) - 1;
                return Math.min(low + (high - low) / 2, max.get()) / 1e6;
            }
        }
        return max.get() / 1e6; // counted concurrently with this read
    }

    /** Values below {@value #SUB_BUCKETS} have a bucket each; above, 32 buckets per power of two. */
    static int index(long value) {
        if (value < SUB_BUCKETS) {
            return (int) value;
        }
        int exponent = Long.SIZE - 1 - Long.numberOfLeadingZeros(value);
        int shift = exponent - SUB_BUCKET_BITS;
        int subBucket = (int) ((value >>> shift) & (SUB_BUCKETS - 1));
        return ((shift + 1) << SUB_BUCKET_BITS) + subBucket;
    }

    /** The smallest value of bucket {@code index} (the inverse of {@link #index}). */
    static long lowestValue(int index) {
        if (index < SUB_BUCKETS) {
            return index;
        }
        int shift = (index >>> SUB_BUCKET_BITS) - 1;
        long subBucket = index & (SUB_BUCKETS - 1);
        if (shift + SUB_BUCKET_BITS >= Long.SIZE - 1) {
            return Long.MAX_VALUE; // past the last bucket
        }
        return (SUB_BUCKETS + subBucket) << shift;
    }
}
