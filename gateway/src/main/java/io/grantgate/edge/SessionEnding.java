package io.grantgate.edge;

import java.io.IOException;
import java.net.SocketTimeoutException;

/**
 * The audit's word for how an account session ended (the {@code ending} of a {@code session_end}
 * event), from the reason the relay paths give in their own words or from the exception that ended
 * the session.
 */
final class SessionEnding {

    static final String QUIT = "quit";
    static final String CLIENT_VANISHED = "client_vanished";
    static final String REVOKED = "revoked";
    /** Its host pattern or a grant it had reached its end ({@code admin grant --for}). */
    static final String EXPIRED = "expired";

    static final String KILLED = "killed";
    static final String BACKEND_LOST = "backend_lost";
    static final String GATEWAY_STOPPED = "gateway_stopped";
    static final String IDLE_TIMEOUT = "idle_timeout";
    static final String CHANGED_USER = "changed_user";
    static final String PROTOCOL_ERROR = "protocol_error";
    static final String ERROR = "error";

    private SessionEnding() {}

    /** From a reason as {@code CommandLoop}, the relay loops and {@code SessionRegistry} word it. */
    static String of(String why) {
        if (why.equals("client quit")) {
            return QUIT;
        }
        if (why.equals(REVOKED)) {
            return REVOKED;
        }
        if (why.equals(EXPIRED)) {
            return EXPIRED;
        }
        if (why.equals("killed")) {
            return KILLED;
        }
        if (why.equals("the gateway is stopping")) {
            return GATEWAY_STOPPED;
        }
        if (why.startsWith("protocol error") || why.equals("packet too large")) {
            return PROTOCOL_ERROR;
        }
        if (why.contains("backend")) {
            return BACKEND_LOST;
        }
        if (why.startsWith("client closed") || why.equals("connection closed")) {
            return CLIENT_VANISHED;
        }
        return ERROR;
    }

    /** From the exception that ended the session on its thread. */
    static String of(IOException e) {
        if (e instanceof FrameRelay.BackendGoneException) {
            return BACKEND_LOST;
        }
        if (e instanceof SocketTimeoutException) {
            return IDLE_TIMEOUT;
        }
        return CLIENT_VANISHED;
    }
}
