package io.grantgate.bench.netfuzz;

/**
 * How a replay writes its bytes: in random pieces or one byte per write, with or without a pause, and
 * how it ends. Places are fractions of the bytes to send, so that a cut stream keeps them meaningful.
 *
 * @param stallAt where to pause (0-1), or negative for no pause
 * @param endAt where the {@link #ending} happens (0-1): 1 sends everything first
 * @param chunkSeed the seed of the piece sizes
 */
record Delivery(boolean oneByteWrites, double stallAt, int stallMillis, Ending ending, double endAt, long chunkSeed) {

    static Delivery plain(long chunkSeed) {
        return new Delivery(false, -1, 0, Ending.HALF_CLOSE, 1, chunkSeed);
    }

    Delivery withOneByteWrites() {
        return new Delivery(true, stallAt, stallMillis, ending, endAt, chunkSeed);
    }

    Delivery withStall(double at, int millis) {
        return new Delivery(oneByteWrites, at, millis, ending, endAt, chunkSeed);
    }

    Delivery withEnding(Ending newEnding, double at) {
        return new Delivery(oneByteWrites, stallAt, stallMillis, newEnding, at, chunkSeed);
    }
}
