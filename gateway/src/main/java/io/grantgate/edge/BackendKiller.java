package io.grantgate.edge;

import io.grantgate.catalog.Account;

/** Ends a backend connection, or only its running statement, from outside the session that holds it. */
@FunctionalInterface
public interface BackendKiller {

    /** @param queryOnly KILL QUERY (the statement stops, the connection stays) rather than KILL CONNECTION */
    void kill(Account account, long backendConnectionId, boolean queryOnly);
}
