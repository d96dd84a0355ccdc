package io.grantgate.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PointInTimeTest {

    private static final Instant NOW = Instant.parse("2025-06-10T12:00:00Z");

    @ParameterizedTest
    @CsvSource({
        "90s, 2025-06-10T11:58:30Z",
        "30m, 2025-06-10T11:30:00Z",
        "1h, 2025-06-10T11:00:00Z",
        "2d, 2025-06-08T12:00:00Z",
        "PT1H30M, 2025-06-10T10:30:00Z",
        "P1D, 2025-06-09T12:00:00Z",
        "2025-06-01, 2025-06-01T00:00:00Z",
        "2025-06-01T12:00:00Z, 2025-06-01T12:00:00Z",
        "2025-06-01T12:00:00.250Z, 2025-06-01T12:00:00.250Z",
        "2025-06-01T14:00:00+02:00, 2025-06-01T12:00:00Z",
        "2025-06-01T07:00-05:00, 2025-06-01T12:00:00Z",
        "2025-06-01T12:00:00, 2025-06-01T12:00:00Z",
        "2025-06-01T12:00, 2025-06-01T12:00:00Z"
    })
    void aTimeAgoOrAnIsoTimeWithoutAnOffsetBeingUtc(String text, Instant expected) {
        assertThat(PointInTime.parse(text, NOW).instant()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "yesterday",
                "1y",
                "-1h",
                "1.5h",
                "1 h",
                "h",
                "2025-13-01",
                "2025-06-01T25:00:00Z",
                "06/01/2025"
            })
    void anythingElseIsRefusedWithTheFormsThatWork(String text) {
        assertThatThrownBy(() -> PointInTime.parse(text, NOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is neither a time ago (30m, 1h, 2d) nor an ISO-8601 time");
    }
}
