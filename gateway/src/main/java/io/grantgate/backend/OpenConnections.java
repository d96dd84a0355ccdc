package io.grantgate.backend;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The limit on a {@link BackendPool}'s open connections over all its keys ({@code backend.max-connections}):
 * one permit per open connection, taken before a connection is opened and given back when it is closed.
 *
 * <p>Commons Pool's own total limit is not used because of what it does when the limit is reached: the
 * borrow closes the oldest idle connections of any key, then opens one. A connection of the very key
 * being borrowed, given back a moment after the borrower found none idle, can be the one closed, so the
 * borrower logs in a new connection where one was ready. Multiplexed sessions, which give back and borrow
 * at every statement, hit that window under load. Here an open that finds the total reached closes the
 * oldest idle connections only while its own key has none; when its key has one (given back meanwhile),
 * or nothing is idle, it fails with {@link AtTotal} and the borrow waits ({@link #awaitRoom}) and starts
 * again, taking that connection or a freed permit. Opening never waits here: Commons Pool also opens
 * connections on threads that give one back (for a borrower waiting on a key), which must not block.
 */
final class OpenConnections {

    /** How often a borrower waiting at the limit looks again for idle connections (given back, not closed). */
    private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /** Rounds of closing the oldest idle connections before an open gives up (they may be in use meanwhile). */
    private static final int CLOSE_ROUNDS = 3;

    private final int max;
    private final Semaphore permits;

    /** What the limit asks of the pool. */
    interface Idle {

        /** Idle connections of {@code key}. */
        int of(BackendPoolKey key);

        /** Idle connections of all keys. */
        int total();

        /** Closes the oldest idle connections (of any key), giving their permits back. */
        void closeOldest();
    }

    /** @param max open connections over all keys */
    OpenConnections(int max) {
        this.max = max;
        this.permits = new Semaphore(max);
    }

    /**
     * Connections open or being opened now, over all keys: one read of the permits, so never more than
     * the limit, where borrowed plus idle, read one after the other, counts a connection that moves
     * between the two in that moment twice.
     */
    int count() {
        return max - permits.availablePermits();
    }

    /**
     * Takes the permit to open a connection of {@code key}, closing the oldest idle connections to free
     * one if the key itself has none idle; never waits.
     *
     * @throws AtTotal no permit: the borrow should {@link #awaitRoom wait} and start again
     */
    void open(BackendPoolKey key, Idle idle) throws AtTotal {
        for (int round = 0; !permits.tryAcquire(); round++) {
            if (round == CLOSE_ROUNDS || idle.of(key) > 0 || idle.total() == 0) {
                throw new AtTotal();
            }
            idle.closeOldest();
        }
    }

    /**
     * After {@link AtTotal}: returns at once when the borrow may succeed now (a permit is free, or a
     * connection of {@code key} is idle), else after a permit was freed or a short while (idle
     * connections of other keys, to close, are only seen by looking again).
     *
     * @return false when the deadline ({@link System#nanoTime()}) has passed
     */
    boolean awaitRoom(BackendPoolKey key, Idle idle, long deadline) throws InterruptedException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            return false;
        }
        if (permits.availablePermits() > 0 || idle.of(key) > 0) {
            return true;
        }
        if (permits.tryAcquire(Math.min(left, RECHECK_NANOS), TimeUnit.NANOSECONDS)) {
            permits.release();
        }
        return true;
    }

    /** A connection opened with a permit is closed (or failed to open). */
    void closed() {
        permits.release();
    }

    /**
     * No permit to open a connection: the pool is at its total and the borrowed key's own idle
     * connection, if one came back meanwhile, is to be taken instead. Not an error; never leaves the pool.
     */
    static final class AtTotal extends Exception {

        AtTotal() {
            super("at the total of open backend connections", null, false, false);
        }
    }
}
