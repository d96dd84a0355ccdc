package io.grantgate.edge;

import io.grantgate.catalog.SessionBackend;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What an operator sees of one logged-in session ({@code admin sessions}): who, from where, since
 * when, and what it has done. The counters are read from another thread than the session's without
 * locking, so they are as of a recent moment, not an exact cut across them.
 *
 * @param connectionId the id the greeting gave the client (its {@code getId()}), unique on this gateway
 * @param tlsVersion the client connection's TLS protocol, empty for plain TCP
 * @param since when the account's session began (its login, or its COM_CHANGE_USER)
 * @param running a command is in flight: forwarded, its response not yet complete
 * @param bytesIn bytes the client sent for the backend: commands and LOCAL INFILE data, headers included
 * @param bytesOut bytes written to the client: responses and the gateway's own answers
 * @param commands commands the session sent, whether relayed or answered by the gateway
 * @param backend how it holds its backend connection: for its life, shared, or pinned and why
 */
public record SessionSummary(
        long connectionId,
        String user,
        String clientAddress,
        int clientPort,
        Optional<String> tlsVersion,
        Instant since,
        boolean running,
        long bytesIn,
        long bytesOut,
        long commands,
        SessionBackend backend) {

    public SessionSummary {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(clientAddress, "clientAddress");
        Objects.requireNonNull(tlsVersion, "tlsVersion");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(backend, "backend");
    }
}
