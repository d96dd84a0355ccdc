package io.grantgate.admin;

import io.grantgate.catalog.RoleName;
import io.grantgate.provision.RolePlanner;
import picocli.CommandLine.Command;

/** {@code admin role create ROLE}: a catalog-only change, like {@code admin user audit}. */
@Command(
        name = "create",
        mixinStandardHelpOptions = true,
        header = "Create a role (with no grant yet).",
        footer = {"", "Example:", "  admin role create readers"})
final class RoleCreateCommand extends RoleChange {

    @Override
    public Integer call() throws Exception {
        RoleName name = roleName();
        return AdminChange.run(this, dryRun, reader -> RolePlanner.create(name, reader.roles()));
    }
}
