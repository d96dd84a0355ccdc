package io.grantgate.edge;

import io.grantgate.catalog.Account;

/** Ends a backend connection and its running statement, for a session revoked mid-statement. */
@FunctionalInterface
public interface BackendKiller {

    void kill(Account account, long backendConnectionId);
}
