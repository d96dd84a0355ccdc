package io.grantgate.edge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The gateway's relay loops ({@link RelayLoop}), one per core by default; sessions are spread over
 * them in turn. Stopping them ends the sessions they relay, as if their clients had gone.
 */
public final class RelayLoops implements AutoCloseable {

    private final RelayLoop[] loops;
    private final int commandsBefore;
    private final AtomicInteger next = new AtomicInteger();
    private final LongAdder moves = new LongAdder();
    private final LongAdder handbacks = new LongAdder();

    /** Sessions moved onto a loop (again after each handback), and commands handed back to a session's thread. */
    public record Stats(long moves, long handbacks) {
        public static final Stats NONE = new Stats(0, 0);
    }

    private RelayLoops(RelayLoop[] loops, int commandsBefore) {
        this.loops = loops;
        this.commandsBefore = commandsBefore;
    }

    /** @param commandsBefore commands a session relays on its own thread before it moves to a loop */
    public static RelayLoops start(int count, int commandsBefore) {
        if (count < 1) {
            throw new IllegalArgumentException("at least one relay loop, not " + count);
        }
        RelayLoop[] loops = new RelayLoop[count];
        try {
            for (int i = 0; i < count; i++) {
                loops[i] = new RelayLoop("relay-" + i);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector for the relay loops", e);
        }
        for (RelayLoop loop : loops) {
            loop.start();
        }
        return new RelayLoops(loops, commandsBefore);
    }

    int commandsBefore() {
        return commandsBefore;
    }

    /**
     * A session for the next loop in turn; {@link #submit} starts relaying it.
     *
     * @param multiplexed the lease of a multiplexed session (pinned as it moves); null if not multiplexed
     */
    LoopedSession session(
            ClientBytes client, SocketChannel backend, RelayState relay, byte[] pending, MultiplexedLease multiplexed) {
        RelayLoop loop = loops[Math.floorMod(next.getAndIncrement(), loops.length)];
        return new LoopedSession(loop, client, backend, relay, pending, multiplexed);
    }

    /** False if its loop has stopped: the caller relays the session itself. */
    boolean submit(LoopedSession session) {
        // counted before the loop can relay anything of the session: whoever sees a response it
        // relayed sees the move counted (counted after, a preempted session thread lagged behind)
        moves.increment();
        boolean submitted = session.loop().execute(session::join);
        if (!submitted) {
            moves.decrement();
        }
        return submitted;
    }

    void handedBack() {
        handbacks.increment();
    }

    public Stats stats() {
        return new Stats(moves.sum(), handbacks.sum());
    }

    @Override
    public void close() {
        for (RelayLoop loop : loops) {
            loop.close();
        }
    }
}
