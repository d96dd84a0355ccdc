package io.grantgate.edge;

import java.util.concurrent.ArrayBlockingQueue;

/**
 * The relay's copy buffers, shared by all sessions and held only while a response is being relayed:
 * an idle session holds none, which is what makes ten thousand open sessions cheap. A bounded free
 * list; when it is empty a buffer is allocated, when it is full a returned one is dropped.
 */
final class RelayBuffers {

    /** Larger than nearly every row of an OLTP result, small enough to keep many of. */
    static final int SIZE = 16 * 1024;

    static final RelayBuffers SHARED = new RelayBuffers(512);

    private final ArrayBlockingQueue<byte[]> free;

    RelayBuffers(int keep) {
        this.free = new ArrayBlockingQueue<>(keep);
    }

    byte[] take() {
        byte[] buffer = free.poll();
        return buffer != null ? buffer : new byte[SIZE];
    }

    /** Takes back a buffer from {@link #take}; one of another size (a relay grew its own) is dropped. */
    void give(byte[] buffer) {
        if (buffer.length == SIZE) {
            free.offer(buffer);
        }
    }
}
