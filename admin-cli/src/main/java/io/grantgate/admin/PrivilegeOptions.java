package io.grantgate.admin;

import io.grantgate.catalog.Grant;
import io.grantgate.catalog.GrantScope;
import io.grantgate.catalog.Privilege;
import io.grantgate.catalog.PrivilegePolicy;
import java.util.LinkedHashSet;
import java.util.Set;
import picocli.CommandLine.Option;

/** {@code --privileges SELECT,INSERT --on shop.*}: which grants a command adds or takes away. */
final class PrivilegeOptions {

    @Option(
            names = "--privileges",
            paramLabel = "LIST",
            description = "Comma-separated privileges, e.g. SELECT,INSERT,UPDATE,DELETE (or ALL); MariaDB's and "
                    + "MySQL's own too, in either spelling (CONNECTION ADMIN or CONNECTION_ADMIN): see docs/admin.md.")
    private String privileges;

    @Option(
            names = "--on",
            paramLabel = "SCOPE",
            description = "What they apply to: *.*, db.* or db.table (quote it in the shell: 'shop.*').")
    private String scope;

    @Option(
            names = "--allow-dangerous",
            description = "Allow privileges that escape the gateway's control (SUPER, FILE, GRANT OPTION, ALL on *.*, "
                    + "CONNECTION ADMIN, SYSTEM_VARIABLES_ADMIN ...).")
    private boolean allowDangerous;

    /** The grants asked for; empty when neither option was given. */
    Set<Grant> grants() {
        if (privileges == null && scope == null) {
            return Set.of();
        }
        if (privileges == null || scope == null) {
            throw new IllegalArgumentException(
                    "--privileges and --on go together, e.g. --privileges SELECT,INSERT --on 'shop.*'");
        }
        PrivilegePolicy policy = allowDangerous ? PrivilegePolicy.ALLOW_DANGEROUS : PrivilegePolicy.SAFE_ONLY;
        GrantScope on = GrantScope.parse(scope);
        Set<Grant> grants = new LinkedHashSet<>();
        for (Privilege privilege : Privilege.parseList(privileges, policy)) {
            grants.add(Grant.of(privilege, on, policy));
        }
        return grants;
    }

    /** For revoking: dangerous grants may always be taken away. */
    Set<Grant> grantsToRevoke() {
        allowDangerous = true;
        return grants();
    }
}
