package io.grantgate.admin;

import io.grantgate.catalog.Grant;
import io.grantgate.catalog.Role;
import io.grantgate.catalog.UserName;
import io.grantgate.provision.Expiry;
import io.grantgate.provision.Grants;
import java.util.List;

/**
 * A role as {@code admin role list|show} print it (JSON field names are part of the CLI's contract).
 *
 * @param grants each as {@code SELECT ON `shop`.*}, in SHOW GRANTS' order
 * @param created ISO-8601 UTC
 */
record RoleView(String name, String created, List<String> grants, List<String> members) {

    static RoleView of(Role role) {
        return new RoleView(
                role.name().value(),
                Expiry.text(role.created()),
                Grants.byScope(role.grants()).entrySet().stream()
                        .flatMap(e -> e.getValue().stream().map(p -> new Grant(p, e.getKey()).toString()))
                        .toList(),
                role.members().stream().map(UserName::value).toList());
    }

    /** The grants in one phrase, as {@code user list} describes an account's. */
    static String describe(Role role) {
        return role.grants().isEmpty() ? "none" : Grants.describe(role.grants());
    }
}
