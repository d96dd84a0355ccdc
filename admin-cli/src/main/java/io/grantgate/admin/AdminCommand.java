package io.grantgate.admin;

import io.grantgate.config.VersionProvider;
import java.io.InputStream;
import java.sql.SQLException;
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
        subcommands = {
            GrantCommand.class,
            RevokeCommand.class,
            ExpireCommand.class,
            UserCommand.class,
            RoleCommand.class,
            ShowGrantsCommand.class,
            ExportCommand.class,
            DiffCommand.class,
            ApplyCommand.class,
            AuditCommand.class,
            ReloadCommand.class,
            StatusCommand.class,
            SessionsCommand.class,
            DoctorCommand.class,
            MigrateCommand.class,
            InitCommand.class,
            CommandLine.HelpCommand.class
        },
        footer = {
            "",
            "Exit codes: 0 done, 1 failed, 2 usage error; 'admin diff' exits 3 when",
            "something would change.",
            "Run 'admin help COMMAND' for a command's options."
        })
public final class AdminCommand implements Runnable {

    public static void main(String[] args) {
        System.exit(commandLine(System.getenv(), System.in).execute(args));
    }

    /** The configured command line; tests call it with their own environment, input and writers. */
    public static CommandLine commandLine(Map<String, String> environment, InputStream stdin) {
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
