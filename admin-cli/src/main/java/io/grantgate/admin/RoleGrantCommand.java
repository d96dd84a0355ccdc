package io.grantgate.admin;

import io.grantgate.catalog.Grant;
import io.grantgate.catalog.RoleName;
import io.grantgate.provision.RolePlanner;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code admin role grant ROLE --privileges LIST --on SCOPE}. */
@Command(
        name = "grant",
        mixinStandardHelpOptions = true,
        header = "Give a role privileges; its members get them too.",
        description = {
            "Adds the grants to the role and, in the same change, to every member's backend",
            "account that lacks them. Ends no session.",
            ""
        },
        footer = {"", "Example:", "  admin role grant readers --privileges SELECT --on 'shop.*'"})
final class RoleGrantCommand extends RoleChange {

    @Mixin
    private PrivilegeOptions privileges;

    @Override
    public Integer call() throws Exception {
        RoleName name = roleName();
        Set<Grant> grants = Inputs.parse(spec, () -> required(privileges.grants()));
        return AdminChange.provision(
                this,
                dryRun,
                (backend, reader) -> new RolePlanner(backend).grant(name, grants, reader.roles(), reader.all()));
    }

    static Set<Grant> required(Set<Grant> grants) {
        if (grants.isEmpty()) {
            throw new IllegalArgumentException("name the privileges: --privileges LIST --on SCOPE");
        }
        return grants;
    }
}
