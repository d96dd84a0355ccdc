package io.grantgate.bench.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** An ERR packet from the server, as an exception: code, SQLSTATE and message. */
public final class ServerError extends IOException {

    private final int code;

    private ServerError(int code, String message) {
        super(message);
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** @param withSqlState false before the handshake, when the server sends no SQLSTATE marker */
    static ServerError from(Packet packet, boolean withSqlState) {
        byte[] p = packet.copy();
        int code = Payload.int2(p, 1);
        int pos = 3;
        String state = "";
        if (withSqlState && p.length > 9 && p[3] == '#') {
            state = new String(p, 4, 5, StandardCharsets.US_ASCII);
            pos = 9;
        }
        String text = new String(p, pos, p.length - pos, StandardCharsets.UTF_8);
        return new ServerError(code, "ERROR " + code + (state.isEmpty() ? "" : " (" + state + ")") + ": " + text);
    }
}
