package io.grantgate.ops;

import com.zaxxer.hikari.HikariDataSource;
import io.grantgate.catalog.CatalogDataSource;
import io.grantgate.catalog.CatalogSettings;
import io.grantgate.migrations.CatalogMigrator;
import io.grantgate.migrations.MigrationReport;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every gateway does before it serves: reach the catalog, bring its schema up to date, and
 * learn which server it runs on. A gateway never starts without a valid catalog.
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
        MigrationReport report;
        try (HikariDataSource migrationPool = CatalogDataSource.open(settings.creatingSchema(), "catalog-migration")) {
            report = new CatalogMigrator(migrationPool).migrate();
        }
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
}
