package io.grantgate.provision;

import io.grantgate.account.BackendUserName;
import io.grantgate.auth.PasswordVerifier;
import io.grantgate.auth.Secret;
import io.grantgate.catalog.Account;
import io.grantgate.catalog.AccountStatus;
import io.grantgate.catalog.BackendAccount;
import io.grantgate.catalog.BackendState;
import io.grantgate.catalog.CatalogStatement;
import io.grantgate.catalog.CatalogWrites;
import io.grantgate.catalog.Expiries;
import io.grantgate.catalog.Grant;
import io.grantgate.catalog.HostPattern;
import io.grantgate.catalog.PrivilegePolicy;
import io.grantgate.catalog.Role;
import io.grantgate.catalog.RoleName;
import io.grantgate.catalog.UserName;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Plans {@code admin apply}: the one change that makes the catalog (and so the backend) hold what an
 * access file says. Each difference is planned by the planner of the command that makes it by hand
 * ({@code grant}, {@code revoke}, {@code user drop|lock|unlock|password|audit}), and the steps are
 * combined into one change ({@link ChangePlan#combine}).
 *
 * <p>An account the file names gets exactly the settings the file gives it (an absent one is its
 * default: no connection limit, TLS not required, unlocked, the gateways' audit level) and every
 * host pattern and grant the file lists, each ending when its {@code expires} says or never when
 * it has none: the file is the source of truth, so it may make an entry end later, sooner, or not
 * at all, and the plan says which. An {@code expires} already past is refused. What the file does
 * not name (accounts, and the host patterns and grants of the accounts it names) is removed only
 * when pruning.
 */
public final class AccessPlanner {

    public static final String ACTION = "apply";

    private final BackendTarget backend;
    private final UserPlanner users;

    public AccessPlanner(BackendTarget backend) {
        this.backend = backend;
        this.users = new UserPlanner(backend);
    }

    /** A plan for a file and a catalog without roles. */
    public ChangePlan plan(
            List<DesiredAccount> wanted,
            List<Account> current,
            long nextAccountId,
            boolean prune,
            PrivilegePolicy policy,
            Instant catalogNow) {
        return plan(List.of(), wanted, List.of(), current, nextAccountId, prune, policy, catalogNow);
    }

    /**
     * @param wantedRoles the roles the file defines, with their grants
     * @param currentRoles every role of the catalog, read under the change lock
     * @param current every account of the catalog, read under the change lock
     * @param nextAccountId the id the first new account gets; the next ones count up from it
     * @param prune remove accounts, roles, memberships, host patterns and grants that the file does not name
     * @param policy whether grants an account or role does not hold yet may be dangerous
     * @param catalogNow the catalog's clock, which the grant planner measures expiries by
     */
    public ChangePlan plan(
            List<DesiredRole> wantedRoles,
            List<DesiredAccount> wanted,
            List<Role> currentRoles,
            List<Account> current,
            long nextAccountId,
            boolean prune,
            PrivilegePolicy policy,
            Instant catalogNow) {
        Map<UserName, Account> existing =
                current.stream().collect(Collectors.toMap(Account::user, Function.identity()));
        Set<UserName> named = new HashSet<>();
        for (DesiredAccount account : wanted) {
            if (!named.add(account.user())) {
                throw new IllegalArgumentException("account '" + account.user().value() + "' is named twice");
            }
        }
        wanted.forEach(account -> refusePast(account, catalogNow));
        RoleChanges roles = new RoleChanges(wantedRoles, currentRoles, prune, policy);
        for (DesiredAccount account : wanted) {
            roles.checkKnown(account);
        }
        List<ChangePlan> steps = new ArrayList<>(roles.definitions());
        if (prune) {
            current.stream()
                    .filter(a -> !named.contains(a.user()))
                    .sorted(Comparator.comparing(a -> a.user().value()))
                    .forEach(a -> steps.add(users.drop(a.user(), Optional.of(a))));
        }
        long id = nextAccountId;
        for (DesiredAccount account : wanted.stream()
                .sorted(Comparator.comparing(a -> a.user().value()))
                .toList()) {
            Account now = existing.get(account.user());
            refuseDangerous(account, now == null ? Set.of() : now.grants(), policy);
            if (now == null) {
                steps.addAll(create(account, id++, catalogNow, roles));
            } else {
                steps.addAll(update(account, now, prune, catalogNow, roles));
            }
        }
        if (!prune) {
            // members the file does not name still follow their roles' new grants
            current.stream()
                    .filter(a -> !named.contains(a.user())
                            && roles.touches(a.roles().keySet(), a.roles().keySet()))
                    .sorted(Comparator.comparing(a -> a.user().value()))
                    .forEach(a -> steps.add(Reprovision.of(
                            ACTION,
                            backend,
                            a,
                            a.effectiveGrants(),
                            RolePlanner.effective(
                                    a.grants(), roles.grantsOf(a.roles().keySet())))));
        }
        steps.addAll(roles.drops());
        return ChangePlan.combine(ACTION, steps, "nothing to change: the catalog holds what the file says");
    }

    private List<ChangePlan> create(DesiredAccount wanted, long id, Instant now, RoleChanges roles) {
        String name = wanted.user().value();
        Secret password = wanted.password()
                .orElseThrow(() -> new IllegalArgumentException("account '" + name
                        + "' does not exist yet: give its password by reference, password: {env: VAR}"
                        + " or {file: PATH}"));
        GrantRequest request = new GrantRequest(
                wanted.user(),
                wanted.hosts(),
                wanted.grants(),
                Optional.of(password),
                false,
                Optional.of(wanted.authPlugin()),
                wanted.maxConnections(),
                Optional.of(wanted.requireTls()),
                true,
                Lifetime.PERMANENT);
        List<ChangePlan> steps = new ArrayList<>();
        steps.add(new GrantPlanner(backend).plan(request, Optional.empty(), id, now));
        lifetimes(wanted, id, Expiries.NONE, Set.of(), Set.of()).ifPresent(steps::add);
        Optional<Account> created = Optional.of(asCreated(wanted, id));
        if (wanted.status() == AccountStatus.LOCKED) {
            steps.add(users.lock(wanted.user(), created, true));
        }
        if (wanted.auditLevel().isPresent()) {
            steps.add(AuditLevelPlanner.plan(wanted.user(), created, wanted.auditLevel()));
        }
        if (!wanted.roles().isEmpty()) {
            steps.add(memberships(wanted.user(), id, Set.of(), wanted.roles()));
            steps.add(Reprovision.of(
                    ACTION,
                    backend,
                    created.get(),
                    wanted.grants(),
                    RolePlanner.effective(wanted.grants(), roles.grantsOf(wanted.roles()))));
        }
        return steps;
    }

    /** The catalog rows that make the account a member of {@code after}'s roles and of none of the rest. */
    private static ChangePlan memberships(UserName user, long id, Set<RoleName> before, Set<RoleName> after) {
        List<CatalogStatement> catalog = new ArrayList<>();
        List<String> summary = new ArrayList<>();
        before.stream()
                .filter(r -> !after.contains(r))
                .sorted(Comparator.comparing(RoleName::value))
                .forEach(r -> {
                    catalog.add(CatalogWrites.removeMember(id, r));
                    summary.add("account '" + user.value() + "' no longer has role '" + r.value() + "'");
                });
        after.stream()
                .filter(r -> !before.contains(r))
                .sorted(Comparator.comparing(RoleName::value))
                .forEach(r -> {
                    catalog.add(CatalogWrites.addMember(id, r));
                    summary.add("account '" + user.value() + "' has role '" + r.value() + "'");
                });
        return new ChangePlan(ACTION, user, catalog, List.of(), List.of(), summary, Optional.empty());
    }

    /** The account as the create step leaves it, for the steps that follow it in the same change. */
    private Account asCreated(DesiredAccount wanted, long id) {
        BackendAccount mirror = new BackendAccount(
                BackendUserName.derive(wanted.user(), id),
                backend.accountHost(),
                backend.dialect().backendAuthPlugin(),
                1,
                BackendState.PROVISIONED);
        return new Account(
                id,
                wanted.user(),
                wanted.authPlugin(),
                PasswordVerifier.create(
                        wanted.authPlugin(), wanted.password().orElseThrow().reveal()),
                AccountStatus.ACTIVE,
                wanted.requireTls(),
                wanted.maxConnections(),
                wanted.hosts(),
                wanted.grants(),
                Optional.of(mirror),
                Optional.empty(),
                wanted.expiries(),
                false);
    }

    private List<ChangePlan> update(
            DesiredAccount wanted, Account account, boolean prune, Instant now, RoleChanges roles) {
        UserName user = wanted.user();
        Optional<Account> current = Optional.of(account);
        List<ChangePlan> steps = new ArrayList<>();
        Set<RoleName> rolesBefore = account.roles().keySet();
        Set<RoleName> rolesAfter = new HashSet<>(wanted.roles());
        if (!prune) {
            rolesAfter.addAll(rolesBefore);
        }
        // when its roles change, the backend account follows the whole of its effective grants in
        // one step, so that what one source loses and another keeps is never revoked
        boolean viaRoles = roles.touches(rolesBefore, rolesAfter);
        UnaryOperator<ChangePlan> own = viaRoles ? AccessPlanner::catalogOnly : UnaryOperator.identity();
        if (prune) {
            Set<HostPattern> hosts = new LinkedHashSet<>(account.hosts());
            hosts.removeAll(wanted.hosts());
            Set<Grant> grants = new LinkedHashSet<>(account.grants());
            grants.removeAll(wanted.grants());
            if (!hosts.isEmpty() || !grants.isEmpty()) {
                steps.add(own.apply(new RevokePlanner(backend)
                        .plan(new RevokeRequest(user, List.copyOf(hosts), grants, false), current)));
            }
        }
        // Only what the account lacks, as permanent entries: a grant never shortens an end, so the
        // file's expiries (of new entries and of entries the account holds) are set by lifetimes()
        List<HostPattern> newHosts = wanted.hosts().stream()
                .filter(h -> !account.hosts().contains(h))
                .toList();
        Set<Grant> newGrants = new LinkedHashSet<>(wanted.grants());
        newGrants.removeAll(account.grants());
        if (!newHosts.isEmpty() || !newGrants.isEmpty()) {
            GrantRequest additions = new GrantRequest(
                    user,
                    newHosts,
                    newGrants,
                    Optional.empty(),
                    false,
                    Optional.empty(),
                    OptionalInt.empty(),
                    Optional.empty(),
                    false,
                    Lifetime.PERMANENT);
            steps.add(own.apply(new GrantPlanner(backend).plan(additions, current, account.id(), now)));
        }
        if (viaRoles) {
            steps.add(memberships(user, account.id(), rolesBefore, rolesAfter));
            Set<Grant> ownAfter = new HashSet<>(wanted.grants());
            if (!prune) {
                ownAfter.addAll(account.grants());
            }
            steps.add(Reprovision.of(
                    ACTION,
                    backend,
                    account,
                    account.effectiveGrants(),
                    RolePlanner.effective(ownAfter, roles.grantsOf(rolesAfter))));
        }
        lifetimes(wanted, account.id(), account.expiries(), Set.copyOf(account.hosts()), account.grants())
                .ifPresent(steps::add);
        password(wanted, account).ifPresent(steps::add);
        if (wanted.status() != account.status()) {
            steps.add(users.lock(user, current, wanted.status() == AccountStatus.LOCKED));
        }
        steps.add(settings(wanted, account));
        if (!wanted.auditLevel().equals(account.auditLevel())) {
            steps.add(AuditLevelPlanner.plan(user, current, wanted.auditLevel()));
        }
        return steps;
    }

    /**
     * The ends the file gives, set where they differ from what the catalog holds ({@code was}, for
     * the entries in {@code heldHosts} and {@code heldGrants}; a new entry is added permanent first).
     * Catalog only: the backend account holds the entries whatever their end.
     */
    private static Optional<ChangePlan> lifetimes(
            DesiredAccount wanted, long id, Expiries was, Set<HostPattern> heldHosts, Set<Grant> heldGrants) {
        String name = wanted.user().value();
        List<CatalogStatement> catalog = new ArrayList<>();
        List<String> summary = new ArrayList<>();
        for (HostPattern host : wanted.hosts()) {
            Optional<Instant> before = heldHosts.contains(host) ? was.of(host) : Optional.empty();
            Optional<Instant> after = wanted.expiries().of(host);
            if (!after.equals(before)) {
                catalog.add(CatalogWrites.setHostExpiry(id, host, after));
                summary.add("account '" + name + "': host pattern '" + host.text() + "' "
                        + change(before, after, heldHosts.contains(host)));
            }
        }
        for (Grant grant : wanted.grants().stream()
                .sorted(Comparator.comparing(Grant::toString))
                .toList()) {
            Optional<Instant> before = heldGrants.contains(grant) ? was.of(grant) : Optional.empty();
            Optional<Instant> after = wanted.expiries().of(grant);
            if (!after.equals(before)) {
                catalog.add(CatalogWrites.setGrantExpiry(id, grant, after));
                summary.add(
                        "account '" + name + "': " + grant + " " + change(before, after, heldGrants.contains(grant)));
            }
        }
        return catalog.isEmpty()
                ? Optional.empty()
                : Optional.of(new ChangePlan(
                        ACTION, wanted.user(), catalog, List.of(), List.of(), summary, Optional.empty()));
    }

    /** E.g. {@code until T (was until T0; extended)}; a new entry's end alone. */
    private static String change(Optional<Instant> before, Optional<Instant> after, boolean held) {
        String is = Expiry.lasting(after);
        if (!held) {
            return is;
        }
        String how;
        if (after.isEmpty()) {
            how = "made permanent: the file gives it no expires";
        } else if (before.isEmpty()) {
            how = "it ends now";
        } else {
            how = after.get().isBefore(before.get()) ? "shortened: access ends sooner" : "extended";
        }
        return is + " (was " + Expiry.lasting(before) + "; " + how + ")";
    }

    /** An end already past would be swept at once: the file is stale, or the time is a typo. */
    private static void refusePast(DesiredAccount wanted, Instant now) {
        wanted.expiries()
                .hosts()
                .forEach((host, end) -> refusePast(wanted, "host pattern '" + host.text() + "'", end, now));
        wanted.expiries().grants().forEach((grant, end) -> refusePast(wanted, grant.toString(), end, now));
    }

    private static void refusePast(DesiredAccount wanted, String entry, Instant end, Instant now) {
        if (!end.isAfter(now)) {
            throw new IllegalArgumentException("account '" + wanted.user().value() + "': " + entry + " expires "
                    + Expiry.text(end) + ", which is already past (the catalog server's clock says "
                    + Expiry.text(now) + "): give a later time, or leave the entry out");
        }
    }

    /** The step without its backend statements, which a {@link Reprovision} step makes instead. */
    private static ChangePlan catalogOnly(ChangePlan step) {
        return new ChangePlan(
                step.action(),
                step.user(),
                step.catalog(),
                List.of(),
                List.of(),
                step.summary(),
                step.generatedPassword());
    }

    /** A password change when the file's password is not the account's, or its auth plugin is another. */
    private Optional<ChangePlan> password(DesiredAccount wanted, Account account) {
        boolean otherPlugin = wanted.authPlugin() != account.authPlugin();
        if (wanted.password().isEmpty()) {
            if (otherPlugin) {
                throw new IllegalArgumentException("account '" + wanted.user().value() + "' uses "
                        + account.authPlugin().pluginName() + "; changing it to "
                        + wanted.authPlugin().pluginName()
                        + " needs its password by reference, password: {env: VAR} or {file: PATH}");
            }
            return Optional.empty();
        }
        Secret password = wanted.password().get();
        if (!otherPlugin && account.verifier().matches(password.reveal())) {
            return Optional.empty();
        }
        return Optional.of(users.password(
                wanted.user(),
                Optional.of(account),
                Optional.of(password),
                false,
                otherPlugin ? Optional.of(wanted.authPlugin()) : Optional.empty(),
                false));
    }

    /** The limit and the TLS requirement: catalog only, like the options of {@code admin grant} that set them. */
    private static ChangePlan settings(DesiredAccount wanted, Account account) {
        String name = wanted.user().value();
        List<CatalogStatement> catalog = new ArrayList<>();
        List<String> summary = new ArrayList<>();
        if (wanted.requireTls() != account.requireTls()) {
            catalog.add(CatalogWrites.setRequireTls(account.id(), wanted.requireTls()));
            summary.add("account '" + name + "': " + (wanted.requireTls() ? "TLS required" : "TLS no longer required"));
        }
        if (!wanted.maxConnections().equals(account.maxConnections())) {
            catalog.add(CatalogWrites.setMaxConnections(account.id(), wanted.maxConnections()));
            summary.add("account '" + name + "': max connections " + limit(wanted.maxConnections()) + " (was "
                    + limit(account.maxConnections()) + ")");
        }
        return new ChangePlan(ACTION, wanted.user(), catalog, List.of(), List.of(), summary, Optional.empty());
    }

    private static String limit(OptionalInt maxConnections) {
        return maxConnections.isPresent() ? Integer.toString(maxConnections.getAsInt()) : "no limit";
    }

    /** Dangerous grants the account already holds stay; new ones need the policy that allows them. */
    private static void refuseDangerous(DesiredAccount wanted, Set<Grant> held, PrivilegePolicy policy) {
        for (Grant grant : wanted.grants()) {
            if (!held.contains(grant)) {
                try {
                    Grant.of(grant.privilege(), grant.scope(), policy);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(
                            "account '" + wanted.user().value() + "': " + e.getMessage(), e);
                }
            }
        }
    }
}
