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
                Optional.of("own"),
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
                Optional.empty(),
                Duration.ofSeconds(30),
                true);

        String table = SessionsCommand.text(List.of(live, gone));

        assertThat(table)
                .contains(
                        "1000000001  gw-1          xuys  [::1]:40400     TLSv1.3  2026-12-03 06:00:00.000  idle     own")
                .contains("gw-2 (stale)")
                .contains("10.1.2.3:51022  none")
                .contains("running")
                .contains("may be gone");
        assertThat(SessionsCommand.text(List.of())).isEqualTo("no sessions");
    }

    private static SessionRow withBackend(long id, Optional<String> backend) {
        return new SessionRow(
                "gw-1",
                id,
                "xuys",
                "127.0.0.1",
                40400,
                Optional.empty(),
                Instant.parse("2026-12-03T06:00:00Z"),
                false,
                1,
                2,
                3,
                backend,
                Duration.ofMillis(300),
                false);
    }

    @Test
    void theBackendColumnSaysOwnSharedOrPinnedAndWhyAndUnknownForARowOfAnOlderGateway() {
        SessionRow own = withBackend(1, Optional.of("own"));
        SessionRow shared = withBackend(2, Optional.of("shared"));
        SessionRow pinned = withBackend(3, Optional.of("pinned:prepared_statement"));
        SessionRow older = withBackend(4, Optional.empty());
        SessionRow newer = withBackend(5, Optional.of("parked"));

        assertThat(List.of(own, shared, pinned, older, newer).stream()
                        .map(SessionRow::backendText)
                        .toList())
                .containsExactly("own", "shared", "pinned (prepared statement)", "unknown", "parked");
        assertThat(SessionsCommand.text(List.of(own, shared, pinned, older)))
                .containsPattern("BACKEND +IN +OUT +COMMANDS")
                .containsPattern("3 +gw-1 .* idle +pinned \\(prepared statement\\) +1 +2 +3")
                .containsPattern("2 +gw-1 .* idle +shared +1 +2 +3")
                .containsPattern("4 +gw-1 .* idle +unknown +1 +2 +3");
    }

    @Test
    void jsonGivesTheBackendAndThePinReasonApart() {
        assertThat(withBackend(3, Optional.of("pinned:temporary_table")).json())
                .containsEntry("backend", "pinned")
                .containsEntry("pinReason", "temporary_table");
        assertThat(withBackend(2, Optional.of("shared")).json())
                .containsEntry("backend", "shared")
                .containsEntry("pinReason", null);
        assertThat(withBackend(4, Optional.empty()).json())
                .containsEntry("backend", null)
                .containsEntry("pinReason", null);
    }
}
