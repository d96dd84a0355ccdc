package io.grantgate.admin;

import com.fasterxml.jackson.databind.node.TextNode;
import io.grantgate.catalog.Account;
import io.grantgate.catalog.AccountStatus;
import io.grantgate.catalog.Expiries;
import io.grantgate.catalog.Grant;
import io.grantgate.catalog.GrantScope;
import io.grantgate.catalog.ObjectName;
import io.grantgate.catalog.Privilege;
import io.grantgate.catalog.Role;
import io.grantgate.catalog.RoleName;
import io.grantgate.provision.Expiry;
import io.grantgate.provision.Grants;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The catalog's accounts as an access file, in an order that does not depend on the catalog's
 * (accounts by name, host patterns most specific first, grants by scope and privileges in the
 * order SHOW GRANTS lists them), so that two exports differ only where the accounts do. Every
 * password is {@code keep}: the file holds no secret. A host pattern or grant that ends has its
 * {@code expires}; privileges on one scope that end at different times are entries of their own,
 * the permanent first.
 */
final class AccessExport {

    private AccessExport() {}

    static AccessFile of(List<Account> accounts) {
        return of(List.of(), accounts);
    }

    /** Roles by name before the accounts, which name them; no {@code roles} at all when there is none. */
    static AccessFile of(List<Role> roles, List<Account> accounts) {
        return new AccessFile(
                AccessFile.VERSION,
                roles.isEmpty()
                        ? null
                        : roles.stream()
                                .sorted(Comparator.comparing(r -> r.name().value()))
                                .map(r -> new AccessFile.RoleEntry(r.name().value(), grants(r.grants())))
                                .toList(),
                accounts.stream()
                        .sorted(Comparator.comparing(a -> a.user().value()))
                        .map(AccessExport::entry)
                        .toList());
    }

    private static AccessFile.AccountEntry entry(Account account) {
        return new AccessFile.AccountEntry(
                account.user().value(),
                account.authPlugin().pluginName(),
                TextNode.valueOf(AccessFileAccounts.KEEP),
                account.status() == AccountStatus.LOCKED ? AccessFileAccounts.LOCKED : AccessFileAccounts.UNLOCKED,
                account.requireTls(),
                account.maxConnections().isPresent() ? account.maxConnections().getAsInt() : null,
                account.auditLevel().map(l -> l.text()).orElse(AccessFileAccounts.DEFAULT_LEVEL),
                account.hosts().stream()
                        .map(h -> new AccessFile.HostEntry(
                                h.text(), expires(account.expiries().of(h))))
                        .toList(),
                Grants.byScope(account.grants()).entrySet().stream()
                        .flatMap(e -> byEnd(e.getKey(), e.getValue(), account.expiries()).entrySet().stream()
                                .map(end -> new AccessFile.GrantEntry(
                                        scopeText(e.getKey()),
                                        end.getValue().stream()
                                                .map(Privilege::sqlName)
                                                .toList(),
                                        expires(end.getKey()))))
                        .toList(),
                account.roles().isEmpty()
                        ? null
                        : account.roles().keySet().stream().map(RoleName::value).toList());
    }

    /** A role's grants, which never end. */
    private static List<AccessFile.GrantEntry> grants(Set<Grant> grants) {
        return Grants.byScope(grants).entrySet().stream()
                .map(e -> new AccessFile.GrantEntry(
                        scopeText(e.getKey()),
                        e.getValue().stream().map(Privilege::sqlName).toList(),
                        null))
                .toList();
    }

    /** The privileges on one scope (in their order) by when they end: the permanent first, then the earliest. */
    private static Map<Optional<Instant>, List<Privilege>> byEnd(
            GrantScope scope, List<Privilege> privileges, Expiries expiries) {
        Map<Optional<Instant>, List<Privilege>> ends =
                new TreeMap<>(Comparator.comparing((Optional<Instant> end) -> end.orElse(Instant.MIN)));
        privileges.forEach(p -> ends.computeIfAbsent(expiries.of(new Grant(p, scope)), end -> new ArrayList<>())
                .add(p));
        return ends;
    }

    private static String expires(Optional<Instant> end) {
        return end.map(Expiry::text).orElse(null);
    }

    /**
     * The scope as {@code admin grant --on} takes it: names bare where they can be ({@code shop.*}),
     * in backticks where they must ({@code `my.db`.*}); never the wildcard escapes of GRANT's form.
     */
    static String scopeText(GrantScope scope) {
        return switch (scope.level()) {
            case GLOBAL -> "*.*";
            case DATABASE -> name(scope.db()) + ".*";
            case TABLE -> name(scope.db()) + "." + name(scope.table());
        };
    }

    private static String name(String name) {
        try {
            if (GrantScope.parse(name + ".*").equals(GrantScope.database(name))) {
                return name;
            }
        } catch (IllegalArgumentException e) {
            // not a bare name: quoted below
        }
        return new ObjectName(name).quoted();
    }
}
