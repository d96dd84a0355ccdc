package io.grantgate.admin;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code admin user create|drop|lock|unlock|password|audit|list|show}. */
@Command(
        name = "user",
        mixinStandardHelpOptions = true,
        header = "Create, drop, lock, unlock, list and show accounts; change passwords and audit levels.")
final class UserCommand implements Runnable {

    /** In the order {@code --help} lists them; built as {@link AdminCommand} needs them. */
    static final Map<String, Class<?>> SUBCOMMANDS = subcommands();

    private static Map<String, Class<?>> subcommands() {
        Map<String, Class<?>> commands = new LinkedHashMap<>();
        commands.put("create", UserCreateCommand.class);
        commands.put("drop", UserDropCommand.class);
        commands.put("lock", UserLockCommand.class);
        commands.put("unlock", UserUnlockCommand.class);
        commands.put("password", UserPasswordCommand.class);
        commands.put("audit", UserAuditCommand.class);
        commands.put("list", UserListCommand.class);
        commands.put("show", UserShowCommand.class);
        return commands;
    }

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "which user command? (see 'admin user --help')");
    }
}
