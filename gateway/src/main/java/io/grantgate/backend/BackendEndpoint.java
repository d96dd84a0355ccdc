package io.grantgate.backend;

import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * Where a backend listens and whether the gateway talks TLS to it.
 *
 * <p>TLS trusts what the given {@link SSLContext} trusts; without one, the JDK's default context and
 * its default trust store. There is deliberately no "trust everything" switch, not even for loopback:
 * a gateway that logs in with derived secrets must not hand them to whoever answers on the port.
 * Host name verification is on unless turned off explicitly (for a backend reached by IP address
 * whose certificate names only a host name).
 *
 * @param host           name or address of the backend
 * @param port           its TCP port
 * @param useTls         upgrade with an SslRequest after the greeting; fail if the server cannot
 * @param sslContext     the trust (and, for client certificates, key) material; empty for the JDK default
 * @param verifyHostname check the server certificate's names against {@code host}
 */
public record BackendEndpoint(
        String host, int port, boolean useTls, Optional<SSLContext> sslContext, boolean verifyHostname) {

    public BackendEndpoint {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(sslContext, "sslContext");
        if (host.isBlank()) {
            throw new IllegalArgumentException("backend host is blank");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("backend port out of range: " + port);
        }
        if (!useTls && sslContext.isPresent()) {
            throw new IllegalArgumentException("an SSLContext was given but TLS is off");
        }
    }

    /** Plain TCP. */
    public static BackendEndpoint plain(String host, int port) {
        return new BackendEndpoint(host, port, false, Optional.empty(), false);
    }

    /** TLS with the given context's trust, verifying the host name. */
    public static BackendEndpoint tls(String host, int port, SSLContext context) {
        return new BackendEndpoint(host, port, true, Optional.of(context), true);
    }

    @Override
    public String toString() {
        return host + ":" + port + (useTls ? " (TLS)" : "");
    }
}
