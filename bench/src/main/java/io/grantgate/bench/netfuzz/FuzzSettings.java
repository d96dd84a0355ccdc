package io.grantgate.bench.netfuzz;

import java.time.Duration;

/**
 * One run's parameters.
 *
 * @param closeLimit how long the gateway may take to close after a client's FIN
 * @param handshakeTimeout the gateway's {@code limits.handshake-timeout}
 * @param maxHeapGrowthBytes heap after GC may grow this much from the start sample to the end one
 * @param maxThreadGrowth threads may grow this much from the start sample to the end one
 */
public record FuzzSettings(
        int sessions,
        long seed,
        int concurrency,
        Duration closeLimit,
        Duration handshakeTimeout,
        long maxHeapGrowthBytes,
        int maxThreadGrowth) {

    /** Open descriptors may grow this much: the pool's idle connections settle at their own pace. */
    static final int MAX_OPEN_FILE_GROWTH = 32;
}
