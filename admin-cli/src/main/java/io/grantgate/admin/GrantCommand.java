package io.grantgate.admin;

import io.grantgate.auth.AuthPlugin;
import io.grantgate.auth.Secret;
import io.grantgate.catalog.RoleName;
import io.grantgate.catalog.UserName;
import io.grantgate.provision.GrantPlanner;
import io.grantgate.provision.GrantRequest;
import io.grantgate.provision.Lifetime;
import io.grantgate.provision.RolePlanner;
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
            "",
            "With --for or --until the host patterns and grants named are time-limited: at",
            "their end every gateway closes the sessions that relied on them, and 'admin",
            "expire' (or the next admin change) revokes them on the backend. A grant never",
            "makes access end sooner: naming a time-limited entry without --for or --until",
            "makes it permanent; naming a permanent one with them leaves it permanent.",
            "--extend DURATION makes the time-limited entries named end that much later, or",
            "all of the account's time-limited entries when the command names none.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  admin grant xuys --host 192.168.88.234 --generate-password --privileges SELECT,INSERT,UPDATE,DELETE --on 'shop.*'",
            "  admin grant xuys --host %%          # allow it from anywhere",
            "  admin grant xuys --host %% --dry-run",
            "  admin grant xuys --host 10.1.2.3 --privileges SELECT --on 'shop.*' --for 8h",
            "  admin grant xuys --privileges INSERT --on 'shop.*' --until 2026-12-31T18:00Z",
            "  admin grant xuys --host 10.1.2.3 --extend 2h   # that host pattern, 2 hours longer",
            "  admin grant xuys --extend 1d                   # everything of xuys that expires",
            "  admin grant xuys --role readers                # xuys gets the role's privileges too"
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

    @Mixin
    private LifetimeOptions lifetime;

    @Option(
            names = "--role",
            paramLabel = "ROLE",
            description = "Give the (existing) account a role: it gets the role's privileges on top of its own."
                    + " Goes alone, without host patterns, privileges or settings.")
    private String role;

    @Option(names = "--dry-run", description = "Print the SQL plan (catalog and backend) and change nothing.")
    private boolean dryRun;

    @Override
    public Integer call() throws Exception {
        if (role != null) {
            return giveRole();
        }
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
                        false,
                        lifetime.lifetime()));
        return apply(this, request, dryRun);
    }

    /** {@code --role}: the account becomes a member; its backend account gets what it lacks of the role's grants. */
    private int giveRole() throws Exception {
        UserName name = userName(user);
        RoleName roleName = Inputs.parse(spec, () -> {
            if (!account.hosts().isEmpty()
                    || !privileges.grants().isEmpty()
                    || password.given()
                    || account.authPlugin().isPresent()
                    || account.maxConnections().isPresent()
                    || requireTls != null
                    || !(lifetime.lifetime() instanceof Lifetime.Permanent)) {
                throw new IllegalArgumentException("--role goes alone: give the other options in a grant of their own");
            }
            return new RoleName(role);
        });
        return AdminChange.provision(
                this,
                dryRun,
                (backend, reader) ->
                        new RolePlanner(backend).addMember(name, roleName, reader.find(name), reader.roles()));
    }

    /** Plans and runs a grant (or a user creation, which is a grant that must create), and reports it. */
    static int apply(CatalogCommand command, GrantRequest request, boolean dryRun) throws Exception {
        return AdminChange.provision(
                command,
                dryRun,
                (backend, reader) -> new GrantPlanner(backend)
                        .plan(request, reader.find(request.user()), reader.nextAccountId(), reader.now()));
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
