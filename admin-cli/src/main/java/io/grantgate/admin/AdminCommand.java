package io.grantgate.admin;

import io.grantgate.config.VersionProvider;
import java.io.InputStream;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code bin/admin}: manages who may connect through GrantGate, from where, with which privileges.
 * Exit codes: 0 done, 1 failed (the message says why), 2 usage error.
 */
@Command(
        name = "admin",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Manage GrantGate: accounts, host patterns, grants, roles, the catalog, the audit trail,",
            "the running gateways and their sessions.",
            "",
            "Connects to the catalog given by --catalog-url / GRANTGATE_CATALOG_URL,",
            "or by ./grantgate-data/admin.properties as bin/grantgate --embedded",
            "writes it. The login comes from that file or from GRANTGATE_CATALOG_USER",
            "and GRANTGATE_CATALOG_PASSWORD, never from the command line.",
            ""
        },
        footer = {
            "",
            "Exit codes: 0 done, 1 failed, 2 usage error; 'admin diff' exits 3 when",
            "something would change.",
            "Run 'admin help COMMAND' for a command's options."
        })
public final class AdminCommand implements Runnable {

    /**
     * The subcommands by name, in the order {@code --help} lists them, and those of {@code user}: not
     * in the annotations, so that a command builds only what it runs ({@link CommandTree}).
     */
    private static final CommandTree TREE =
            new CommandTree(subcommands(), Map.of(UserCommand.class, UserCommand.SUBCOMMANDS));

    private static Map<String, Class<?>> subcommands() {
        Map<String, Class<?>> commands = new LinkedHashMap<>();
        commands.put("grant", GrantCommand.class);
        commands.put("revoke", RevokeCommand.class);
        commands.put("expire", ExpireCommand.class);
        commands.put("user", UserCommand.class);
        commands.put("role", RoleCommand.class);
        commands.put("show-grants", ShowGrantsCommand.class);
        commands.put("export", ExportCommand.class);
        commands.put("diff", DiffCommand.class);
        commands.put("apply", ApplyCommand.class);
        commands.put("audit", AuditCommand.class);
        commands.put("reload", ReloadCommand.class);
        commands.put("status", StatusCommand.class);
        commands.put("sessions", SessionsCommand.class);
        commands.put("doctor", DoctorCommand.class);
        commands.put("migrate", MigrateCommand.class);
        commands.put("init", InitCommand.class);
        commands.put("help", CommandLine.HelpCommand.class);
        return commands;
    }

    public static void main(String[] args) {
        System.exit(commandLine(System.getenv(), System.in, args).execute(args));
    }

    /**
     * The whole command tree; tests call it with their own environment, input and writers. {@link
     * #commandLine(Map, InputStream, String...)} does the same work faster for one command line.
     */
    public static CommandLine commandLine(Map<String, String> environment, InputStream stdin) {
        CommandLine commandLine = root(environment, stdin);
        TREE.addAll(commandLine);
        return commandLine;
    }

    /** The command tree that {@code args} need, which behaves as the whole one for them ({@link CommandTree}). */
    public static CommandLine commandLine(Map<String, String> environment, InputStream stdin, String... args) {
        CommandLine commandLine = root(environment, stdin);
        TREE.addNeeded(commandLine, List.of(args));
        return commandLine;
    }

    private static CommandLine root(Map<String, String> environment, InputStream stdin) {
        CommandLine commandLine = new CommandLine(new AdminCommand(), new AdminFactory(environment, stdin));
        commandLine.setExecutionExceptionHandler(AdminCommand::reportFailure);
        commandLine.setParameterExceptionHandler(AdminCommand::reportUsageError);
        return commandLine;
    }

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "which command? (see 'admin --help')");
    }

    /** The refused value and where to read more, not the whole usage text: exit 2. */
    private static int reportUsageError(CommandLine.ParameterException e, String[] args) {
        CommandLine commandLine = e.getCommandLine();
        commandLine.getErr().println(commandLine.getCommandSpec().qualifiedName() + ": " + e.getMessage());
        commandLine
                .getErr()
                .println("Try '" + commandLine.getCommandSpec().qualifiedName() + " --help' for more information.");
        commandLine.getErr().flush();
        return 2;
    }

    /** One line saying what failed and what to do, the stack trace only at DEBUG. */
    private static int reportFailure(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        commandLine
                .getErr()
                .println(commandLine.getCommandSpec().qualifiedName() + ": " + e.getMessage() + migrationHint(e));
        commandLine.getErr().flush();
        // the logger only now: starting logging costs a quick command a good part of its time
        Logger log = LoggerFactory.getLogger(AdminCommand.class);
        log.debug("command failed", e);
        return 1;
    }

    /**
     * An unknown table or column most likely means a catalog at an older schema version than this
     * command, as when the admin command is upgraded before any gateway migrated the catalog.
     */
    private static String migrationHint(Exception e) {
        boolean missing = e instanceof SQLException sql
                && ("42S02".equals(sql.getSQLState()) || "42S22".equals(sql.getSQLState()));
        return missing && !e.getMessage().contains("admin migrate")
                ? " (is the catalog migrated? 'admin migrate --info' says)"
                : "";
    }
}
