package io.grantgate.bench.client;

/**
 * One packet as read: its header, its first payload byte (-1 when empty), and the payload when it
 * was read whole (null when only the header and first byte were).
 */
record Packet(int length, int sequenceId, int firstByte, byte[] payload) {

    /** The payload, which must have been read whole. */
    byte[] copy() {
        if (payload == null) {
            throw new IllegalStateException("only the header of this packet was read");
        }
        return payload;
    }
}
