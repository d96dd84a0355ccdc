package io.grantgate.admin;

import io.grantgate.catalog.RoleName;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What every {@code admin role} change shares: ROLE and --dry-run. */
abstract class RoleChange extends CatalogCommand {

    @Parameters(index = "0", paramLabel = "ROLE", description = "The role's name.")
    String role;

    @Option(names = "--dry-run", description = "Print the SQL plan (catalog and backend) and change nothing.")
    boolean dryRun;

    /** The role named on the command line; a refused name is a usage error. */
    RoleName roleName() {
        return Inputs.parse(spec, () -> new RoleName(role));
    }
}
