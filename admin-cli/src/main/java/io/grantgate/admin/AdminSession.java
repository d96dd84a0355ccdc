package io.grantgate.admin;

import com.zaxxer.hikari.HikariDataSource;
import io.grantgate.account.MasterKey;
import io.grantgate.catalog.CatalogDataSource;
import io.grantgate.catalog.CatalogSettings;
import io.grantgate.config.AdminProperties;
import io.grantgate.config.BackendSettings;
import io.grantgate.config.CatalogOptions;
import io.grantgate.provision.BackendTarget;
import io.grantgate.provision.ChangeRunner;
import io.grantgate.provision.Dialect;
import io.grantgate.provision.ExpirySweep;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * What one admin command works with: the catalog pool, the backend admin pool, and (on first use)
 * the backend's dialect and the master key. Opened per command, closed at its end.
 */
final class AdminSession implements AutoCloseable {

    private final CatalogOptions options;
    private final HikariDataSource catalog;
    private final BackendSettings backendSettings;
    private HikariDataSource backend;
    private BackendTarget target;

    private AdminSession(CatalogOptions options, HikariDataSource catalog, BackendSettings backendSettings) {
        this.options = options;
        this.catalog = catalog;
        this.backendSettings = backendSettings;
    }

    static AdminSession open(CatalogOptions options) throws IOException {
        CatalogSettings settings = options.settings();
        Optional<AdminProperties> file = options.properties();
        HikariDataSource catalog = CatalogDataSource.open(settings, "admin-catalog");
        return new AdminSession(options, catalog, BackendSettings.resolve(options.environment(), file, settings));
    }

    HikariDataSource catalog() {
        return catalog;
    }

    BackendSettings backendSettings() {
        return backendSettings;
    }

    HikariDataSource backend() {
        if (backend == null) {
            backend = CatalogDataSource.open(
                    backendSettings.jdbcUrl(), backendSettings.user(), backendSettings.password(), "admin-backend");
        }
        return backend;
    }

    /** The backend's dialect and the master key; read once, on first use. */
    BackendTarget target() throws IOException, SQLException {
        if (target == null) {
            Dialect dialect;
            try (Connection c = backend().getConnection()) {
                dialect = Dialect.of(c);
            }
            target = new BackendTarget(dialect, masterKey(), backendSettings.accountHost());
        }
        return target;
    }

    MasterKey masterKey() throws IOException {
        return MasterKey.resolve(options.environment(), options.masterKeyFile());
    }

    ChangeRunner runner() {
        return new ChangeRunner(catalog, backend(), actor());
    }

    /** Ends expired access, on this session's pools. */
    ExpirySweep sweep(BackendTarget backend) {
        return new ExpirySweep(catalog, runner(), backend);
    }

    /** Who is making changes, for the audit trail: the OS user and the catalog login. */
    static String actor() {
        return "admin:" + System.getProperty("user.name", "unknown");
    }

    @Override
    public void close() {
        if (backend != null) {
            backend.close();
        }
        catalog.close();
    }
}
