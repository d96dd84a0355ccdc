package io.grantgate.provision;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grantgate.catalog.CatalogExecutor;
import io.grantgate.catalog.CatalogReader;
import io.grantgate.catalog.CatalogStatement;
import io.grantgate.catalog.CatalogWrites;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies an admin change as one unit. Admin changes are serialised by locking the catalog version
 * row, so two admins never plan from the same state. The catalog statements run first, inside a
 * transaction (a constraint violation stops the change before the backend is touched); then the
 * backend statements; only when all of them succeeded is the catalog committed, with the version
 * bump that makes every gateway reload. When a backend statement fails, the catalog is rolled back
 * and the backend statements already applied are undone, so no half-provisioned account is active.
 * Every outcome, failures included, leaves an audit record.
 */
public final class ChangeRunner {

    /** Works out a change from the catalog as it stands, read under the change lock. */
    @FunctionalInterface
    public interface Planner {
        ChangePlan plan(CatalogReader catalog) throws SQLException;
    }

    private static final Logger log = LoggerFactory.getLogger(ChangeRunner.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DataSource catalog;
    private final DataSource backend;
    private final String actor;

    /**
     * @param backend the admin login on the backend server, for provisioning
     * @param actor who makes the change, for the audit trail and {@code catalog_version.changed_by}
     */
    public ChangeRunner(DataSource catalog, DataSource backend, String actor) {
        this.catalog = catalog;
        this.backend = backend;
        this.actor = actor;
    }

    public ChangeResult run(Planner planner, boolean dryRun) throws SQLException, ChangeFailedException {
        try (Connection c = catalog.getConnection()) {
            c.setAutoCommit(false);
            try {
                CatalogReader reader = new CatalogReader(c);
                long version = reader.version(true);
                ChangePlan plan = planner.plan(reader);
                if (plan.isEmpty() || dryRun) {
                    c.rollback();
                    return new ChangeResult(withFinalSteps(plan), false, dryRun, version);
                }
                ChangePlan complete = withFinalSteps(plan);
                new CatalogExecutor(c).run(complete.catalog());
                try {
                    applyBackend(complete);
                } catch (ChangeFailedException e) {
                    c.rollback();
                    auditFailure(complete, e.getMessage());
                    throw e;
                }
                c.commit();
                log.info(
                        "{} {}: {}",
                        plan.action(),
                        plan.user() == null ? "" : plan.user().value(),
                        String.join("; ", plan.summary()));
                return new ChangeResult(complete, true, false, version + 1);
            } catch (SQLException | RuntimeException | ChangeFailedException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** The plan with the version bump and the audit record every applied change ends with. */
    private ChangePlan withFinalSteps(ChangePlan plan) {
        if (plan.isEmpty()) {
            return plan;
        }
        List<CatalogStatement> statements = new ArrayList<>(plan.catalog());
        statements.add(CatalogWrites.bumpVersion(actor));
        statements.add(CatalogWrites.auditAdminChange(actor, plan.action(), plan.user(), "ok", detail(plan, null)));
        return new ChangePlan(
                plan.action(),
                plan.user(),
                statements,
                plan.backend(),
                plan.undo(),
                plan.summary(),
                plan.generatedPassword(),
                plan.steps());
    }

    private void applyBackend(ChangePlan plan) throws SQLException, ChangeFailedException {
        if (plan.backend().isEmpty()) {
            return;
        }
        try (Connection admin = backend.getConnection()) {
            BackendExecutor executor = new BackendExecutor(admin);
            try {
                executor.run(plan.backend());
            } catch (ProvisioningException e) {
                String undone = undo(executor, plan, e);
                throw new ChangeFailedException(
                        "the backend refused '" + e.failed().display() + "': " + causeOf(e)
                                + "; the catalog is unchanged" + undone,
                        e);
            }
        }
    }

    /** Best effort: undo what had run; whatever cannot be undone, 'admin doctor' reports as drift. */
    private String undo(BackendExecutor executor, ChangePlan plan, ProvisioningException failure) {
        List<BackendStatement> undo = plan.undoAfter(failure.applied().size());
        if (undo.isEmpty()) {
            return "";
        }
        try {
            executor.run(undo);
            return " and the backend statements already run were undone";
        } catch (ProvisioningException e) {
            log.warn(
                    "undoing a failed {} on the backend failed too at {}: {}",
                    plan.action(),
                    e.failed().display(),
                    e.getMessage());
            return "; undoing the backend statements already run failed: run 'admin doctor' to see the drift";
        }
    }

    private void auditFailure(ChangePlan plan, String error) {
        try (Connection c = catalog.getConnection()) {
            c.setAutoCommit(true);
            new CatalogExecutor(c)
                    .run(List.of(CatalogWrites.auditAdminChange(
                            actor, plan.action(), plan.user(), "error", detail(plan, error))));
        } catch (SQLException e) {
            log.error("the audit record of a failed {} could not be written: {}", plan.action(), e.getMessage());
        }
    }

    private static String causeOf(ProvisioningException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return cause.getMessage() + (e.sqlState() == null ? "" : " (" + e.vendorCode() + "/" + e.sqlState() + ")");
    }

    private static String detail(ChangePlan plan, String error) {
        Map<String, Object> detail = new java.util.LinkedHashMap<>();
        detail.put("summary", plan.summary());
        detail.put(
                "backend",
                plan.backend().stream().map(BackendStatement::display).toList());
        if (error != null) {
            detail.put("error", error);
        }
        try {
            return JSON.writeValueAsString(detail);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings is always JSON", e);
        }
    }
}
