package io.grantgate.admin;

import com.zaxxer.hikari.HikariDataSource;
import io.grantgate.account.BackendLogin;
import io.grantgate.account.MasterKey;
import io.grantgate.auth.Secret;
import io.grantgate.catalog.CatalogDataSource;
import io.grantgate.catalog.CatalogSettings;
import io.grantgate.config.JdbcUrl;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code admin init}: sets GrantGate up on an existing MySQL or MariaDB server from an admin login;
 * see {@link CatalogSetup} for the steps. Prints each step as it ends (on standard error with
 * {@code --output json}, which keeps standard output for the result), then what to copy to each
 * gateway host.
 */
@Command(
        name = "init",
        mixinStandardHelpOptions = true,
        header = "Set GrantGate up on an existing MySQL or MariaDB server.",
        description = {
            "From an admin login: creates and migrates the catalog schema named by",
            "--catalog-url, a login for the gateways that reads the catalog and writes",
            "only their audit, instance and session rows, the master key file (0600,",
            "never overwritten), gateway.properties (the gateways' login, 0600) and",
            "admin.properties (this admin login, 0600) in the --admin-properties",
            "directory (default ./grantgate-data). Run again, it changes nothing that is",
            "in place and says so.",
            ""
        },
        footer = {
            "",
            "Example:",
            "  bin/admin init --catalog-url jdbc:mysql://db:3306/grantgate \\",
            "      --admin-user gg_admin --password-stdin < admin-password.txt"
        })
final class InitCommand extends CatalogCommand {

    static final String DEFAULT_GATEWAY_USER = "grantgate_gateway";

    @Option(
            names = "--admin-user",
            paramLabel = "USER",
            description = "The admin login (else GRANTGATE_CATALOG_USER, else catalog.user of the properties file).")
    private String adminUser;

    @Option(
            names = "--password-stdin",
            description = "Read the admin login's password from the first line of standard input"
                    + " (else GRANTGATE_CATALOG_PASSWORD, else the properties file).")
    private boolean passwordStdin;

    @Option(
            names = "--gateway-user",
            defaultValue = DEFAULT_GATEWAY_USER,
            paramLabel = "NAME",
            description = "The gateways' login: a-z, 0-9 and _ (default: ${DEFAULT-VALUE}).")
    private String gatewayUser;

    @Option(
            names = "--gateway-host",
            defaultValue = BackendLogin.ANY_HOST,
            paramLabel = "HOST",
            description = "Where the gateways connect from, as the server matches it: '%' (default) or e.g. 10.0.0.%.")
    private String gatewayHost;

    @Option(names = "--dry-run", description = "Say what would be done, and change nothing.")
    private boolean dryRun;

    private final InputStream stdin;

    InitCommand(InputStream stdin) {
        this.stdin = stdin;
    }

    /** What {@code --output json} prints. */
    record Result(
            String action,
            boolean dryRun,
            boolean changed,
            String catalogUrl,
            String gatewayUser,
            String gatewayProperties,
            String masterKeyFile,
            String adminProperties,
            List<InitStep> steps) {}

    @Override
    public Integer call() throws Exception {
        BackendLogin gatewayLogin = Inputs.parse(spec, () -> new BackendLogin(gatewayUser, gatewayHost));
        CatalogSettings admin = catalog.settings(Optional.ofNullable(adminUser), adminPassword());
        if (admin.user().equals(gatewayLogin.user())) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--gateway-user must differ from the admin login '" + admin.user()
                            + "': the gateways get a login of their own, which cannot change accounts");
        }
        String schema = JdbcUrl.schemaOf(admin.jdbcUrl())
                .orElseThrow(() -> new CommandLine.ParameterException(
                        spec.commandLine(),
                        "the catalog URL names no schema: give one, e.g. jdbc:mysql://db:3306/grantgate"));
        Path directory = catalog.propertiesDirectory();
        CatalogSetup.Target target = new CatalogSetup.Target(
                admin,
                schema,
                gatewayLogin,
                catalog.propertiesFile(),
                directory.resolve(CatalogSetup.GATEWAY_PROPERTIES),
                masterKeyFile());

        // progress goes where the result does not: with JSON, stdout carries the result alone
        PrintWriter progress = output.json() ? spec.commandLine().getErr() : out();
        List<InitStep> steps = new ArrayList<>();
        if (dryRun) {
            progress.println("dry run: nothing is changed.");
        }
        try (HikariDataSource server = CatalogDataSource.open(
                        JdbcUrl.parse(admin.jdbcUrl()).server(), admin.user(), admin.password(), "admin-init");
                Connection connection = server.getConnection()) {
            new CatalogSetup(target, dryRun, step -> {
                        steps.add(step);
                        progress.println(step.line());
                        step.statements().forEach(sql -> progress.println("  " + sql + ";"));
                        progress.flush();
                    })
                    .run(connection);
        }
        boolean changed = steps.stream().anyMatch(s -> s.outcome() != InitStep.Outcome.unchanged);
        Result result = new Result(
                "init",
                dryRun,
                changed && !dryRun,
                admin.jdbcUrl(),
                gatewayLogin.user(),
                target.gatewayProperties().toString(),
                target.masterKeyFile().toString(),
                target.adminProperties().toString(),
                steps);
        output.print(out(), result, summary(target, changed));
        return 0;
    }

    private String summary(CatalogSetup.Target target, boolean changed) {
        if (dryRun) {
            return changed ? "dry run: nothing was changed" : "dry run: nothing to change, everything is in place";
        }
        String copy = "each gateway host needs these two files, mode 0600, owned by the user the gateway runs as:\n"
                + "  " + target.gatewayProperties() + "   the gateways' catalog login\n"
                + "  " + target.masterKeyFile() + "   the master key: the same on every gateway and admin host\n"
                + "copy both into one directory, e.g. /etc/grantgate, and start each gateway with\n"
                + "  bin/grantgate --admin-properties /etc/grantgate/" + CatalogSetup.GATEWAY_PROPERTIES;
        return (changed ? "GrantGate is set up on " : "nothing to change: GrantGate is already set up on ")
                + JdbcUrl.parse(target.admin().jdbcUrl()).firstHostPort() + "\n" + copy;
    }

    /** Where the key is written: the file the environment names, else the properties directory's. */
    private Path masterKeyFile() throws java.io.IOException {
        String named = catalog.environment().get(MasterKey.FILE_VARIABLE);
        return named != null && !named.isBlank() ? Path.of(named.strip()) : catalog.masterKeyFile();
    }

    private Optional<Secret> adminPassword() throws java.io.IOException {
        if (!passwordStdin) {
            return Optional.empty();
        }
        String line = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)).readLine();
        if (line == null || line.isEmpty()) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--password-stdin: standard input held no password");
        }
        return Optional.of(new Secret(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line));
    }
}
