package io.grantgate.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LogHistogramTest {

    @Test
    void eachValueFallsInTheBucketWhoseRangeHoldsIt() {
        for (long value : new long[] {0, 1, 31, 32, 33, 63, 64, 1_000, 123_456_789, 1L << 40, Long.MAX_VALUE / 3}) {
            int index = LogHistogram.index(value);
            assertThat(LogHistogram.lowestValue(index)).as("low of %d", value).isLessThanOrEqualTo(value);
            assertThat(LogHistogram.lowestValue(index + 1))
                    .as("next of %d", value)
                    .isGreaterThan(value);
        }
    }

    @Test
    void percentilesAreWithinThreePercentAndTheMaximumIsExact() {
        LogHistogram histogram = new LogHistogram();
        for (long micros = 1; micros <= 10_000; micros++) {
            histogram.record(micros * 1_000);
        }
        assertThat(histogram.count()).isEqualTo(10_000);
        assertThat(histogram.percentileMillis(50)).isCloseTo(5.0, within(5.0 * 0.03));
        assertThat(histogram.percentileMillis(99)).isCloseTo(9.9, within(9.9 * 0.03));
        assertThat(histogram.percentileMillis(100)).isLessThanOrEqualTo(10.0);
        assertThat(histogram.maxMillis()).isEqualTo(10.0);
    }

    @Test
    void anEmptyHistogramHasNoPercentile() {
        assertThat(new LogHistogram().percentileMillis(50)).isNaN();
        assertThat(new LogHistogram().maxMillis()).isNaN();
    }
}
