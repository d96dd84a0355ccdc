package io.grantgate.edge;

import io.grantgate.edge.LoginOutcome.Reason;
import java.net.InetAddress;

/** What sessions report, for metrics and the audit trail; implementations must not block for long. */
public interface SessionEvents {

    void loginAccepted(String user, InetAddress client, long connectionId, boolean tls);

    void loginDenied(String user, InetAddress client, long connectionId, Reason reason);

    void sessionEnded(String user, long connectionId, String why);

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
        public void sessionEnded(String user, long connectionId, String why) {}

        @Override
        public void refused(InetAddress client, String why) {}
    };
}
