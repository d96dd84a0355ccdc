package io.grantgate.admin;

import io.grantgate.account.BackendLogin;
import io.grantgate.catalog.CatalogExecutor;
import io.grantgate.catalog.CatalogReader;
import io.grantgate.migrations.CatalogMigrator;
import io.grantgate.migrations.MigrationReport;
import io.grantgate.provision.BackendExecutor;
import io.grantgate.provision.BackendTarget;
import io.grantgate.provision.Drift;
import io.grantgate.provision.DriftCheck;
import io.grantgate.provision.OpenBackendHosts;
import io.grantgate.provision.ProvisioningException;
import io.grantgate.provision.ProvisioningProbe;
import io.grantgate.provision.SharedGrants;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code admin doctor [--repair]}: is everything GrantGate needs in place, and does the backend hold
 * what the catalog says? Exit 0 when all is well (or repaired), 1 otherwise.
 */
@Command(
        name = "doctor",
        mixinStandardHelpOptions = true,
        header = "Check the catalog, the backend and the master key; list drift; --repair fixes it.",
        description = {
            "Checks: the catalog is reachable and migrated; the backend is reachable; the",
            "master key is readable; the backend admin login can CREATE USER and GRANT (by",
            "creating and dropping a probe account); every account's backend account",
            "exists with exactly its grants, lock state and derived password; no orphan",
            "backend accounts; no grant to PUBLIC and no anonymous account, which every",
            "backend account would share. With --repair, the backend is made to match the",
            "catalog and those shared grants are taken away.",
            ""
        })
final class DoctorCommand extends CatalogCommand {

    @Option(
            names = "--repair",
            description = "Make the backend match the catalog (create, grant, revoke, lock, reset passwords);"
                    + " revoke grants to PUBLIC and drop anonymous accounts.")
    private boolean repair;

    @Option(
            names = "--drop-orphans",
            description = "With --repair, also drop backend accounts no catalog account owns"
                    + " (only if no other GrantGate catalog shares this backend).")
    private boolean dropOrphans;

    private final List<Map<String, String>> checks = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        boolean healthy;
        try (AdminSession session = AdminSession.open(catalog)) {
            healthy = checkCatalog(session) & checkBackend(session);
        }
        String text = renderChecks()
                + (healthy
                        ? "\nall checks passed"
                        : "\nsome checks failed" + (repair ? "" : "; 'admin doctor --repair' fixes drift"));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("healthy", healthy);
        json.put("checks", checks);
        output.print(out(), json, text);
        return healthy ? 0 : 1;
    }

    private boolean checkCatalog(AdminSession session) {
        try {
            CatalogMigrator migrator = new CatalogMigrator(session.catalog());
            List<String> invalid = migrator.validate();
            MigrationReport info = migrator.info();
            if (!invalid.isEmpty()) {
                return record("catalog", false, "migrations invalid: " + String.join("; ", invalid));
            }
            return record(
                    "catalog",
                    info.upToDate(),
                    info.upToDate()
                            ? "schema version " + info.versionAfter()
                            : "pending migrations " + info.pending() + ": run 'admin migrate'");
        } catch (RuntimeException e) {
            return record("catalog", false, e.getMessage());
        }
    }

    private boolean checkBackend(AdminSession session) {
        BackendTarget target;
        try (Connection admin = session.backend().getConnection()) {
            record(
                    "backend",
                    true,
                    session.backendSettings().jdbcUrl() + " as "
                            + session.backendSettings().user() + ", " + version(admin));
            target = session.target();
            record("master key", true, "loaded");
        } catch (Exception e) {
            return record("backend", false, e.getMessage());
        }
        try (Connection admin = session.backend().getConnection();
                Connection c = session.catalog().getConnection()) {
            boolean canProvision = new ProvisioningProbe(target).run(admin);
            record(
                    "admin privileges",
                    canProvision,
                    canProvision
                            ? "can CREATE USER, GRANT and DROP USER"
                            : "the backend admin login cannot create or grant: give it CREATE USER and GRANT OPTION");
            boolean unshared = checkSharedGrants(admin);
            boolean narrow = checkOpenHosts(admin, c, target.accountHost());
            DriftCheck drift = new DriftCheck(target, session.backendSettings().jdbcUrl());
            List<Drift> drifts = drift.check(admin, new CatalogReader(c).all());
            if (drifts.isEmpty()) {
                return record("backend accounts", true, "match the catalog") && canProvision && unshared && narrow;
            }
            drifts.forEach(d -> record("drift", false, d.account() + ": " + d.problem()));
            if (!repair) {
                return false;
            }
            return repair(admin, drifts)
                    && drift.check(admin, new CatalogReader(c).all()).isEmpty()
                    && canProvision
                    && unshared
                    && narrow;
        } catch (SQLException | RuntimeException e) {
            return record("backend accounts", false, e.getMessage());
        }
    }

    /** Grants every backend account would share: to PUBLIC, or through an anonymous account. */
    private boolean checkSharedGrants(Connection admin) {
        List<SharedGrants.Finding> found;
        try {
            found = SharedGrants.find(admin);
        } catch (SQLException | IllegalArgumentException e) {
            return record(
                    "shared grants",
                    false,
                    "cannot read mysql.db, mysql.tables_priv and mysql.user (the admin login needs SELECT on them): "
                            + e.getMessage());
        }
        if (found.isEmpty()) {
            return record("shared grants", true, "no grant to PUBLIC, no anonymous account");
        }
        found.forEach(f -> record("shared grants", false, f.what() + ": every backend account holds it"));
        if (!repair) {
            return false;
        }
        BackendExecutor executor = new BackendExecutor(admin);
        boolean all = true;
        for (SharedGrants.Finding finding : found) {
            try {
                executor.run(List.of(finding.removal()));
                record(
                        "repaired",
                        true,
                        finding.what() + ": " + finding.removal().display());
            } catch (ProvisioningException e) {
                all = record("repair", false, finding.what() + ": " + e.getMessage());
            }
        }
        return all;
    }

    /** Backend accounts at '%' when the gateways' address is known (backend.account-host). */
    private boolean checkOpenHosts(Connection admin, Connection catalog, String accountHost) throws SQLException {
        if (BackendLogin.ANY_HOST.equals(accountHost)) {
            return record(
                    "backend hosts",
                    true,
                    "backend accounts accept logins from any host ('%'); set backend.account-host to the gateways'"
                            + " address (e.g. 10.0.0.%) to narrow new ones, then --repair the others");
        }
        List<OpenBackendHosts.Finding> found = OpenBackendHosts.find(new CatalogReader(catalog).all(), accountHost);
        if (found.isEmpty()) {
            return record(
                    "backend hosts", true, "every backend account accepts logins from '" + accountHost + "' only");
        }
        found.forEach(f -> record("backend hosts", false, f.what()));
        if (!repair) {
            return false;
        }
        BackendExecutor executor = new BackendExecutor(admin);
        boolean all = true;
        for (OpenBackendHosts.Finding finding : found) {
            try {
                executor.run(List.of(finding.rename()));
                new CatalogExecutor(catalog).run(List.of(finding.catalogChange()));
                record(
                        "repaired",
                        true,
                        finding.from().sql() + ": " + finding.rename().display());
            } catch (ProvisioningException | SQLException e) {
                all = record("repair", false, finding.from().sql() + ": " + e.getMessage());
            }
        }
        return all;
    }

    private boolean repair(Connection admin, List<Drift> drifts) {
        BackendExecutor executor = new BackendExecutor(admin);
        boolean all = true;
        for (Drift drift : drifts) {
            if (drift.orphan() && !dropOrphans) {
                all = record("repair", false, drift.account() + ": left alone; --drop-orphans drops it");
                continue;
            }
            try {
                executor.run(drift.repair());
                record("repaired", true, drift.account() + ": " + drift.problem());
            } catch (ProvisioningException e) {
                all = record("repair", false, drift.account() + ": " + e.getMessage());
            }
        }
        return all;
    }

    private boolean record(String check, boolean ok, String detail) {
        Map<String, String> row = new LinkedHashMap<>();
        row.put("check", check);
        row.put("status", ok ? "ok" : "FAIL");
        row.put("detail", detail);
        checks.add(row);
        return ok;
    }

    private String renderChecks() {
        TextTable table = new TextTable("CHECK", "STATUS", "DETAIL");
        checks.forEach(row -> table.row(row.get("check"), row.get("status"), row.get("detail")));
        return table.render();
    }

    private static String version(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT VERSION()")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
