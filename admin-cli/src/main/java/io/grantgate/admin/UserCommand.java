package io.grantgate.admin;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code admin user create|drop|lock|unlock|password|audit|list|show}. */
@Command(
        name = "user",
        mixinStandardHelpOptions = true,
        header = "Create, drop, lock, unlock, list and show accounts; change passwords and audit levels.",
        subcommands = {
            UserCreateCommand.class,
            UserDropCommand.class,
            UserLockCommand.class,
            UserUnlockCommand.class,
            UserPasswordCommand.class,
            UserAuditCommand.class,
            UserListCommand.class,
            UserShowCommand.class
        })
final class UserCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "which user command? (see 'admin user --help')");
    }
}
