package io.grantgate.ops;

import io.grantgate.edge.SessionSummary;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which of this gateway's {@code gateway_session} rows a heartbeat must write: the sessions that
 * are new or changed since the rows last written (their counters moved, they went idle or busy, a
 * multiplexed one was pinned or unpinned), and the rows of sessions that ended. An idle session costs nothing; a heartbeat's writes are a
 * few multi-row statements however many sessions changed ({@link #CHUNK} rows each).
 *
 * <p>Threading: confined to the heartbeat thread.
 */
final class SessionRows {

    /** Rows per INSERT … ON DUPLICATE KEY UPDATE or DELETE … IN: 13 parameters a row stay far below 65 535. */
    static final int CHUNK = 500;

    /** What to write: these rows inserted or updated, and these connection ids' rows deleted. */
    record Changes(List<SessionSummary> upserts, List<Long> deletes) {

        boolean isEmpty() {
            return upserts.isEmpty() && deletes.isEmpty();
        }
    }

    /** The rows as last written, by connection id; null when unknown (never written, or a write failed). */
    private Map<Long, SessionSummary> written;

    /** The writes that bring the rows to {@code now}; everything when the rows are unknown. */
    Changes changes(Collection<SessionSummary> now) {
        return between(written, now);
    }

    /** The writes went through: the rows are {@code now}. */
    void written(Collection<SessionSummary> now) {
        Map<Long, SessionSummary> rows = new HashMap<>();
        now.forEach(session -> rows.put(session.connectionId(), session));
        written = rows;
    }

    /** A write failed: what the table holds is unknown, so the next heartbeat rewrites them all. */
    void unknown() {
        written = null;
    }

    /** Whether the next write must first delete every row of the instance, the table's content being unknown. */
    boolean resync() {
        return written == null;
    }

    static Changes between(Map<Long, SessionSummary> before, Collection<SessionSummary> now) {
        Map<Long, SessionSummary> previous = before == null ? Map.of() : before;
        List<SessionSummary> upserts = new ArrayList<>();
        Set<Long> open = new java.util.HashSet<>();
        for (SessionSummary session : now) {
            open.add(session.connectionId());
            if (!session.equals(previous.get(session.connectionId()))) {
                upserts.add(session);
            }
        }
        List<Long> deletes = previous.keySet().stream()
                .filter(id -> !open.contains(id))
                .sorted()
                .toList();
        return new Changes(upserts, deletes);
    }
}
