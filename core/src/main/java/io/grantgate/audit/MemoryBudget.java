package io.grantgate.audit;

/**
 * The bytes one session may hold in long-data prefixes, all statements and parameters together.
 * The per-value cap alone would let a client that sends long data for thousands of parameters
 * make the gateway hold thousands of caps. Confined to its session's thread, like
 * {@link PreparedStatements}.
 */
final class MemoryBudget {

    private long left;

    MemoryBudget(long bytes) {
        this.left = bytes;
    }

    /** Takes up to {@code wanted} bytes and returns how many it got, possibly 0. */
    int take(int wanted) {
        int granted = (int) Math.min(wanted, left);
        left -= granted;
        return granted;
    }

    void give(int bytes) {
        left += bytes;
    }

    long left() {
        return left;
    }
}
