package io.grantgate.edge;

import io.grantgate.backend.BackendConnectOptions;
import io.grantgate.backend.BackendConnection;
import io.grantgate.backend.BackendCredentials;
import io.grantgate.backend.BackendEndpoint;
import io.grantgate.backend.BackendException;
import io.grantgate.catalog.Account;
import io.grantgate.catalog.BackendAccount;
import io.grantgate.protocol.constant.CapabilityFlag;
import io.grantgate.protocol.constant.Capabilities;
import io.grantgate.protocol.constant.MySqlError;
import io.grantgate.provision.BackendSecret;
import io.grantgate.provision.MasterKey;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a backend connection per session, logged in as the account's backend account with the
 * password derived from the master key, asking for exactly the client's wire-format capabilities.
 * (Pooling pre-authenticated connections is the next step; this is the correct baseline.)
 */
public final class DirectBackendConnector implements BackendConnector, BackendKiller {

    private static final Logger log = LoggerFactory.getLogger(DirectBackendConnector.class);

    private final BackendEndpoint endpoint;
    private final MasterKey masterKey;
    private final BackendConnectOptions options;

    public DirectBackendConnector(BackendEndpoint endpoint, MasterKey masterKey, BackendConnectOptions options) {
        this.endpoint = endpoint;
        this.masterKey = masterKey;
        this.options = options;
    }

    @Override
    public BackendLease borrow(Account account, Capabilities clientCapabilities, int characterSet, Optional<String> schema)
            throws BackendRefusedException {
        BackendConnectOptions asked = options
                .withRequested(clientCapabilities.without(CapabilityFlag.CLIENT_SSL, CapabilityFlag.CLIENT_CONNECT_WITH_DB,
                        CapabilityFlag.CLIENT_CONNECT_ATTRS))
                .withCharacterSet(characterSet);
        if (schema.isPresent() && !schema.get().isEmpty()) {
            asked = asked.withSchema(schema.get());
        }
        try {
            return new Lease(BackendConnection.open(endpoint, credentials(account), asked));
        } catch (BackendException e) {
            throw new BackendRefusedException(e.serverError().orElse(MySqlError.ER_INTERNAL_ERROR.err("the backend is unreachable")), e);
        }
    }

    @Override
    public void kill(Account account, long backendConnectionId) {
        try (BackendConnection killer = BackendConnection.open(endpoint, credentials(account), options)) {
            killer.query("KILL CONNECTION " + backendConnectionId);
        } catch (BackendException e) {
            log.debug("KILL of backend connection {} failed: {}", backendConnectionId, e.getMessage());
        }
    }

    private BackendCredentials credentials(Account account) {
        BackendAccount backend = account.backend().orElseThrow(() -> new IllegalStateException(
                "account '" + account.user().value() + "' has no backend account"));
        return new BackendCredentials(backend.user(), BackendSecret.password(masterKey, backend.user(), backend.secretVersion()));
    }

    /** A session's connection; closing it ends the backend session (nothing to reset without a pool). */
    private static final class Lease extends ConnectionLease {

        Lease(BackendConnection connection) {
            super(connection);
        }

        @Override
        public void release(boolean broken) {
            if (broken) {
                connection.markBroken();
            }
            connection.close();
        }
    }
}
