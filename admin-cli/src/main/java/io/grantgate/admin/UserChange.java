package io.grantgate.admin;

import io.grantgate.catalog.UserName;
import io.grantgate.ops.CatalogOptions;
import io.grantgate.provision.ChangePlan;
import io.grantgate.provision.ChangeResult;
import io.grantgate.provision.UserPlanner;
import io.grantgate.catalog.Account;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The shape every one-account change shares: USER, --dry-run, plan, run, report. */
abstract class UserChange implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    CatalogOptions catalog;

    @Mixin
    OutputOptions output;

    @Parameters(index = "0", paramLabel = "USER", description = "The account's user name.")
    String user;

    @Option(names = "--dry-run", description = "Print the SQL plan and change nothing.")
    boolean dryRun;

    abstract ChangePlan plan(UserPlanner planner, UserName user, Optional<Account> current) throws Exception;

    @Override
    public Integer call() throws Exception {
        UserName name = Inputs.parse(spec, () -> new UserName(user));
        try (AdminSession session = AdminSession.open(catalog)) {
            UserPlanner planner = new UserPlanner(session.target());
            ChangeResult result = session.runner().run(reader -> {
                try {
                    return plan(planner, name, reader.find(name));
                } catch (java.sql.SQLException | RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            }, dryRun);
            ChangeOutput.print(spec.commandLine().getOut(), output, result);
            return 0;
        }
    }
}
