package io.grantgate.edge;

import io.grantgate.command.PinReason;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of connection sharing, for the metrics: borrows of a backend connection for a
 * multiplexed session's command, returns to the pool between commands, sessions pinned by reason,
 * and how many multiplexed sessions are open. Thread-safe.
 */
public final class MultiplexStats {

    private final LongAdder borrows = new LongAdder();
    private final LongAdder returns = new LongAdder();
    private final LongAdder sessions = new LongAdder();
    private final LongAdder unpins = new LongAdder();
    private final Map<PinReason, LongAdder> pins = new EnumMap<>(PinReason.class);

    MultiplexStats() {
        for (PinReason reason : PinReason.values()) {
            pins.put(reason, new LongAdder());
        }
    }

    void borrowed() {
        borrows.increment();
    }

    void returned() {
        returns.increment();
    }

    void pinned(PinReason reason) {
        pins.get(reason).increment();
    }

    void unpinned() {
        unpins.increment();
    }

    void opened() {
        sessions.increment();
    }

    void closed() {
        sessions.decrement();
    }

    /** Connections borrowed for a command of a multiplexed session that held none (its login's not counted). */
    public long borrows() {
        return borrows.sum();
    }

    /** Connections a multiplexed session gave back, unreset, between commands. */
    public long returns() {
        return returns.sum();
    }

    /** Multiplexed sessions pinned to their connection for this reason. */
    public long pins(PinReason reason) {
        return pins.get(reason).sum();
    }

    /**
     * Sessions pinned by their transaction alone that were unpinned once it was over, and pinned
     * sessions a refused COM_CHANGE_USER's reset unpinned.
     */
    public long unpins() {
        return unpins.sum();
    }

    /** Multiplexed sessions open now, holding a connection or not. */
    public long sessions() {
        return sessions.sum();
    }
}
