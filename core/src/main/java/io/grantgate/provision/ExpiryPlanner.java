package io.grantgate.provision;

import io.grantgate.account.AccountMirror;
import io.grantgate.account.BackendLogin;
import io.grantgate.catalog.Account;
import io.grantgate.catalog.CatalogStatement;
import io.grantgate.catalog.CatalogWrites;
import io.grantgate.catalog.Expiries;
import io.grantgate.catalog.Grant;
import io.grantgate.catalog.HostPattern;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Plans the end of an account's expired access: the host patterns and grants whose time is up leave
 * the catalog, and the grants are revoked on the backend account. The gateways stopped honouring
 * them at their expiry; this is what makes the backend agree. Planned under the change lock, so of
 * two admins sweeping at once the second finds nothing left to do.
 */
public final class ExpiryPlanner {

    /** The admin change's action, as the audit trail records it ({@code reason} of the {@code admin_change}). */
    public static final String ACTION = "expire";

    private final BackendTarget backend;

    public ExpiryPlanner(BackendTarget backend) {
        this.backend = backend;
    }

    /** @param now the catalog server's time */
    public ChangePlan plan(Account account, Instant now) {
        Expiries expired = account.asOf(now).expiries();
        Set<HostPattern> hosts = expired.expiredHosts();
        Set<Grant> grants = expired.expiredGrants();
        String name = account.user().value();
        if (hosts.isEmpty() && grants.isEmpty()) {
            return ChangePlan.nothing(ACTION, account.user(), "nothing of account '" + name + "' has expired");
        }
        long id = account.id();
        List<CatalogStatement> catalog = new ArrayList<>();
        List<String> summary = new ArrayList<>();
        for (HostPattern host : hosts) {
            catalog.add(CatalogWrites.removeHost(id, host));
            summary.add("account '" + name + "': host pattern '" + host.text() + "' expired at "
                    + Expiry.text(account.expiries().of(host).orElseThrow()) + " and is removed");
        }
        for (Grant grant : grants) {
            catalog.add(CatalogWrites.removeGrant(id, grant));
            summary.add("account '" + name + "': " + grant + " expired at "
                    + Expiry.text(account.expiries().of(grant).orElseThrow()) + " and is revoked");
        }
        BackendLogin login = AccountMirror.loginOf(account);
        BackendStatements sql = backend.statements();
        // an expired grant that one of its roles gives stays on the backend account
        Set<Grant> backendGone = new LinkedHashSet<>(grants);
        backendGone.removeAll(account.roleGrants());
        return new ChangePlan(
                ACTION,
                account.user(),
                catalog,
                sql.revoke(login, backendGone),
                sql.grant(login, backendGone),
                summary,
                Optional.empty());
    }
}
