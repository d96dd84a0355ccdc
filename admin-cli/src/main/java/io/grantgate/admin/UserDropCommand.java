package io.grantgate.admin;

import io.grantgate.catalog.Account;
import io.grantgate.catalog.UserName;
import io.grantgate.provision.ChangePlan;
import io.grantgate.provision.UserPlanner;
import java.util.Optional;
import picocli.CommandLine.Command;

@Command(
        name = "drop",
        mixinStandardHelpOptions = true,
        header = "Drop an account, its grants and its backend account.")
final class UserDropCommand extends UserChange {

    @Override
    ChangePlan plan(UserPlanner planner, UserName user, Optional<Account> current) {
        return planner.drop(user, current);
    }
}
