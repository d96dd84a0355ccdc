package io.grantgate.admin;

import io.grantgate.auth.AuthPlugin;
import io.grantgate.auth.Secret;
import io.grantgate.catalog.HostPattern;
import io.grantgate.catalog.UserName;
import io.grantgate.provision.ChangeResult;
import io.grantgate.provision.GrantPlanner;
import io.grantgate.provision.GrantRequest;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code admin grant USER --host PATTERN ...}: the GRANT ... TO user@host workflow, idempotent. */
@Command(name = "grant", mixinStandardHelpOptions = true,
        header = "Allow an account from a host pattern and give it privileges.",
        description = {"Creates the account if it does not exist (a password is then required),",
            "adds the host pattern and the grants, provisions the backend account and",
            "bumps the catalog version so every gateway reloads. Idempotent: granting",
            "what the account already has changes nothing.", ""},
        footer = {"", "Examples:",
            "  admin grant xuys --host 192.168.88.234 --generate-password --privileges SELECT,INSERT,UPDATE,DELETE --on 'shop.*'",
            "  admin grant xuys --host %%          # allow it from anywhere",
            "  admin grant xuys --host %% --dry-run"})
final class GrantCommand extends CatalogCommand {

    @Mixin
    private PasswordOptions password;

    @Mixin
    private PrivilegeOptions privileges;

    @Parameters(index = "0", paramLabel = "USER", description = "The account's user name.")
    private String user;

    @Option(names = "--host", paramLabel = "PATTERN", description = "Allowed client address: %%, 192.168.88.%%, 10.0.0.0/8, ::1, ... (repeatable).")
    private List<String> hosts = List.of();

    @Option(names = "--auth-plugin", paramLabel = "PLUGIN", description = "For a new account: caching_sha2_password (default) or mysql_native_password.")
    private String authPlugin;

    @Option(names = "--max-connections", paramLabel = "N", description = "At most N sessions of this account at once.")
    private Integer maxConnections;

    @Option(names = "--require-tls", negatable = true, description = "Refuse this account's logins without TLS (--no-require-tls lifts it).")
    private Boolean requireTls;

    @Option(names = "--dry-run", description = "Print the SQL plan (catalog and backend) and change nothing.")
    private boolean dryRun;

    @Override
    public Integer call() throws Exception {
        Optional<Secret> secret = password.password();
        GrantRequest request = Inputs.parse(spec, () -> new GrantRequest(new UserName(user),
                hosts.stream().map(HostPattern::parse).toList(), privileges.grants(), secret, password.generated(), plugin(authPlugin),
                maxConnections == null ? OptionalInt.empty() : OptionalInt.of(maxConnections), Optional.ofNullable(requireTls), false));
        try (AdminSession session = AdminSession.open(catalog)) {
            GrantPlanner planner = new GrantPlanner(session.target());
            ChangeResult result = session.runner().run(
                    reader -> planner.plan(request, reader.find(request.user()), reader.nextAccountId()), dryRun);
            ChangeOutput.print(out(), output, result);
            return 0;
        }
    }

    static Optional<AuthPlugin> plugin(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return Optional.of(AuthPlugin.fromName(name).orElseThrow(() -> new IllegalArgumentException(
                "unknown auth plugin '" + name + "': use caching_sha2_password or mysql_native_password")));
    }
}
