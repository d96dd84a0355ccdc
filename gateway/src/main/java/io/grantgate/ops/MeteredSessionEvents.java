package io.grantgate.ops;

import io.grantgate.edge.LoginOutcome.Reason;
import io.grantgate.edge.SessionEvents;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;

/**
 * Session events as Prometheus counters: logins by outcome and reason, session ends, refusals, PROXY
 * protocol headers taken and refused.
 */
public final class MeteredSessionEvents implements SessionEvents {

    private final MeterRegistry registry;

    public MeteredSessionEvents(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void loginAccepted(String user, InetAddress client, long connectionId, boolean tls) {
        registry.counter("grantgate_logins_accepted", "tls", Boolean.toString(tls))
                .increment();
    }

    @Override
    public void loginDenied(String user, InetAddress client, long connectionId, Reason reason) {
        // the reason, never the user name: label values must stay few, and names are untrusted
        registry.counter("grantgate_logins_denied", "reason", reason.code()).increment();
    }

    @Override
    public void sessionEnded(String user, long connectionId, String ending) {
        // revoked stays true for an expiry too, as before the ending label told them apart
        registry.counter(
                        "grantgate_sessions_ended",
                        "revoked",
                        Boolean.toString("revoked".equals(ending) || "expired".equals(ending)),
                        "ending",
                        ending)
                .increment();
    }

    @Override
    public void refused(InetAddress client, String why) {
        registry.counter("grantgate_connections_refused").increment();
    }

    @Override
    public void proxyHeaderAccepted(int version) {
        registry.counter("grantgate_proxy_headers_accepted", "version", Integer.toString(version))
                .increment();
    }

    @Override
    public void proxyHeaderRefused(String reason) {
        registry.counter("grantgate_proxy_headers_refused", "reason", reason).increment();
    }
}
