package io.grantgate.admin;

import io.grantgate.catalog.Account;
import io.grantgate.catalog.UserName;
import io.grantgate.provision.ChangePlan;
import io.grantgate.provision.UserPlanner;
import java.util.Optional;
import picocli.CommandLine.Command;

@Command(name = "unlock", mixinStandardHelpOptions = true, header = "Let a locked account log in again.")
final class UserUnlockCommand extends UserChange {

    @Override
    ChangePlan plan(UserPlanner planner, UserName user, Optional<Account> current) {
        return planner.lock(user, current, false);
    }
}
