package io.grantgate.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantgate.catalog.SessionBackend;
import io.grantgate.command.PinReason;
import io.grantgate.edge.SessionSummary;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SessionRowsTest {

    private static final Instant SINCE = Instant.parse("2026-12-03T06:00:00Z");

    private static SessionSummary session(long id, boolean running, long bytesIn, long commands) {
        return session(id, running, bytesIn, commands, SessionBackend.SHARED);
    }

    private static SessionSummary session(
            long id, boolean running, long bytesIn, long commands, SessionBackend backend) {
        return new SessionSummary(
                id, "xuys", "127.0.0.1", 40000, Optional.empty(), SINCE, running, bytesIn, 100, commands, backend);
    }

    @Test
    void onlyNewAndChangedSessionsAreWrittenAndEndedOnesDeleted() {
        SessionSummary idle = session(1, false, 10, 1);
        SessionSummary busy = session(2, false, 10, 1);
        SessionSummary ended = session(3, false, 10, 1);
        Map<Long, SessionSummary> written = Map.of(1L, idle, 2L, busy, 3L, ended);
        SessionSummary busyNow = session(2, true, 50, 2);
        SessionSummary fresh = session(4, false, 0, 0);

        SessionRows.Changes changes = SessionRows.between(written, List.of(idle, busyNow, fresh));

        assertThat(changes.upserts()).containsExactly(busyNow, fresh);
        assertThat(changes.deletes()).containsExactly(3L);
    }

    @Test
    void aSessionPinnedOrUnpinnedSinceTheLastWriteIsWrittenAgainThoughItsCountersStayed() {
        SessionSummary shared = session(1, false, 10, 1);
        SessionSummary pinned = session(1, false, 10, 1, SessionBackend.pinned(PinReason.TRANSACTION.tag()));
        SessionSummary own = session(2, false, 10, 1, SessionBackend.OWN);

        assertThat(SessionRows.between(Map.of(1L, shared, 2L, own), List.of(pinned, own))
                        .upserts())
                .containsExactly(pinned);
        assertThat(SessionRows.between(Map.of(1L, pinned, 2L, own), List.of(shared, own))
                        .upserts())
                .containsExactly(shared);
        assertThat(SessionRows.between(Map.of(1L, pinned, 2L, own), List.of(pinned, own))
                        .isEmpty())
                .isTrue();
    }

    @Test
    void everyPinReasonFitsTheColumn() {
        for (PinReason reason : PinReason.values()) {
            SessionBackend pinned = SessionBackend.pinned(reason.tag());
            assertThat(pinned.column()).hasSizeLessThanOrEqualTo(SessionBackend.COLUMN_LENGTH);
            assertThat(SessionBackend.parse(pinned.column())).contains(pinned);
        }
    }

    @Test
    void anIdleGatewayWritesNothing() {
        SessionSummary idle = session(1, false, 10, 1);
        SessionRows rows = new SessionRows();
        rows.written(List.of(idle));

        assertThat(rows.changes(List.of(idle)).isEmpty()).isTrue();
        assertThat(rows.resync()).isFalse();
    }

    @Test
    void afterAFailedWriteEverySessionIsWrittenAgainOverAnEmptiedTable() {
        SessionSummary one = session(1, false, 10, 1);
        SessionSummary two = session(2, true, 10, 1);
        SessionRows rows = new SessionRows();
        assertThat(rows.resync()).as("nothing written yet").isTrue();
        rows.written(List.of(one, two));

        rows.unknown();

        assertThat(rows.resync()).isTrue();
        assertThat(rows.changes(List.of(one, two)).upserts()).containsExactly(one, two);
        assertThat(rows.changes(List.of(one, two)).deletes()).isEmpty();
    }
}
