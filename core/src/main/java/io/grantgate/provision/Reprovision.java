package io.grantgate.provision;

import io.grantgate.account.AccountMirror;
import io.grantgate.account.BackendLogin;
import io.grantgate.catalog.Account;
import io.grantgate.catalog.Grant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The backend part of a change to an account's effective grants ({@link Account#effectiveGrants()}:
 * its own and its roles'): from what they were to what they will be, GRANT what is new and REVOKE
 * what no source gives any more. Planned from the two whole sets rather than from each source's
 * change, so that a privilege one source loses while another keeps (or gains) it is never revoked.
 */
final class Reprovision {

    private Reprovision() {}

    /**
     * One step of a change, backend statements only; {@link ChangePlan#nothing} when the two sets
     * are the same.
     */
    static ChangePlan of(String action, BackendTarget backend, Account account, Set<Grant> before, Set<Grant> after) {
        Set<Grant> granted = new LinkedHashSet<>(Grants.ordered(after));
        granted.removeAll(before);
        Set<Grant> revoked = new LinkedHashSet<>(Grants.ordered(before));
        revoked.removeAll(after);
        if (granted.isEmpty() && revoked.isEmpty()) {
            return ChangePlan.nothing(action, account.user(), "");
        }
        BackendLogin login = AccountMirror.loginOf(account);
        BackendStatements sql = backend.statements();
        List<BackendStatement> statements = new ArrayList<>();
        List<BackendStatement> undo = new ArrayList<>();
        List<String> summary = new ArrayList<>();
        String name = account.user().value();
        if (!revoked.isEmpty()) {
            statements.addAll(sql.revoke(login, revoked));
            summary.add("account '" + name + "' no longer has " + Grants.describe(revoked)
                    + "; its open sessions are closed at the gateways' next catalog poll");
        }
        if (!granted.isEmpty()) {
            statements.addAll(sql.grant(login, granted));
            summary.add("account '" + name + "' now has " + Grants.describe(granted));
        }
        // the undo of a step runs whole, in reverse: the grants taken back, then the revokes
        if (!granted.isEmpty()) {
            undo.addAll(sql.revoke(login, granted));
        }
        if (!revoked.isEmpty()) {
            undo.addAll(sql.grant(login, revoked));
        }
        return new ChangePlan(action, account.user(), List.of(), statements, undo, summary, Optional.empty());
    }
}
