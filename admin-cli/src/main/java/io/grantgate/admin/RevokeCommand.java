package io.grantgate.admin;

import io.grantgate.catalog.HostPattern;
import io.grantgate.catalog.RoleName;
import io.grantgate.catalog.UserName;
import io.grantgate.provision.RevokePlanner;
import io.grantgate.provision.RevokeRequest;
import io.grantgate.provision.RolePlanner;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code admin revoke USER ...}: take host patterns or grants away. */
@Command(
        name = "revoke",
        mixinStandardHelpOptions = true,
        header = "Take host patterns or privileges away from an account.",
        description = {
            "Removes the host patterns and grants from the catalog and the backend",
            "account, and bumps the catalog version so every gateway closes the sessions",
            "that lost their host or grant. To remove the account itself: admin user drop.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  admin revoke xuys --host %%",
            "  admin revoke xuys --privileges DELETE --on 'shop.*'",
            "  admin revoke xuys --all",
            "  admin revoke xuys --role readers"
        })
final class RevokeCommand extends CatalogCommand {

    @Mixin
    private PrivilegeOptions privileges;

    @Parameters(index = "0", paramLabel = "USER", description = "The account's user name.")
    private String user;

    @Option(names = "--host", paramLabel = "PATTERN", description = "A host pattern to remove (repeatable).")
    private List<String> hosts = List.of();

    @Option(names = "--all", description = "Revoke every grant (the account keeps its host patterns).")
    private boolean all;

    @Option(
            names = "--role",
            paramLabel = "ROLE",
            description = "Take a role from the account: its backend account loses what no other source (its own"
                    + " grants, its other roles) gives it. Goes alone.")
    private String role;

    @Option(names = "--dry-run", description = "Print the SQL plan (catalog and backend) and change nothing.")
    private boolean dryRun;

    @Override
    public Integer call() throws Exception {
        if (role != null) {
            UserName name = userName(user);
            RoleName roleName = Inputs.parse(spec, () -> {
                if (!hosts.isEmpty() || all || !privileges.grantsToRevoke().isEmpty()) {
                    throw new IllegalArgumentException(
                            "--role goes alone: revoke host patterns and privileges in a revoke of their own");
                }
                return new RoleName(role);
            });
            return AdminChange.provision(
                    this,
                    dryRun,
                    (backend, reader) ->
                            new RolePlanner(backend).removeMember(name, roleName, reader.find(name), reader.roles()));
        }
        RevokeRequest request = Inputs.parse(
                spec,
                () -> new RevokeRequest(
                        new UserName(user),
                        hosts.stream().map(HostPattern::parse).toList(),
                        privileges.grantsToRevoke(),
                        all));
        return AdminChange.provision(
                this,
                dryRun,
                (backend, reader) -> new RevokePlanner(backend).plan(request, reader.find(request.user())));
    }
}
