package io.grantgate.catalog;

import java.util.Objects;
import java.util.Optional;

/**
 * How a session holds its backend connection, as {@code gateway_session.backend} (V7) stores it:
 * written by the session's gateway on its heartbeat, read by {@code admin sessions}. One definition
 * of the column's words for both sides.
 *
 * @param kind for its life, a connection per command, or kept for a reason
 * @param pinReason why a pinned session keeps its connection: the tag of the first reason of the pin
 *     (the gateway's {@code PinReason}, as its metric names it); present exactly when pinned
 */
public record SessionBackend(Kind kind, Optional<String> pinReason) {

    /** The column's width: a {@link #column} never exceeds it. */
    public static final int COLUMN_LENGTH = 32;

    private static final String PINNED_PREFIX = "pinned:";

    /** How the session holds its backend connection. */
    public enum Kind {
        /** From login to end: multiplexing off, or a client without CLIENT_SESSION_TRACK. */
        OWN("own"),
        /** Multiplexed: borrowed for each command and given back after it. */
        SHARED("shared"),
        /** Multiplexed, but keeping its connection: until it ends, or its transaction does. */
        PINNED("pinned");

        private final String word;

        Kind(String word) {
            this.word = word;
        }

        /** The kind as the column and {@code admin sessions --output json} name it. */
        public String word() {
            return word;
        }
    }

    public static final SessionBackend OWN = new SessionBackend(Kind.OWN, Optional.empty());
    public static final SessionBackend SHARED = new SessionBackend(Kind.SHARED, Optional.empty());

    public SessionBackend {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(pinReason, "pinReason");
        if (pinReason.isPresent() != (kind == Kind.PINNED)) {
            throw new IllegalArgumentException("a pin reason goes with a pinned session only: " + kind);
        }
        if (pinReason.isPresent() && PINNED_PREFIX.length() + pinReason.get().length() > COLUMN_LENGTH) {
            throw new IllegalArgumentException("pin reason too long for the column: " + pinReason.get());
        }
    }

    /** A pinned session, for the reason with this tag. */
    public static SessionBackend pinned(String reason) {
        return new SessionBackend(Kind.PINNED, Optional.of(reason));
    }

    /** The column's value: {@code own}, {@code shared} or {@code pinned:<reason>}. */
    public String column() {
        return pinReason.map(reason -> PINNED_PREFIX + reason).orElse(kind.word());
    }

    /**
     * What a column value says; empty for NULL (a row written by a gateway older than V7) and for a
     * word this version does not know (a newer gateway's).
     */
    public static Optional<SessionBackend> parse(String column) {
        if (column == null) {
            return Optional.empty();
        }
        if (column.startsWith(PINNED_PREFIX) && column.length() > PINNED_PREFIX.length()) {
            return Optional.of(pinned(column.substring(PINNED_PREFIX.length())));
        }
        for (SessionBackend known : new SessionBackend[] {OWN, SHARED}) {
            if (known.column().equals(column)) {
                return Optional.of(known);
            }
        }
        return Optional.empty();
    }
}
