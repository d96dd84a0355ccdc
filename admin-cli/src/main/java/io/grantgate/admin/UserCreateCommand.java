package io.grantgate.admin;

import io.grantgate.auth.Secret;
import io.grantgate.catalog.HostPattern;
import io.grantgate.catalog.UserName;
import io.grantgate.provision.ChangeResult;
import io.grantgate.provision.GrantPlanner;
import io.grantgate.provision.GrantRequest;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code admin user create USER}: an account with no grants yet (USAGE only). */
@Command(name = "create", mixinStandardHelpOptions = true, header = "Create an account (no privileges yet).")
final class UserCreateCommand extends CatalogCommand {

    @Mixin
    private PasswordOptions password;

    @Parameters(index = "0", paramLabel = "USER")
    private String user;

    @Option(names = "--host", paramLabel = "PATTERN", description = "Allowed client address (repeatable).")
    private List<String> hosts = List.of();

    @Option(names = "--auth-plugin", paramLabel = "PLUGIN", description = "caching_sha2_password (default) or mysql_native_password.")
    private String authPlugin;

    @Option(names = "--max-connections", paramLabel = "N", description = "At most N sessions at once.")
    private Integer maxConnections;

    @Option(names = "--require-tls", description = "Refuse logins without TLS.")
    private boolean requireTls;

    @Option(names = "--dry-run", description = "Print the SQL plan and change nothing.")
    private boolean dryRun;

    @Override
    public Integer call() throws Exception {
        Optional<Secret> secret = password.password();
        if (secret.isEmpty()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a new account needs --password-stdin or --generate-password");
        }
        GrantRequest request = Inputs.parse(spec, () -> new GrantRequest(new UserName(user),
                hosts.stream().map(HostPattern::parse).toList(), Set.of(), secret, password.generated(), GrantCommand.plugin(authPlugin),
                maxConnections == null ? OptionalInt.empty() : OptionalInt.of(maxConnections), Optional.of(requireTls), true));
        try (AdminSession session = AdminSession.open(catalog)) {
            GrantPlanner planner = new GrantPlanner(session.target());
            ChangeResult result = session.runner().run(
                    reader -> planner.plan(request, reader.find(request.user()), reader.nextAccountId()), dryRun);
            ChangeOutput.print(out(), output, result);
            return 0;
        }
    }
}
