package io.grantgate.admin;

import io.grantgate.catalog.RoleName;
import io.grantgate.provision.RolePlanner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code admin role drop ROLE [--force]}. */
@Command(
        name = "drop",
        mixinStandardHelpOptions = true,
        header = "Drop a role; one with members only with --force.",
        description = {
            "With --force the role is first taken from its members, as 'admin revoke USER",
            "--role ROLE' would: each loses on its backend account what no other source",
            "(its own grants, its other roles) gives it, and the gateways close its sessions",
            "that relied on that. All in one change.",
            ""
        })
final class RoleDropCommand extends RoleChange {

    @Option(names = "--force", description = "Drop it even if accounts have it, taking it from them.")
    private boolean force;

    @Override
    public Integer call() throws Exception {
        RoleName name = roleName();
        return AdminChange.provision(
                this,
                dryRun,
                (backend, reader) -> new RolePlanner(backend).drop(name, reader.roles(), reader.all(), force));
    }
}
