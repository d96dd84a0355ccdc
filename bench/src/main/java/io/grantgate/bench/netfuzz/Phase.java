package io.grantgate.bench.netfuzz;

/** Which part of a session a recorded piece of the client's stream belongs to. */
public enum Phase {
    /** The HandshakeResponse41 (or SSLRequest) and the client's side of the auth exchange: one whole frame each. */
    LOGIN(1),
    /** A command-phase frame. */
    COMMAND(2),
    /**
     * The client's answer to the AuthSwitchRequest that follows a COM_CHANGE_USER: it depends on that
     * connection's scramble, so a replay computes it afresh.
     */
    CHANGE_USER_AUTH(3),
    /** What the client sent after its SSLRequest: TLS records, as they came, not frames. */
    TLS(4);

    private final int code;

    Phase(int code) {
        this.code = code;
    }

    int code() {
        return code;
    }

    static Phase of(int code) {
        for (Phase phase : values()) {
            if (phase.code == code) {
                return phase;
            }
        }
        throw new IllegalArgumentException("no phase " + code);
    }
}
