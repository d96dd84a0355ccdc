package io.grantgate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SessionsCommandTest {

    @Test
    void aSessionOfAStaleGatewayIsMarkedInTheTable() {
        SessionRow live = new SessionRow(
                "gw-1",
                1000000001,
                "xuys",
                "::1",
                40400,
                Optional.of("TLSv1.3"),
                Instant.parse("2026-12-03T06:00:00Z"),
                false,
                120,
                4000,
                3,
                Duration.ofMillis(300),
                false);
        SessionRow gone = new SessionRow(
                "gw-2",
                1000000001,
                "xuys",
                "10.1.2.3",
                51022,
                Optional.empty(),
                Instant.parse("2026-12-03T06:00:01Z"),
                true,
                120,
                4000,
                3,
                Duration.ofSeconds(30),
                true);

        String table = SessionsCommand.text(List.of(live, gone));

        assertThat(table)
                .contains("1000000001  gw-1          xuys  [::1]:40400     TLSv1.3  2026-12-03 06:00:00.000  idle")
                .contains("gw-2 (stale)")
                .contains("10.1.2.3:51022  none")
                .contains("running")
                .contains("may be gone");
        assertThat(SessionsCommand.text(List.of())).isEqualTo("no sessions");
    }
}
