package io.grantgate.protocol.compress;

import io.grantgate.protocol.PacketHeader;

/**
 * The compressed sequence id of one connection, shared by its two directions: a side's next frame
 * carries the id after the last frame either side sent. A client starts each command at 0, so the
 * count follows it without knowing where commands begin. Not thread-safe.
 */
public final class CompressionSequence {

    private int next;

    /** The id for a frame about to be sent; the one after it is next. */
    int take() {
        int id = next;
        next = PacketHeader.next(id);
        return id;
    }

    /** A frame with this id arrived: the next frame, either way, follows it. */
    void received(int sequenceId) {
        next = PacketHeader.next(sequenceId);
    }
}
