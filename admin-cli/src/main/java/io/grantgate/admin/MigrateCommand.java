package io.grantgate.admin;

import com.zaxxer.hikari.HikariDataSource;
import io.grantgate.catalog.CatalogDataSource;
import io.grantgate.catalog.CatalogSettings;
import io.grantgate.migrations.CatalogMigrator;
import io.grantgate.migrations.MigrationReport;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code admin migrate [--info]}: bring the catalog schema up to date, or say where it stands. */
@Command(
        name = "migrate",
        mixinStandardHelpOptions = true,
        header = "Migrate the catalog schema, or report where it stands.",
        description = {
            "Migrate the catalog schema to the latest version (creating the schema if",
            "missing), or with --info only report its version and pending migrations.",
            ""
        })
final class MigrateCommand extends CatalogCommand {

    @Option(names = "--info", description = "Report the schema version and pending migrations; change nothing.")
    private boolean info;

    /** What {@code --output json} prints. */
    record Result(String action, String versionBefore, String version, int migrationsApplied, List<String> pending) {}

    @Override
    public Integer call() throws Exception {
        CatalogSettings settings = catalog.settings();
        try (HikariDataSource pool = CatalogDataSource.open(info ? settings : settings.creatingSchema(), "admin")) {
            CatalogMigrator migrator = new CatalogMigrator(pool);
            MigrationReport report = info ? migrator.info() : migrator.migrate();
            Result result = new Result(
                    info ? "info" : "migrate",
                    report.versionBefore(),
                    report.versionAfter(),
                    report.migrationsApplied(),
                    report.pending());
            output.print(out(), result, describe(report));
            return 0;
        }
    }

    private String describe(MigrationReport report) {
        String version = report.versionAfter() == null ? "none (empty schema)" : report.versionAfter();
        if (info) {
            return report.pending().isEmpty()
                    ? "catalog schema version " + version + ", up to date"
                    : "catalog schema version " + version + "; pending: " + String.join(", ", report.pending())
                            + "\nrun 'admin migrate' to apply them";
        }
        if (report.migrationsApplied() == 0) {
            return "catalog schema already up to date at version " + version;
        }
        String before = report.versionBefore() == null ? "an empty schema" : "version " + report.versionBefore();
        return "catalog schema migrated from " + before + " to version " + version + " (" + report.migrationsApplied()
                + (report.migrationsApplied() == 1 ? " migration" : " migrations") + " applied)";
    }
}
