package io.grantgate.protocol.proxy;

import java.util.Objects;
import java.util.Optional;

/**
 * A decoded PROXY protocol header: what a load balancer in front of the gateway says about the
 * connection it relays.
 *
 * @param version 1 (the text line) or 2 (the binary header)
 * @param kind whether the header names the client ({@link Kind#PROXIED}) or tells the receiver to use
 *     the connection's own endpoints
 * @param connection the client's and the proxy's original endpoints; present exactly for
 *     {@link Kind#PROXIED}
 */
public record ProxyHeader(int version, Kind kind, Optional<ProxiedConnection> connection) {

    /** What the header says about the connection. */
    public enum Kind {
        /** The connection was relayed for a client: {@link #connection()} names it. */
        PROXIED,
        /**
         * Version 2's LOCAL command: the proxy opened the connection itself (a health check); the
         * connection's own endpoints apply.
         */
        LOCAL,
        /**
         * Version 1's {@code UNKNOWN}, or a version 2 address family or transport the gateway does not
         * take (UNSPEC, UNIX sockets, datagrams): the specification has the receiver use the
         * connection's own endpoints.
         */
        UNKNOWN
    }

    public ProxyHeader {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(connection, "connection");
        if (connection.isPresent() != (kind == Kind.PROXIED)) {
            throw new IllegalArgumentException(
                    kind + " header " + (connection.isPresent() ? "with" : "without") + " addresses");
        }
    }

    static ProxyHeader proxied(int version, ProxiedConnection connection) {
        return new ProxyHeader(version, Kind.PROXIED, Optional.of(connection));
    }

    static ProxyHeader ownEndpoints(int version, Kind kind) {
        return new ProxyHeader(version, kind, Optional.empty());
    }
}
