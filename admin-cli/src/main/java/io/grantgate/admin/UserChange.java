package io.grantgate.admin;

import io.grantgate.provision.ChangePlan;
import io.grantgate.provision.ChangeResult;
import io.grantgate.provision.UserPlanner;
import io.grantgate.catalog.Account;
import io.grantgate.catalog.UserName;
import java.io.IOException;
import java.util.Optional;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The shape every one-account change shares: USER, --dry-run, plan, run, report. */
abstract class UserChange extends CatalogCommand {

    @Parameters(index = "0", paramLabel = "USER", description = "The account's user name.")
    String user;

    @Option(names = "--dry-run", description = "Print the SQL plan and change nothing.")
    boolean dryRun;

    abstract ChangePlan plan(UserPlanner planner, UserName user, Optional<Account> current);

    /** Reads what the change needs from outside (standard input) before any lock is taken. */
    void prepare() throws IOException {
    }

    @Override
    public Integer call() throws Exception {
        UserName name = userName(user);
        prepare();
        try (AdminSession session = AdminSession.open(catalog)) {
            UserPlanner planner = new UserPlanner(session.target());
            ChangeResult result = session.runner().run(reader -> plan(planner, name, reader.find(name)), dryRun);
            ChangeOutput.print(out(), output, result);
            return 0;
        }
    }
}
