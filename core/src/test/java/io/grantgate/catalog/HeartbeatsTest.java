package io.grantgate.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HeartbeatsTest {

    @Test
    void staleAfterThreeMissedIntervalsNotBefore() {
        Duration second = Duration.ofSeconds(1);
        assertThat(Heartbeats.stale(Duration.ofMillis(400), second)).isFalse();
        assertThat(Heartbeats.stale(Duration.ofMillis(3_000), second))
                .as("exactly three intervals")
                .isFalse();
        assertThat(Heartbeats.stale(Duration.ofMillis(3_001), second)).isTrue();
        assertThat(Heartbeats.stale(Duration.ofSeconds(10), Duration.ofSeconds(5)))
                .as("judged by the instance's own interval")
                .isFalse();
    }
}
