package io.grantgate.admin;

import io.grantgate.auth.AuthPlugin;
import io.grantgate.auth.Secret;
import io.grantgate.catalog.UserName;
import io.grantgate.provision.GrantPlanner;
import io.grantgate.provision.GrantRequest;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code admin grant USER --host PATTERN ...}: the GRANT ... TO user@host workflow, idempotent. */
@Command(
        name = "grant",
        mixinStandardHelpOptions = true,
        header = "Allow an account from a host pattern and give it privileges.",
        description = {
            "Creates the account if it does not exist (a password is then required),",
            "adds the host pattern and the grants, provisions the backend account and",
            "bumps the catalog version so every gateway reloads. Idempotent: granting",
            "what the account already has changes nothing.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  admin grant xuys --host 192.168.88.234 --generate-password --privileges SELECT,INSERT,UPDATE,DELETE --on 'shop.*'",
            "  admin grant xuys --host %%          # allow it from anywhere",
            "  admin grant xuys --host %% --dry-run"
        })
final class GrantCommand extends CatalogCommand {

    @Mixin
    private PasswordOptions password;

    @Mixin
    private PrivilegeOptions privileges;

    @Parameters(index = "0", paramLabel = "USER", description = "The account's user name.")
    private String user;

    @Mixin
    private AccountOptions account;

    @Option(
            names = "--require-tls",
            negatable = true,
            description = "Refuse this account's logins without TLS (--no-require-tls lifts it).")
    private Boolean requireTls;

    @Option(names = "--dry-run", description = "Print the SQL plan (catalog and backend) and change nothing.")
    private boolean dryRun;

    @Override
    public Integer call() throws Exception {
        Optional<Secret> secret = password.password();
        GrantRequest request = Inputs.parse(
                spec,
                () -> new GrantRequest(
                        new UserName(user),
                        account.hosts(),
                        privileges.grants(),
                        secret,
                        password.generated(),
                        account.authPlugin(),
                        account.maxConnections(),
                        Optional.ofNullable(requireTls),
                        false));
        return apply(this, request, dryRun);
    }

    /** Plans and runs a grant (or a user creation, which is a grant that must create), and reports it. */
    static int apply(CatalogCommand command, GrantRequest request, boolean dryRun) throws Exception {
        return AdminChange.provision(
                command,
                dryRun,
                (backend, reader) ->
                        new GrantPlanner(backend).plan(request, reader.find(request.user()), reader.nextAccountId()));
    }

    static Optional<AuthPlugin> plugin(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return Optional.of(AuthPlugin.fromName(name)
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown auth plugin '" + name + "': use caching_sha2_password or mysql_native_password")));
    }
}
