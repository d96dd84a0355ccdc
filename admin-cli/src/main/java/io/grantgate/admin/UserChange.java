package io.grantgate.admin;

import io.grantgate.catalog.Account;
import io.grantgate.catalog.UserName;
import io.grantgate.provision.ChangePlan;
import io.grantgate.provision.UserPlanner;
import java.io.IOException;
import java.util.Optional;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What every {@code admin user} change of one account shares: USER, --dry-run, and the planner it plans with. */
abstract class UserChange extends CatalogCommand {

    @Parameters(index = "0", paramLabel = "USER", description = "The account's user name.")
    String user;

    @Option(names = "--dry-run", description = "Print the SQL plan and change nothing.")
    boolean dryRun;

    abstract ChangePlan plan(UserPlanner planner, UserName user, Optional<Account> current);

    /** Reads what the change needs from outside (standard input) before any lock is taken. */
    void prepare() throws IOException {}

    @Override
    public Integer call() throws Exception {
        UserName name = userName(user);
        prepare();
        return AdminChange.provision(
                this, dryRun, (backend, reader) -> plan(new UserPlanner(backend), name, reader.find(name)));
    }
}
