package io.grantgate.ops;

import com.zaxxer.hikari.HikariDataSource;
import io.grantgate.catalog.CatalogDataSource;
import io.grantgate.catalog.CatalogSettings;
import io.grantgate.catalog.DatabaseUnreachableException;
import io.grantgate.migrations.CatalogMigrationException;
import io.grantgate.migrations.CatalogMigrator;
import io.grantgate.migrations.MigrationReport;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every gateway does before it serves: reach the catalog, bring its schema up to date, and
 * learn which server it runs on. A gateway never starts without a valid catalog.
 *
 * <p>A catalog already up to date is only validated, never migrated: the least-privilege login
 * {@code admin init} creates for the gateways may read the schema but not change it, and so starts
 * a gateway on a catalog the admin migrated. A login that may change it (the embedded set-up's,
 * or any admin-like login) still creates and migrates the catalog as before.
 */
public final class CatalogStartup {

    private static final Logger log = LoggerFactory.getLogger(CatalogStartup.class);

    private CatalogStartup() {}

    /** The open catalog pool and what start-up found. */
    public record Result(HikariDataSource dataSource, MigrationReport migration, String serverVersion) {}

    /**
     * Migrates the catalog and opens the pool the gateway keeps.
     *
     * @throws SQLException when the catalog cannot be reached
     */
    public static Result migrateAndOpen(CatalogSettings settings) throws SQLException {
        MigrationReport report = upToDate(settings).orElseGet(() -> migrate(settings));
        if (report.migrationsApplied() > 0) {
            log.info(
                    "catalog schema migrated from version {} to {} ({} migrations)",
                    report.versionBefore() == null ? "<empty>" : report.versionBefore(),
                    report.versionAfter(),
                    report.migrationsApplied());
        } else {
            log.info("catalog schema is up to date at version {}", report.versionAfter());
        }
        HikariDataSource pool = CatalogDataSource.open(settings, "catalog");
        try (Connection c = pool.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT VERSION()")) {
            rs.next();
            return new Result(pool, report, rs.getString(1));
        } catch (SQLException | RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /**
     * What the catalog stands at when it exists, is valid and has nothing pending; empty otherwise,
     * including when it cannot be read at all (a missing schema): then {@link #migrate} creates it,
     * or reports the failure with the migration login's URL.
     */
    private static Optional<MigrationReport> upToDate(CatalogSettings settings) {
        try (HikariDataSource pool = CatalogDataSource.open(settings, "catalog-check")) {
            CatalogMigrator migrator = new CatalogMigrator(pool);
            MigrationReport info = migrator.info();
            boolean current = info.versionAfter() != null
                    && info.upToDate()
                    && migrator.validate().isEmpty();
            return current ? Optional.of(info) : Optional.empty();
        } catch (DatabaseUnreachableException | CatalogMigrationException e) {
            log.debug("catalog not readable as it stands, migrating: {}", e.getMessage());
            return Optional.empty();
        }
    }

    private static MigrationReport migrate(CatalogSettings settings) {
        try (HikariDataSource migrationPool = CatalogDataSource.open(settings.creatingSchema(), "catalog-migration")) {
            return new CatalogMigrator(migrationPool).migrate();
        }
    }
}
