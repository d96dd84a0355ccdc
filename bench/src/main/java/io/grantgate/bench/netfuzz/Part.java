package io.grantgate.bench.netfuzz;

/** A piece of what a replay sends: bytes as planned, or an answer that only the gateway's reply makes. */
sealed interface Part {

    /** Bytes sent as they are: a frame, a mutated frame, TLS records. */
    record Bytes(byte[] data) implements Part {}

    /**
     * The client's answer to the AuthSwitchRequest after a COM_CHANGE_USER, computed from that
     * request's fresh scramble; nothing is sent when no request comes.
     */
    record ChangeUserReply() implements Part {}
}
