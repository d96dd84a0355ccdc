package io.grantgate.migrations;

import java.util.List;

/**
 * What a migration run found and did.
 *
 * @param versionBefore the schema version before the run; {@code null} for an empty schema
 * @param versionAfter the schema version after the run; {@code null} if still empty
 * @param migrationsApplied how many scripts the run applied (0 when already up to date)
 * @param pending scripts not yet applied (filled by {@link CatalogMigrator#info()} only)
 */
public record MigrationReport(String versionBefore, String versionAfter, int migrationsApplied, List<String> pending) {

    public MigrationReport {
        if (migrationsApplied < 0) {
            throw new IllegalArgumentException("migrationsApplied must be >= 0, was " + migrationsApplied);
        }
        pending = List.copyOf(pending);
    }

    /** True when nothing is pending after this report. */
    public boolean upToDate() {
        return pending.isEmpty();
    }
}
