package io.grantgate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InstanceRowTest {

    private static InstanceRow row(long catalogVersion, Duration heartbeatAge) {
        return new InstanceRow(
                "gw-1",
                "10.0.0.5:3307",
                "127.0.0.1:9104",
                "0.1.0",
                catalogVersion,
                Instant.parse("2026-12-03T06:00:00Z"),
                heartbeatAge,
                Duration.ofSeconds(1),
                2);
    }

    @Test
    void lagIsTheVersionsBehindTheCatalogAndStaleIsThreeMissedHeartbeats() {
        assertThat(row(7, Duration.ofMillis(300)).lag(7)).isZero();
        assertThat(row(5, Duration.ofMillis(300)).lag(7)).isEqualTo(2);
        assertThat(row(8, Duration.ofMillis(300)).lag(7))
                .as("a gateway that read a version the reader has not: not negative")
                .isZero();
        assertThat(row(7, Duration.ofMillis(2_900)).stale()).isFalse();
        assertThat(row(7, Duration.ofMillis(3_100)).stale()).isTrue();
        assertThat(row(7, Duration.ofMillis(3_100)).json(7))
                .containsEntry("stale", true)
                .containsEntry("lag", 0L);
    }

    @Test
    void agesReadAsPeopleReadThem() {
        assertThat(InstanceRow.age(Duration.ofMillis(420))).isEqualTo("0.4s");
        assertThat(InstanceRow.age(Duration.ofMillis(12_050))).isEqualTo("12.0s");
        assertThat(InstanceRow.age(Duration.ofSeconds(185))).isEqualTo("3m05s");
        assertThat(InstanceRow.age(Duration.ofMinutes(130))).isEqualTo("2h10m");
        assertThat(InstanceRow.age(Duration.ofMillis(-5))).as("clock jitter").isEqualTo("0.0s");
    }
}
