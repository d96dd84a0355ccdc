package io.grantgate.bench.netfuzz;

/** The kinds of damage a session can get; a plan names each it applied with its details. */
enum Mutation {
    BIT_FLIP,
    INSERT_BYTES,
    DELETE_BYTES,
    CUT,
    REPEAT_PACKET,
    REORDER_PACKETS,
    DROP_PACKET,
    CORRUPT_LENGTH,
    CORRUPT_SEQUENCE_ID,
    ONE_BYTE_WRITES,
    STALL,
    RESET,
    CLOSE_EARLY,
    /** Recorded logins only: the stream stops inside the login and the client waits. */
    HANDSHAKE_STALL
}
