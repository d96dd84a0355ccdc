package io.grantgate.edge;

import io.grantgate.catalog.Account;
import io.grantgate.protocol.constant.Capabilities;
import io.grantgate.protocol.message.server.ErrPacket;
import java.util.Optional;

/** Hands a session a backend connection for its account, with the wire format the client asked for. */
public interface BackendConnector {

    /**
     * @param clientCapabilities what the client announced; the lease's capabilities are the subset
     *     both sides support
     * @param schema the default schema from the handshake, applied before the lease is returned
     * @throws BackendRefusedException with the backend's own ERR (e.g. 1049 unknown database)
     */
    BackendLease borrow(Account account, Capabilities clientCapabilities, int characterSet, Optional<String> schema)
            throws BackendRefusedException;

    /** The backend answered a connection or USE with an error, passed to the client unchanged. */
    final class BackendRefusedException extends Exception {
        private final ErrPacket err;

        public BackendRefusedException(ErrPacket err, Throwable cause) {
            super(err.errorCode() + " (" + err.sqlState() + "): " + err.message(), cause);
            this.err = err;
        }

        public ErrPacket err() {
            return err;
        }
    }
}
