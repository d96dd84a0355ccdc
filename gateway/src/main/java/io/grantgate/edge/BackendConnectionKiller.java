package io.grantgate.edge;

import io.grantgate.account.BackendSecret;
import io.grantgate.account.MasterKey;
import io.grantgate.backend.BackendConnectOptions;
import io.grantgate.backend.BackendConnection;
import io.grantgate.backend.BackendCredentials;
import io.grantgate.backend.BackendEndpoint;
import io.grantgate.backend.BackendException;
import io.grantgate.catalog.Account;
import io.grantgate.catalog.BackendAccount;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kills a session's backend connection (revocation, KILL CONNECTION) or its running statement (KILL
 * QUERY) from a second connection of the same backend account, on the node the connection is on: an
 * account may always KILL its own connections, so the gateway needs no admin login on the backend.
 */
public final class BackendConnectionKiller implements BackendKiller {

    private static final Logger log = LoggerFactory.getLogger(BackendConnectionKiller.class);

    private final MasterKey masterKey;

    public BackendConnectionKiller(MasterKey masterKey) {
        this.masterKey = masterKey;
    }

    @Override
    public void kill(Account account, BackendEndpoint node, long backendConnectionId, boolean queryOnly) {
        BackendAccount backend = account.backend()
                .orElseThrow(() ->
                        new IllegalStateException("account '" + account.user().value() + "' has no backend account"));
        BackendCredentials credentials = new BackendCredentials(
                backend.user(), BackendSecret.password(masterKey, backend.user(), backend.secretVersion()));
        try (BackendConnection killer = BackendConnection.open(node, credentials, BackendConnectOptions.defaults())) {
            killer.query((queryOnly ? "KILL QUERY " : "KILL CONNECTION ") + backendConnectionId);
        } catch (BackendException e) {
            log.debug("KILL of backend connection {} failed: {}", backendConnectionId, e.getMessage());
        }
    }
}
