package io.grantgate.edge;

import io.grantgate.backend.BackendConnection;
import io.grantgate.backend.BackendException;
import io.grantgate.backend.BackendPool;
import io.grantgate.backend.BackendPoolKey;
import io.grantgate.backend.BackendPoolStats;
import io.grantgate.catalog.Account;
import io.grantgate.protocol.constant.Capabilities;
import io.grantgate.protocol.constant.MySqlError;
import io.grantgate.provision.AccountMirror;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backend connections from a pool, keyed by backend account and wire format: a new session gets an
 * already authenticated connection, and gives it back reset (COM_RESET_CONNECTION) when it ends. A
 * connection left mid-response, or whose reset fails, is discarded instead. While a session holds it,
 * reads from the backend have no timeout: a statement runs as long as the backend lets it.
 *
 * <p>COM_RESET_CONNECTION keeps the default schema, so a session that names none may find the one
 * its account's previous session used; it is the same account, so no privilege crosses over.
 */
public final class PooledBackendConnector implements BackendConnector {

    private static final Logger log = LoggerFactory.getLogger(PooledBackendConnector.class);

    private final BackendPool pool;

    public PooledBackendConnector(BackendPool pool) {
        this.pool = pool;
    }

    @Override
    public BackendLease borrow(Account account, Capabilities clientCapabilities, int characterSet, Optional<String> schema)
            throws BackendRefusedException {
        BackendPoolKey key = BackendPoolKey.of(AccountMirror.loginOf(account), clientCapabilities, characterSet);
        BackendConnection connection;
        try {
            connection = pool.borrow(key);
        } catch (BackendException e) {
            throw new BackendRefusedException(e.serverError().orElse(e.toErrPacket()), e);
        }
        if (schema.isPresent() && !schema.get().isEmpty()) {
            try {
                connection.initDb(schema.get());
            } catch (BackendException e) {
                pool.release(connection);
                throw new BackendRefusedException(e.serverError().orElse(MySqlError.ER_BAD_DB_ERROR.err(schema.get())), e);
            }
        }
        try {
            // the relay waits for a response as long as the statement runs, as a MySQL client does;
            // the connection's own short timeout would cut off any statement slower than it
            connection.readTimeout(Duration.ZERO);
        } catch (BackendException e) {
            pool.returnBroken(connection);
            throw new BackendRefusedException(e.toErrPacket(), e);
        }
        return new Lease(connection);
    }

    public BackendPoolStats stats() {
        return pool.stats();
    }

    /** A pooled connection; released reset, or discarded when broken. */
    private final class Lease implements BackendLease {

        private final BackendConnection connection;

        Lease(BackendConnection connection) {
            this.connection = connection;
        }

        @Override
        public InputStream in() {
            return connection.input();
        }

        @Override
        public OutputStream out() {
            return connection.output();
        }

        @Override
        public Capabilities capabilities() {
            return connection.capabilities();
        }

        @Override
        public long connectionId() {
            return connection.connectionId();
        }

        @Override
        public void release(boolean broken) {
            if (broken) {
                pool.returnBroken(connection);
                return;
            }
            try {
                // the reset, and the pool's pings later, must not wait for ever on a backend gone silent
                connection.readTimeout(connection.commandTimeout());
                connection.resetConnection();
                pool.release(connection);
            } catch (BackendException e) {
                log.debug("reset of backend connection {} failed, discarding it: {}", connection.connectionId(), e.getMessage());
                pool.returnBroken(connection);
            }
        }
    }
}
