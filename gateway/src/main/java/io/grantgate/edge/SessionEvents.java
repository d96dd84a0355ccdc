package io.grantgate.edge;

import io.grantgate.edge.LoginOutcome.Reason;
import java.net.InetAddress;

/** What sessions report, for metrics and the audit trail; implementations must not block for long. */
public interface SessionEvents {

    void loginAccepted(String user, InetAddress client, long connectionId, boolean tls);

    void loginDenied(String user, InetAddress client, long connectionId, Reason reason);

    /**
     * An account session ended, however it did.
     *
     * @param ending the audit's word for how (a {@code session_end}'s {@code ending}: quit,
     *     client_vanished, revoked, expired, killed, backend_lost, …; docs/audit.md)
     */
    void sessionEnded(String user, long connectionId, String ending);

    void refused(InetAddress client, String why);

    /** A trusted load balancer's PROXY header, of {@code version} 1 or 2, was taken. */
    default void proxyHeaderAccepted(int version) {}

    /**
     * A connection was closed over its PROXY header: {@code missing}, {@code malformed} or
     * {@code timeout} from a trusted load balancer, {@code untrusted} for a header from anywhere else.
     */
    default void proxyHeaderRefused(String reason) {}

    /** For tests and tools that need none. */
    SessionEvents NONE = new SessionEvents() {
        @Override
        public void loginAccepted(String user, InetAddress client, long connectionId, boolean tls) {}

        @Override
        public void loginDenied(String user, InetAddress client, long connectionId, Reason reason) {}

        @Override
        public void sessionEnded(String user, long connectionId, String ending) {}

        @Override
        public void refused(InetAddress client, String why) {}
    };
}
