package io.grantgate.provision;

import io.grantgate.catalog.Account;
import io.grantgate.catalog.CatalogStatement;
import io.grantgate.catalog.CatalogWrites;
import io.grantgate.catalog.Grant;
import io.grantgate.catalog.Privilege;
import io.grantgate.catalog.Role;
import io.grantgate.catalog.RoleName;
import io.grantgate.catalog.UserName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Plans {@code admin role create|drop|grant|revoke} and {@code admin grant|revoke USER --role}.
 * A role lives in the catalog only; what changes on the backend is each member's backend account,
 * which holds the member's effective grants (its own and its roles') as plain grants. A change to a
 * role is one change however many members it has: the catalog statements, then each member's
 * {@link Reprovision} step, so a backend failure undoes the members already re-provisioned.
 */
public final class RolePlanner {

    /** The admin change's action for a change to a role ({@code reason} of the {@code admin_change}). */
    public static final String ACTION = "role";

    private final BackendTarget backend;

    public RolePlanner(BackendTarget backend) {
        this.backend = backend;
    }

    /** Creates the role: a catalog-only change, so it needs no backend target. */
    public static ChangePlan create(RoleName name, List<Role> roles) {
        if (find(name, roles).isPresent()) {
            return ChangePlan.nothing(ACTION, null, "nothing to change: role '" + name.value() + "' exists");
        }
        return new ChangePlan(
                ACTION,
                null,
                List.of(CatalogWrites.insertRole(name)),
                List.of(),
                List.of(),
                List.of("role '" + name.value() + "' created"),
                Optional.empty());
    }

    /**
     * Drops the role. One with members is refused unless {@code force}, which takes it from them
     * first, as {@code admin revoke USER --role} would: each member loses what no other source
     * gives it, and its sessions that relied on that are closed.
     */
    public ChangePlan drop(RoleName name, List<Role> roles, List<Account> accounts, boolean force) {
        Role role = existing(name, roles);
        if (!role.members().isEmpty() && !force) {
            throw new IllegalArgumentException(
                    "role '" + name.value() + "' has " + role.members().size()
                            + (role.members().size() == 1 ? " member" : " members") + " (" + names(role.members())
                            + "): revoke it from them first ('admin revoke USER --role " + name.value()
                            + "'), or drop it with --force, which does that too");
        }
        List<String> summary = new ArrayList<>();
        summary.add("role '" + name.value() + "' dropped"
                + (role.members().isEmpty() ? "" : ", and taken from " + names(role.members())));
        return change(
                List.of(CatalogWrites.deleteRole(name)),
                summary,
                accounts,
                role,
                held -> {
                    Map<RoleName, Set<Grant>> rest = new HashMap<>(held);
                    rest.remove(name);
                    return rest;
                },
                "");
    }

    /** Gives the role privileges; its members get those they lack on their backend accounts. */
    public ChangePlan grant(RoleName name, Set<Grant> grants, List<Role> roles, List<Account> accounts) {
        Role role = existing(name, roles);
        Set<Grant> added = new LinkedHashSet<>(grants);
        added.removeAll(role.grants());
        if (added.isEmpty()) {
            return ChangePlan.nothing(
                    ACTION,
                    null,
                    "nothing to change: role '" + name.value() + "' already has " + Grants.describe(grants));
        }
        List<CatalogStatement> catalog = new ArrayList<>();
        added.forEach(g -> catalog.add(CatalogWrites.addRoleGrant(name, g)));
        Set<Grant> after = new HashSet<>(role.grants());
        after.addAll(added);
        return change(
                catalog,
                List.of("role '" + name.value() + "' now has " + Grants.describe(added) + membersText(role)),
                accounts,
                role,
                held -> with(held, name, after),
                "");
    }

    /**
     * Takes privileges from the role (ALL PRIVILEGES on a scope means all it has there, as for
     * {@code admin revoke}); each member loses on the backend only what no other source gives it.
     */
    public ChangePlan revoke(RoleName name, Set<Grant> grants, List<Role> roles, List<Account> accounts) {
        Role role = existing(name, roles);
        Set<Grant> removed = new LinkedHashSet<>();
        for (Grant grant : grants) {
            if (role.grants().contains(grant)) {
                removed.add(grant);
            } else if (grant.privilege() == Privilege.ALL_PRIVILEGES) {
                Grants.ordered(role.grants()).stream()
                        .filter(g -> g.scope().equals(grant.scope()))
                        .forEach(removed::add);
            }
        }
        if (removed.isEmpty()) {
            return ChangePlan.nothing(
                    ACTION, null, "nothing to revoke: role '" + name.value() + "' holds none of that");
        }
        List<CatalogStatement> catalog = new ArrayList<>();
        removed.forEach(g -> catalog.add(CatalogWrites.removeRoleGrant(name, g)));
        Set<Grant> after = new HashSet<>(role.grants());
        after.removeAll(removed);
        return change(
                catalog,
                List.of("role '" + name.value() + "' lost " + Grants.describe(removed) + membersText(role)),
                accounts,
                role,
                held -> with(held, name, after),
                "");
    }

    /** {@code admin grant USER --role ROLE}: never ends a session, since the account only gains. */
    public ChangePlan addMember(UserName user, RoleName name, Optional<Account> current, List<Role> roles) {
        Account account = existingAccount(user, current);
        Role role = existing(name, roles);
        if (account.roles().containsKey(name)) {
            return ChangePlan.nothing(
                    "grant", user, "nothing to change: account '" + user.value() + "' has role '" + name.value() + "'");
        }
        Map<RoleName, Set<Grant>> after = with(account.roles(), name, role.grants());
        return member(
                "grant",
                account,
                CatalogWrites.addMember(account.id(), name),
                "account '" + user.value() + "' has role '" + name.value() + "'"
                        + (role.grants().isEmpty()
                                ? " (which grants nothing yet)"
                                : " (" + Grants.describe(role.grants()) + ")"),
                after);
    }

    /** {@code admin revoke USER --role ROLE}: the account loses on the backend what no other source gives it. */
    public ChangePlan removeMember(UserName user, RoleName name, Optional<Account> current, List<Role> roles) {
        Account account = existingAccount(user, current);
        existing(name, roles);
        if (!account.roles().containsKey(name)) {
            return ChangePlan.nothing(
                    "revoke",
                    user,
                    "nothing to revoke: account '" + user.value() + "' does not have role '" + name.value() + "'");
        }
        Map<RoleName, Set<Grant>> after = new HashMap<>(account.roles());
        after.remove(name);
        return member(
                "revoke",
                account,
                CatalogWrites.removeMember(account.id(), name),
                "account '" + user.value() + "' no longer has role '" + name.value() + "'",
                after);
    }

    /** The effective grants of an account whose own grants are {@code own} and whose roles give {@code roles}. */
    static Set<Grant> effective(Set<Grant> own, Map<RoleName, Set<Grant>> roles) {
        Set<Grant> effective = new HashSet<>(own);
        roles.values().forEach(effective::addAll);
        return effective;
    }

    private ChangePlan member(
            String action, Account account, CatalogStatement statement, String line, Map<RoleName, Set<Grant>> after) {
        ChangePlan backendStep =
                Reprovision.of(action, backend, account, account.effectiveGrants(), effective(account.grants(), after));
        List<String> summary = new ArrayList<>();
        summary.add(line);
        summary.addAll(
                backendStep.isEmpty() ? List.of("its backend account already holds all of it") : backendStep.summary());
        return new ChangePlan(
                action,
                account.user(),
                List.of(statement),
                backendStep.backend(),
                backendStep.undo(),
                summary,
                Optional.empty());
    }

    /**
     * The catalog statements of a change to {@code role}, then each member re-provisioned from its
     * effective grants now to those it has once its roles are as {@code rolesAfter} makes them.
     */
    private ChangePlan change(
            List<CatalogStatement> catalog,
            List<String> summary,
            List<Account> accounts,
            Role role,
            UnaryOperator<Map<RoleName, Set<Grant>>> rolesAfter,
            String whenNothing) {
        List<ChangePlan> steps = new ArrayList<>();
        steps.add(new ChangePlan(ACTION, null, catalog, List.of(), List.of(), summary, Optional.empty()));
        for (Account account : accounts) {
            if (account.roles().containsKey(role.name())) {
                steps.add(Reprovision.of(
                        ACTION,
                        backend,
                        account,
                        account.effectiveGrants(),
                        effective(account.grants(), rolesAfter.apply(account.roles()))));
            }
        }
        return ChangePlan.combine(ACTION, steps, whenNothing);
    }

    private static Map<RoleName, Set<Grant>> with(Map<RoleName, Set<Grant>> roles, RoleName name, Set<Grant> grants) {
        Map<RoleName, Set<Grant>> with = new HashMap<>(roles);
        with.put(name, grants);
        return with;
    }

    private static String membersText(Role role) {
        return role.members().isEmpty()
                ? " (no member yet)"
                : "; its members are re-provisioned: " + names(role.members());
    }

    private static String names(List<UserName> users) {
        return String.join(", ", users.stream().map(u -> "'" + u.value() + "'").toList());
    }

    private static Optional<Role> find(RoleName name, List<Role> roles) {
        return roles.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    private static Role existing(RoleName name, List<Role> roles) {
        return find(name, roles)
                .orElseThrow(() -> new IllegalArgumentException(
                        "no role '" + name.value() + "' (create it with 'admin role create " + name.value() + "')"));
    }

    private static Account existingAccount(UserName user, Optional<Account> current) {
        return current.orElseThrow(() -> new IllegalArgumentException("no account '" + user.value() + "'"));
    }
}
