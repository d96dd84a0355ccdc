package io.grantgate.provision;

import io.grantgate.catalog.CatalogStatement;
import io.grantgate.catalog.CatalogWrites;
import io.grantgate.catalog.Grant;
import io.grantgate.catalog.PrivilegePolicy;
import io.grantgate.catalog.Role;
import io.grantgate.catalog.RoleName;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What an access file does to the roles ({@link AccessPlanner}): which roles exist at the end of
 * the change and with which grants, the catalog steps that make them so (created and given grants
 * before any account names them, dropped after every membership is gone), and which roles change,
 * so that the accounts that have them are re-provisioned. Without pruning a role only gains; with
 * it, a role gets exactly the file's grants and a role the file does not define is dropped.
 */
final class RoleChanges {

    private final Map<RoleName, Role> current = new HashMap<>();
    private final Map<RoleName, Set<Grant>> after = new HashMap<>();
    private final List<DesiredRole> wanted;
    private final boolean prune;

    RoleChanges(List<DesiredRole> wanted, List<Role> current, boolean prune, PrivilegePolicy policy) {
        this.wanted = wanted.stream()
                .sorted(Comparator.comparing(r -> r.name().value()))
                .toList();
        this.prune = prune;
        current.forEach(r -> this.current.put(r.name(), r));
        if (!prune) {
            current.forEach(r -> after.put(r.name(), r.grants()));
        }
        Set<RoleName> defined = new HashSet<>();
        for (DesiredRole role : this.wanted) {
            if (!defined.add(role.name())) {
                throw new IllegalArgumentException("role '" + role.name().value() + "' is defined twice");
            }
            Set<Grant> held = grantsNow(role.name());
            for (Grant grant : role.grants()) {
                if (!held.contains(grant)) {
                    try {
                        Grant.of(grant.privilege(), grant.scope(), policy);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(
                                "role '" + role.name().value() + "': " + e.getMessage(), e);
                    }
                }
            }
            Set<Grant> grants = new HashSet<>(role.grants());
            if (!prune) {
                grants.addAll(held);
            }
            after.put(role.name(), grants);
        }
    }

    /** Refuses an account that names a role which will not exist. */
    void checkKnown(DesiredAccount account) {
        for (RoleName role : account.roles()) {
            if (!after.containsKey(role)) {
                throw new IllegalArgumentException("account '" + account.user().value() + "' has role '"
                        + role.value() + "', which "
                        + (current.containsKey(role)
                                ? "the file does not define, so --prune drops it"
                                : "neither the file's roles nor the catalog has"));
            }
        }
    }

    /** Whether an account whose roles go from {@code before} to {@code after} needs re-provisioning. */
    boolean touches(Set<RoleName> before, Set<RoleName> roles) {
        if (!before.equals(roles)) {
            return true;
        }
        return before.stream().anyMatch(r -> !grantsNow(r).equals(after.getOrDefault(r, Set.of())));
    }

    /** The grants these roles give at the end of the change, each role by name. */
    Map<RoleName, Set<Grant>> grantsOf(Set<RoleName> roles) {
        Map<RoleName, Set<Grant>> grants = new HashMap<>();
        roles.forEach(r -> grants.put(r, after.getOrDefault(r, Set.of())));
        return grants;
    }

    /** Roles created and their grants changed: catalog only, before any account's step. */
    List<ChangePlan> definitions() {
        List<ChangePlan> steps = new ArrayList<>();
        for (DesiredRole role : wanted) {
            RoleName name = role.name();
            Set<Grant> before = grantsNow(name);
            Set<Grant> grants = after.get(name);
            List<CatalogStatement> catalog = new ArrayList<>();
            List<String> summary = new ArrayList<>();
            if (!current.containsKey(name)) {
                catalog.add(CatalogWrites.insertRole(name));
                summary.add("role '" + name.value() + "' created"
                        + (grants.isEmpty() ? "" : " with " + Grants.describe(grants)));
            }
            Set<Grant> added = new LinkedHashSet<>(Grants.ordered(grants));
            added.removeAll(before);
            Set<Grant> removed = new LinkedHashSet<>(Grants.ordered(before));
            removed.removeAll(grants);
            removed.forEach(g -> catalog.add(CatalogWrites.removeRoleGrant(name, g)));
            added.forEach(g -> catalog.add(CatalogWrites.addRoleGrant(name, g)));
            if (current.containsKey(name) && !added.isEmpty()) {
                summary.add("role '" + name.value() + "' now has " + Grants.describe(added));
            }
            if (!removed.isEmpty()) {
                summary.add("role '" + name.value() + "' lost " + Grants.describe(removed));
            }
            steps.add(new ChangePlan(
                    AccessPlanner.ACTION, null, catalog, List.of(), List.of(), summary, Optional.empty()));
        }
        return steps;
    }

    /** With pruning, the roles the file does not define: last, once no account has them any more. */
    List<ChangePlan> drops() {
        if (!prune) {
            return List.of();
        }
        return current.keySet().stream()
                .filter(r -> !after.containsKey(r))
                .sorted(Comparator.comparing(RoleName::value))
                .map(r -> new ChangePlan(
                        AccessPlanner.ACTION,
                        null,
                        List.of(CatalogWrites.deleteRole(r)),
                        List.of(),
                        List.of(),
                        List.of("role '" + r.value() + "' dropped"),
                        Optional.empty()))
                .toList();
    }

    private Set<Grant> grantsNow(RoleName role) {
        Role now = current.get(role);
        return now == null ? Set.of() : now.grants();
    }
}
