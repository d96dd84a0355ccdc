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
 * already authenticated connection, and gives it back reset ({@link BackendConnection#resetConnection()}) when it ends. A
 * connection left mid-response, or whose reset fails, is discarded instead. The reset also returns it
 * to no default schema, so a session that names none finds none, whatever the previous one chose.
 * While a session holds it, reads from the backend have no timeout: a statement runs as long as the
 * backend lets it.
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
            // a relayed statement may run for hours; and a blocking read without a timeout is one
            // system call, where a timed one on a platform thread is read, poll, read
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
                connection.resetConnection();
                pool.release(connection);
            } catch (BackendException e) {
                log.debug("reset of backend connection {} failed, discarding it: {}", connection.connectionId(), e.getMessage());
                pool.returnBroken(connection);
            }
        }
    }
}
