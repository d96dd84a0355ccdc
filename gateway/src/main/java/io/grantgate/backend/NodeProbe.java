package io.grantgate.backend;

/**
 * Checks one backend node over a connection of its own, kept open between checks: a COM_PING, or
 * for a Galera node its wsrep status ({@link GaleraState}). When the kept connection fails, the check
 * is tried once more on a fresh one before the node is judged, so that losing that one connection
 * (a KILL of it, a timeout) does not take a healthy node out; a node that is gone refuses the fresh
 * connect at once. Used by one thread at a time.
 */
final class NodeProbe implements AutoCloseable {

    private final BackendEndpoint node;
    private final BackendCredentials login;
    private final BackendConnectOptions options;
    private BackendConnection connection;
    private boolean galera;

    NodeProbe(BackendEndpoint node, BackendCredentials login, HealthCheckTimings timings) {
        this.node = node;
        this.login = login;
        this.options = BackendConnectOptions.defaults().withTimeouts(timings.timeout(), timings.timeout());
    }

    BackendEndpoint node() {
        return node;
    }

    NodeHealth check() {
        boolean fresh = connection == null;
        try {
            return checkOnce();
        } catch (BackendException first) {
            close();
            if (fresh) {
                return NodeHealth.out(first.getMessage());
            }
            try {
                return checkOnce();
            } catch (BackendException second) {
                close();
                return NodeHealth.out(second.getMessage());
            }
        }
    }

    private NodeHealth checkOnce() throws BackendException {
        if (connection == null) {
            connection = BackendConnection.open(node, login, options);
            galera = GaleraState.isGaleraNode(connection.queryRows(GaleraState.WSREP_ON_QUERY));
        }
        if (galera) {
            return GaleraState.judge(connection.queryRows(GaleraState.STATUS_QUERY));
        }
        connection.ping();
        return NodeHealth.IN_SERVICE;
    }

    @Override
    public void close() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }
}
