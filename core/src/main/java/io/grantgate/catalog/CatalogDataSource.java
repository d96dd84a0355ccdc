package io.grantgate.catalog;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.grantgate.auth.Secret;

/** Opens the connection pool to the catalog schema. */
public final class CatalogDataSource {

    private CatalogDataSource() {}

    /**
     * A small pool: the catalog is read on start-up and on each version change, and written by
     * admin commands, never on the per-query path.
     *
     * @param poolName shows in Hikari's log lines and metrics, e.g. {@code catalog}
     */
    public static HikariDataSource open(CatalogSettings settings, String poolName) {
        return open(settings.jdbcUrl(), settings.user(), settings.password(), poolName);
    }

    /** The same small pool for another admin login, such as the backend's for provisioning. */
    public static HikariDataSource open(String jdbcUrl, String user, Secret password, String poolName) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(poolName);
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password.reveal());
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(10_000);
        // The gateway's audit writer inserts login and session events in batches: sent as one
        // multi-row INSERT instead of a round trip per row, and without the server round trip
        // Connector/J otherwise makes before each batch to ask whether the session is read-only
        // (our code changes session state through the JDBC API only, so the driver's own record of
        // it is exact). With batches gathered for 200 ms they took the gateway's catalog writer from
        // 34 % to 12 % of the gateway's CPU in the connection churn bench (bench/README.md "Login cost").
        config.addDataSourceProperty("rewriteBatchedStatements", "true");
        config.addDataSourceProperty("useLocalSessionState", "true");
        // fail at once with the driver's own message (wrong password, unknown host) instead of
        // retrying in the background
        config.setInitializationFailTimeout(1);
        try {
            return new HikariDataSource(config);
        } catch (HikariPool.PoolInitializationException e) {
            throw new DatabaseUnreachableException(jdbcUrl, user, e.getCause() == null ? e : e.getCause());
        }
    }
}
