package io.grantgate.edge;

import java.util.function.LongPredicate;

/**
 * Hands out the gateway's connection ids, the ones its greetings give clients, from a range of
 * their own above the backend's thread ids: a backend counts its connections up from 1 since it
 * started, so an id a client sees is either the gateway's (from {@value #FIRST}) or a backend's
 * ({@code CONNECTION_ID()}, the process list), and {@code KILL n} can tell which session either
 * names. The two ranges meet only on a backend that has accepted a billion connections since its
 * start; even then a KILL resolves the gateway's id first, and never to another account's session.
 *
 * <p>The last id is the largest a client reading the greeting's 4 bytes as a signed int still sees
 * as positive. After it the ids start again at the first, skipping those still in use, as MySQL
 * does with its own.
 *
 * <p>Threading: the accept thread's alone.
 */
final class ConnectionIds {

    static final long FIRST = 1_000_000_001L;
    static final long LAST = Integer.MAX_VALUE;

    private long next;

    ConnectionIds() {
        this(FIRST);
    }

    /** Starting elsewhere in the range (tests of the wrap). */
    ConnectionIds(long next) {
        if (next < FIRST || next > LAST) {
            throw new IllegalArgumentException("connection ids are " + FIRST + ".." + LAST + ", not " + next);
        }
        this.next = next;
    }

    /** The next id that {@code inUse} does not report as taken. */
    long next(LongPredicate inUse) {
        while (true) {
            long id = next;
            next = id == LAST ? FIRST : id + 1;
            if (!inUse.test(id)) {
                return id;
            }
        }
    }
}
