package io.grantgate.provision;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** How an end of access is written for an admin, and which of two ends is later. */
public final class Expiry {

    private Expiry() {}

    /** ISO-8601 in UTC to the millisecond, e.g. {@code 2026-12-31T18:00:00Z}. */
    public static String text(Instant end) {
        return end.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    /** {@code until 2026-12-31T18:00:00Z}, or {@code permanent}. */
    public static String lasting(Optional<Instant> end) {
        return end.map(e -> "until " + text(e)).orElse("permanent");
    }

    /** {@code ; until 2026-12-31T18:00:00Z} after a summary, or nothing for access without an end. */
    static String suffix(Optional<Instant> end) {
        return end.map(e -> "; until " + text(e)).orElse("");
    }

    /** The later of two ends, where empty (no end) is the latest. */
    static Optional<Instant> later(Optional<Instant> a, Optional<Instant> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return Optional.empty();
        }
        return a.get().isAfter(b.get()) ? a : b;
    }
}
