package io.grantgate.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LifetimeTextTest {

    @ParameterizedTest
    @CsvSource({
        "90m, PT1H30M",
        "8h, PT8H",
        "2d, PT48H",
        "3s, PT3S",
        "1h30m, PT1H30M",
        "1d2h3m4s, PT26H3M4S",
        "PT1H30M, PT1H30M",
        "P2D, PT48H",
        "36500d, PT876000H"
    })
    void durations(String text, String iso) {
        assertThat(LifetimeText.duration(text)).isEqualTo(Duration.parse(iso));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "8",
                "h",
                "8 h",
                "8H",
                "-1h",
                "0s",
                "0h0m",
                "1.5h",
                "1w",
                "PT-1H",
                "PT0S",
                "36501d",
                "P",
                "eight hours",
                "12345678s"
            })
    void refusedDurations(String text) {
        assertThatThrownBy(() -> LifetimeText.duration(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({
        "2026-12-31T18:00Z, 2026-12-31T18:00:00Z",
        "2026-12-31T18:00:00Z, 2026-12-31T18:00:00Z",
        "2026-12-31T18:00:00.250Z, 2026-12-31T18:00:00.250Z",
        "2026-12-31T19:00+01:00, 2026-12-31T18:00:00Z",
        "2026-12-31T13:30:00-04:30, 2026-12-31T18:00:00Z",
        "2027-01-01T02:00+08:00, 2026-12-31T18:00:00Z"
    })
    void instants(String text, String utc) {
        assertThat(LifetimeText.instant(text)).isEqualTo(Instant.parse(utc));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2026-12-31",
                "2026-12-31T18:00",
                "2026-12-31T18:00:00",
                "2026-12-31 18:00Z",
                "tomorrow",
                "2026-13-01T00:00Z",
                "2026-12-31T25:00Z",
                "8h"
            })
    void refusedInstants(String text) {
        assertThatThrownBy(() -> LifetimeText.instant(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "'");
    }

    @Test
    void aTimeWithoutItsZoneSaysHowToWriteOne() {
        assertThatThrownBy(() -> LifetimeText.instant("2026-12-31T18:00"))
                .hasMessageContaining("2026-12-31T18:00Z (UTC) or 2026-12-31T19:00+01:00");
    }
}
