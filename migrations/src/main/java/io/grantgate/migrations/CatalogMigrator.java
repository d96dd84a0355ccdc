package io.grantgate.migrations;

import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.output.ValidateResult;

/**
 * Brings the catalog schema to the latest version and reports where it stands.
 *
 * <p>The gateway calls {@link #migrate()} at start-up and {@code admin migrate} calls it on demand;
 * both get the same Flyway configuration from here, so there is exactly one idea of "the catalog
 * schema". {@code clean} is disabled: nothing in GrantGate may drop the catalog.
 */
public final class CatalogMigrator {

    /** Where the catalog's Flyway scripts live on the class path. */
    public static final String LOCATION = "classpath:db/migration";

    private final Flyway flyway;

    /**
     * @param dataSource connections to the catalog schema itself (the JDBC URL names the schema)
     */
    public CatalogMigrator(DataSource dataSource) {
        this.flyway = Flyway.configure(CatalogMigrator.class.getClassLoader())
                .dataSource(dataSource)
                .locations(LOCATION)
                .cleanDisabled(true)
                .validateOnMigrate(true)
                .validateMigrationNaming(true)
                .outOfOrder(false)
                .load();
    }

    /**
     * Applies every pending migration, after validating the ones already applied.
     *
     * @throws CatalogMigrationException when validation fails or a script fails
     */
    public MigrationReport migrate() {
        try {
            MigrateResult result = flyway.migrate();
            return new MigrationReport(
                    result.initialSchemaVersion,
                    result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion,
                    result.migrationsExecuted,
                    List.of());
        } catch (FlywayException e) {
            throw new CatalogMigrationException("catalog migration failed: " + e.getMessage(), e);
        }
    }

    /**
     * Checks that the applied migrations match the scripts on the class path, changing nothing.
     *
     * @return the problems found; empty when the catalog is valid and up to date
     */
    public List<String> validate() {
        try {
            ValidateResult result = flyway.validateWithResult();
            if (result.validationSuccessful) {
                return List.of();
            }
            return result.invalidMigrations.stream()
                    .map(m -> "V" + m.version + " " + m.description + ": " + m.errorDetails.errorMessage)
                    .toList();
        } catch (FlywayException e) {
            throw new CatalogMigrationException("catalog validation failed: " + e.getMessage(), e);
        }
    }

    /** Where the catalog stands: its current version and what is still pending. Changes nothing. */
    public MigrationReport info() {
        try {
            var info = flyway.info();
            MigrationInfo current = info.current();
            String version = current == null ? null : current.getVersion().getVersion();
            List<String> pending = Arrays.stream(info.pending())
                    .map(m -> "V" + m.getVersion().getVersion() + "__"
                            + m.getDescription().replace(' ', '_'))
                    .toList();
            return new MigrationReport(version, version, 0, pending);
        } catch (FlywayException e) {
            throw new CatalogMigrationException("cannot read the catalog's schema history: " + e.getMessage(), e);
        }
    }
}
