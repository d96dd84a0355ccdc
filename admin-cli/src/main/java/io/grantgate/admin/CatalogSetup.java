package io.grantgate.admin;

import com.zaxxer.hikari.HikariDataSource;
import io.grantgate.account.BackendLogin;
import io.grantgate.account.MasterKey;
import io.grantgate.account.SqlQuoting;
import io.grantgate.admin.InitStep.Outcome;
import io.grantgate.auth.Secret;
import io.grantgate.catalog.CatalogDataSource;
import io.grantgate.catalog.CatalogSettings;
import io.grantgate.catalog.DisplayText;
import io.grantgate.catalog.Grant;
import io.grantgate.config.AdminProperties;
import io.grantgate.migrations.CatalogMigrator;
import io.grantgate.migrations.MigrationReport;
import io.grantgate.provision.BackendExecutor;
import io.grantgate.provision.BackendGrants;
import io.grantgate.provision.BackendStatement;
import io.grantgate.provision.BackendStatements;
import io.grantgate.provision.Dialect;
import io.grantgate.provision.GatewayCatalogAccess;
import io.grantgate.provision.Passwords;
import io.grantgate.provision.ProvisioningException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The steps of {@code admin init}, each idempotent: the catalog schema (Flyway, as {@code admin
 * migrate}), the gateways' login and its grants ({@link GatewayCatalogAccess}), the master key, and
 * the two properties files. Each step looks at what is there first and changes only what is
 * missing; in a dry run it only says what it would change. Nothing is ever replaced: not a key, not
 * a password, not a file.
 */
final class CatalogSetup {

    /** The file with the gateways' catalog login, beside {@code admin.properties}. */
    static final String GATEWAY_PROPERTIES = "gateway.properties";

    private static final String GATEWAY_COMMENT =
            "GrantGate gateway login to the catalog (bin/grantgate --admin-properties). Private: keep mode 0600.";

    /** Where the setup goes and where its files are written. */
    record Target(
            CatalogSettings admin,
            String schema,
            BackendLogin gatewayLogin,
            Path adminProperties,
            Path gatewayProperties,
            Path masterKeyFile) {}

    private final Target target;
    private final boolean dryRun;
    private final Consumer<InitStep> progress;

    CatalogSetup(Target target, boolean dryRun, Consumer<InitStep> progress) {
        this.target = target;
        this.dryRun = dryRun;
        this.progress = progress;
    }

    /** Runs every step in order, reporting each as it ends; stops at the first failure. */
    void run(Connection server) throws IOException, SQLException, ProvisioningException {
        // what would be refused is refused before anything changes
        Optional<AdminProperties> gatewayFile = existingGatewayFile();
        Dialect dialect = Dialect.of(server);
        boolean loginExisted = BackendGrants.exists(server, target.gatewayLogin());
        Secret password = gatewayPassword(loginExisted, gatewayFile);
        report(catalogSchema(server));
        report(gatewayLogin(server, dialect, loginExisted, password));
        report(gatewayGrants(server, dialect, loginExisted));
        report(masterKey());
        report(gatewayProperties(gatewayFile, password));
        report(adminProperties());
    }

    private void report(InitStep step) {
        progress.accept(step);
    }

    private InitStep catalogSchema(Connection server) throws SQLException {
        String name = "catalog schema";
        boolean exists = schemaExists(server);
        if (dryRun) {
            if (!exists) {
                return new InitStep(
                        name, Outcome.planned, "would create " + quoted() + " and apply every migration to it");
            }
            try (HikariDataSource pool = CatalogDataSource.open(target.admin(), "admin-init")) {
                MigrationReport info = new CatalogMigrator(pool).info();
                return info.upToDate()
                        ? new InitStep(
                                name, Outcome.unchanged, quoted() + " up to date at version " + info.versionAfter())
                        : new InitStep(
                                name,
                                Outcome.planned,
                                "would migrate " + quoted() + " from version "
                                        + Optional.ofNullable(info.versionAfter())
                                                .orElse("none") + ": "
                                        + String.join(", ", info.pending()));
            }
        }
        MigrationReport report;
        try (HikariDataSource pool = CatalogDataSource.open(target.admin().creatingSchema(), "admin-init")) {
            report = new CatalogMigrator(pool).migrate();
        }
        if (report.migrationsApplied() == 0) {
            return new InitStep(name, Outcome.unchanged, quoted() + " up to date at version " + report.versionAfter());
        }
        String from = !exists
                ? "created " + quoted() + " and migrated it"
                : "migrated " + quoted() + " from "
                        + (report.versionBefore() == null ? "an empty schema" : "version " + report.versionBefore());
        return new InitStep(
                name,
                Outcome.done,
                from + " to version " + report.versionAfter() + " (" + report.migrationsApplied()
                        + (report.migrationsApplied() == 1 ? " migration)" : " migrations)"));
    }

    /**
     * The password the gateways log in with: the one their properties file already holds (a login
     * removed on the server is created again with it), else a new one. A login that exists while
     * the file does not cannot be used: its password is known nowhere, and replacing it would
     * lock out every gateway that has it.
     */
    private Secret gatewayPassword(boolean loginExists, Optional<AdminProperties> gatewayFile) {
        if (gatewayFile.isPresent()) {
            return gatewayFile.get().password();
        }
        if (loginExists) {
            throw new IllegalStateException("the gateway login "
                    + target.gatewayLogin().sql()
                    + " exists, but " + target.gatewayProperties() + ", which would hold its password, does not."
                    + " Copy that file back from a gateway host, or drop the login (DROP USER "
                    + target.gatewayLogin().sql() + ") to have a new one created, or name another with --gateway-user");
        }
        return Passwords.generate();
    }

    private InitStep gatewayLogin(Connection server, Dialect dialect, boolean exists, Secret password)
            throws SQLException, ProvisioningException {
        String name = "gateway login";
        if (exists) {
            return new InitStep(name, Outcome.unchanged, target.gatewayLogin().sql() + " exists");
        }
        List<BackendStatement> create = new BackendStatements(dialect).create(target.gatewayLogin(), password);
        if (dryRun) {
            return new InitStep(
                    name,
                    Outcome.planned,
                    "would create " + target.gatewayLogin().sql(),
                    display(create));
        }
        new BackendExecutor(server).run(create);
        return new InitStep(
                name,
                Outcome.done,
                "created " + target.gatewayLogin().sql() + " (its password is in " + target.gatewayProperties() + ")",
                display(create));
    }

    private InitStep gatewayGrants(Connection server, Dialect dialect, boolean loginExisted)
            throws SQLException, ProvisioningException {
        String name = "gateway grants";
        boolean loginExists = loginExisted || !dryRun;
        Set<Grant> held = loginExists
                ? BackendGrants.inspect(server, target.gatewayLogin()).grants()
                : Set.of();
        boolean schemaExists = schemaExists(server);
        // in a dry run before the first migration there are no tables yet: plan for all the gateways write
        Set<String> tables = schemaExists
                ? tables(server)
                : new LinkedHashSet<>(Arrays.stream(GatewayCatalogAccess.WrittenTable.values())
                        .map(GatewayCatalogAccess.WrittenTable::table)
                        .toList());
        Set<Grant> missing = GatewayCatalogAccess.missing(GatewayCatalogAccess.grants(target.schema(), tables), held);
        if (missing.isEmpty()) {
            return new InitStep(name, Outcome.unchanged, "SELECT on " + quoted() + " and the tables it writes, held");
        }
        List<BackendStatement> grants = new BackendStatements(dialect).grant(target.gatewayLogin(), missing);
        if (dryRun) {
            return new InitStep(name, Outcome.planned, "would grant " + count(missing), display(grants));
        }
        new BackendExecutor(server).run(grants);
        return new InitStep(name, Outcome.done, "granted " + count(missing), display(grants));
    }

    private InitStep masterKey() throws IOException {
        String name = "master key";
        Path file = target.masterKeyFile();
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            MasterKey.readFile(file); // a key there must be one the gateways can use: private and well-formed
            return new InitStep(name, Outcome.unchanged, file + " exists (never overwritten)");
        }
        if (dryRun) {
            return new InitStep(name, Outcome.planned, "would generate " + file + " (mode 0600)");
        }
        MasterKey.generateFile(file);
        return new InitStep(name, Outcome.done, "generated " + file + " (mode 0600)");
    }

    private InitStep gatewayProperties(Optional<AdminProperties> existing, Secret password) throws IOException {
        String name = "gateway settings";
        Path file = target.gatewayProperties();
        if (existing.isPresent()) {
            return new InitStep(name, Outcome.unchanged, file + " exists");
        }
        if (dryRun) {
            return new InitStep(name, Outcome.planned, "would write " + file + " (mode 0600)");
        }
        new AdminProperties(target.admin().jdbcUrl(), target.gatewayLogin().user(), password)
                .withOption(AdminProperties.KEY_MASTER_KEY_FILE, keyReference(file))
                .write(file, GATEWAY_COMMENT);
        return new InitStep(name, Outcome.done, "wrote " + file + " (mode 0600)");
    }

    private InitStep adminProperties() throws IOException {
        String name = "admin settings";
        Path file = target.adminProperties();
        if (Files.exists(file)) {
            return new InitStep(name, Outcome.unchanged, file + " exists");
        }
        if (dryRun) {
            return new InitStep(name, Outcome.planned, "would write " + file + " (mode 0600) for bin/admin");
        }
        CatalogSettings admin = target.admin();
        new AdminProperties(admin.jdbcUrl(), admin.user(), admin.password())
                .withOption(AdminProperties.KEY_MASTER_KEY_FILE, keyReference(file))
                .write(file);
        return new InitStep(name, Outcome.done, "wrote " + file + " (mode 0600) for bin/admin");
    }

    /**
     * The gateway file names the gateways' own catalog and login: one left from another catalog,
     * or for another login, is refused rather than reused or replaced.
     */
    private Optional<AdminProperties> existingGatewayFile() throws IOException {
        Path file = target.gatewayProperties();
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        AdminProperties existing = AdminProperties.read(file);
        if (!existing.catalogUrl().equals(target.admin().jdbcUrl())
                || !existing.user().equals(target.gatewayLogin().user())) {
            throw new IllegalStateException(file + " is for " + DisplayText.quoted(existing.user()) + " on "
                    + existing.catalogUrl() + ", not "
                    + DisplayText.quoted(target.gatewayLogin().user()) + " on "
                    + target.admin().jdbcUrl() + ": move it away, or give another --admin-properties directory");
        }
        return Optional.of(existing);
    }

    /** The key file as a properties file beside it names it: relative when they share a directory. */
    private String keyReference(Path propertiesFile) {
        Path key = target.masterKeyFile().toAbsolutePath().normalize();
        Path dir = propertiesFile.toAbsolutePath().normalize().getParent();
        return dir != null && key.getParent().equals(dir) ? key.getFileName().toString() : key.toString();
    }

    private boolean schemaExists(Connection server) throws SQLException {
        try (PreparedStatement statement =
                server.prepareStatement("SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?")) {
            statement.setString(1, target.schema());
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        }
    }

    private Set<String> tables(Connection server) throws SQLException {
        Set<String> tables = new LinkedHashSet<>();
        try (PreparedStatement statement =
                server.prepareStatement("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?")) {
            statement.setString(1, target.schema());
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    tables.add(rows.getString(1));
                }
            }
        }
        return tables;
    }

    private String quoted() {
        return SqlQuoting.identifier(target.schema());
    }

    private static String count(Set<Grant> grants) {
        return grants.size() + (grants.size() == 1 ? " privilege" : " privileges");
    }

    private static List<String> display(List<BackendStatement> statements) {
        return statements.stream().map(BackendStatement::display).toList();
    }
}
