package io.grantgate.edge;

import io.grantgate.backend.BackendEndpoint;
import io.grantgate.catalog.Account;

/** Ends a backend connection, or only its running statement, from outside the session that holds it. */
@FunctionalInterface
public interface BackendKiller {

    /**
     * @param node the backend node the connection is on (ids are per node)
     * @param queryOnly KILL QUERY (the statement stops, the connection stays) rather than KILL CONNECTION
     */
    void kill(Account account, BackendEndpoint node, long backendConnectionId, boolean queryOnly);
}
