package io.grantgate.provision;

import io.grantgate.account.AccountMirror;
import io.grantgate.account.BackendLogin;
import io.grantgate.catalog.Account;
import io.grantgate.catalog.CatalogStatement;
import io.grantgate.catalog.CatalogWrites;
import io.grantgate.catalog.Grant;
import io.grantgate.catalog.HostPattern;
import io.grantgate.catalog.Privilege;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Plans {@code admin revoke}: remove host patterns and grants the account holds; the rest is a no-op. */
public final class RevokePlanner {

    private final BackendTarget backend;

    public RevokePlanner(BackendTarget backend) {
        this.backend = backend;
    }

    public ChangePlan plan(RevokeRequest request, Optional<Account> current) {
        Account account = current.orElseThrow(() ->
                new IllegalArgumentException("no account '" + request.user().value() + "'"));
        Set<HostPattern> hosts = new LinkedHashSet<>(request.hosts());
        hosts.retainAll(account.hosts());
        Set<Grant> grants = request.allGrants() ? Set.copyOf(account.grants()) : held(account, request.grants());

        long id = account.id();
        List<CatalogStatement> catalog = new ArrayList<>();
        hosts.forEach(h -> catalog.add(CatalogWrites.removeHost(id, h)));
        grants.forEach(g -> catalog.add(CatalogWrites.removeGrant(id, g)));
        if (catalog.isEmpty()) {
            return ChangePlan.nothing(
                    "revoke",
                    account.user(),
                    "nothing to revoke: account '" + account.user().value() + "' holds none of that");
        }
        List<String> summary = new ArrayList<>();
        String name = account.user().value();
        if (!hosts.isEmpty()) {
            summary.add("account '" + name + "' no longer allowed from "
                    + String.join(
                            ", ", hosts.stream().map(h -> "'" + h.text() + "'").toList())
                    + "; its open sessions from there are closed at the gateways' next catalog poll");
        }
        if (!grants.isEmpty()) {
            summary.add("account '" + name + "' lost " + Grants.describe(grants));
        }
        if (hosts.size() == account.hosts().size() && !hosts.isEmpty()) {
            summary.add("account '" + name + "' has no host left and cannot log in; add one with 'admin grant " + name
                    + " --host PATTERN'");
        }
        BackendLogin login = AccountMirror.loginOf(account);
        BackendStatements sql = backend.statements();
        // a privilege one of its roles gives stays on the backend account (and its sessions go on)
        Set<Grant> backendGone = new LinkedHashSet<>(grants);
        backendGone.removeAll(account.roleGrants());
        Set<Grant> kept = new LinkedHashSet<>(grants);
        kept.removeAll(backendGone);
        if (!kept.isEmpty()) {
            summary.add("account '" + name + "' still has " + Grants.describe(kept) + " from its roles");
        }
        return new ChangePlan(
                "revoke",
                account.user(),
                catalog,
                sql.revoke(login, backendGone),
                sql.grant(login, backendGone),
                summary,
                Optional.empty());
    }

    /**
     * The requested grants the account holds. ALL PRIVILEGES on a scope where the account holds
     * single privileges means all of those, as an admin typing "revoke ALL on shop.*" expects.
     */
    private static Set<Grant> held(Account account, Set<Grant> requested) {
        Set<Grant> held = new LinkedHashSet<>();
        for (Grant grant : requested) {
            if (account.grants().contains(grant)) {
                held.add(grant);
            } else if (grant.privilege() == Privilege.ALL_PRIVILEGES) {
                account.grants().stream()
                        .filter(g -> g.scope().equals(grant.scope()))
                        .forEach(held::add);
            }
        }
        return held;
    }
}
