package io.grantgate.provision;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How long what {@code admin grant} names lasts: for good, for a while from now, until a time, or
 * longer than it lasts already. A grant only ever adds access: it never makes an entry end sooner
 * than it does (to end access early, revoke it).
 */
public sealed interface Lifetime {

    /** No end: also makes an entry that would expire permanent. */
    Lifetime PERMANENT = new Permanent();

    /** No end ({@code admin grant} without {@code --for}, {@code --until} or {@code --extend}). */
    record Permanent() implements Lifetime {}

    /** Ends {@code duration} after the change, on the catalog server's clock ({@code --for}). */
    record For(Duration duration) implements Lifetime {
        public For {
            positive(duration);
        }
    }

    /** Ends at {@code end} ({@code --until}). */
    record Until(Instant end) implements Lifetime {
        public Until {
            Objects.requireNonNull(end, "end");
        }
    }

    /** Entries that end already end {@code duration} later ({@code --extend}); adds nothing new. */
    record Extend(Duration duration) implements Lifetime {
        public Extend {
            positive(duration);
        }
    }

    private static void positive(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("a duration must be positive, was " + duration);
        }
    }
}
