package io.grantgate.admin;

import io.grantgate.catalog.Account;
import io.grantgate.catalog.UserName;
import io.grantgate.provision.ChangePlan;
import io.grantgate.provision.UserPlanner;
import java.util.Optional;
import picocli.CommandLine.Command;

@Command(
        name = "lock",
        mixinStandardHelpOptions = true,
        header = "Refuse an account's logins; its sessions are closed.")
final class UserLockCommand extends UserChange {

    @Override
    ChangePlan plan(UserPlanner planner, UserName user, Optional<Account> current) {
        return planner.lock(user, current, true);
    }
}
