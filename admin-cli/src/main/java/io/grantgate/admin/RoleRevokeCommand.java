package io.grantgate.admin;

import io.grantgate.catalog.Grant;
import io.grantgate.catalog.RoleName;
import io.grantgate.provision.RolePlanner;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code admin role revoke ROLE --privileges LIST --on SCOPE}. */
@Command(
        name = "revoke",
        mixinStandardHelpOptions = true,
        header = "Take privileges from a role and so from its members.",
        description = {
            "Removes the grants from the role and, in the same change, from every member's",
            "backend account that no longer has them from any source (its own grants or",
            "its other roles); the gateways close the sessions that lost privileges.",
            ""
        },
        footer = {"", "Example:", "  admin role revoke readers --privileges SELECT --on 'shop.*'"})
final class RoleRevokeCommand extends RoleChange {

    @Mixin
    private PrivilegeOptions privileges;

    @Override
    public Integer call() throws Exception {
        RoleName name = roleName();
        Set<Grant> grants = Inputs.parse(spec, () -> RoleGrantCommand.required(privileges.grantsToRevoke()));
        return AdminChange.provision(
                this,
                dryRun,
                (backend, reader) -> new RolePlanner(backend).revoke(name, grants, reader.roles(), reader.all()));
    }
}
