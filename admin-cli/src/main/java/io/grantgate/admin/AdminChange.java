package io.grantgate.admin;

import io.grantgate.catalog.CatalogReader;
import io.grantgate.provision.BackendTarget;
import io.grantgate.provision.ChangePlan;
import io.grantgate.provision.ChangeResult;
import io.grantgate.provision.ChangeRunner;
import io.grantgate.provision.ExpirySweep;
import java.io.IOException;
import java.io.PrintWriter;
import java.sql.SQLException;

/**
 * How every admin change runs, once for all of them: open the catalog and backend pools, plan the
 * change from the catalog as it stands under the change lock, run it (or, for {@code --dry-run},
 * only plan it), print what became of it. A command says only what it plans.
 */
final class AdminChange {

    /** Plans a change to accounts, which provisions their backend accounts. */
    @FunctionalInterface
    interface Provisioning {
        ChangePlan plan(BackendTarget backend, CatalogReader catalog) throws SQLException;
    }

    /** What a change is planned with, once the session is open. */
    @FunctionalInterface
    private interface Planning {
        ChangeRunner.Planner planner(AdminSession session) throws IOException, SQLException;
    }

    /** What {@link #sweepFirst} says on standard error before an account's expired access goes. */
    static final String EXPIRED_PREFIX = "expired: ";

    private AdminChange() {}

    /**
     * A change to accounts (grant, revoke, user create|drop|lock|unlock|password). Expired access
     * is swept first ({@link #sweepFirst}), so that the change plans from what is really in force.
     */
    static int provision(CatalogCommand command, boolean dryRun, Provisioning provisioning) throws Exception {
        provisioned(command, dryRun, provisioning);
        return 0;
    }

    /** A change to accounts, printed, for a command whose exit code depends on what became of it ({@code admin diff}). */
    static ChangeResult provisioned(CatalogCommand command, boolean dryRun, Provisioning provisioning)
            throws Exception {
        return apply(command, dryRun, session -> {
            // the backend's dialect and the master key are read before the change lock is taken
            BackendTarget backend = session.target();
            if (!dryRun) {
                sweepFirst(command, session, backend);
            }
            return reader -> provisioning.plan(backend, reader);
        });
    }

    /**
     * Revokes what has expired, as {@code admin expire} does, each account in a change of its own.
     * What it did goes to standard error, so that {@code --output json} stays the command's own
     * document; a revoke the backend refuses is reported there too and does not stop the command's
     * own change (that account is swept again next time).
     */
    private static void sweepFirst(CatalogCommand command, AdminSession session, BackendTarget backend)
            throws SQLException {
        ExpirySweep.Outcome outcome = session.sweep(backend).run(false);
        PrintWriter err = command.err();
        outcome.changes().forEach(c -> c.plan().summary().forEach(line -> err.println(EXPIRED_PREFIX + line)));
        outcome.failures().forEach(f -> err.println("expiry not swept: " + f));
        err.flush();
    }

    /**
     * A change that provisions nothing ({@code admin reload}, {@code admin user audit}): it needs
     * neither the backend's dialect nor the master key.
     */
    static int run(CatalogCommand command, boolean dryRun, ChangeRunner.Planner planner) throws Exception {
        apply(command, dryRun, session -> planner);
        return 0;
    }

    private static ChangeResult apply(CatalogCommand command, boolean dryRun, Planning planning) throws Exception {
        try (AdminSession session = AdminSession.open(command.catalog)) {
            ChangeRunner.Planner planner = planning.planner(session);
            ChangeResult result = session.runner().run(planner, dryRun);
            ChangeOutput.print(command.out(), command.output, result);
            return result;
        }
    }
}
