package io.grantgate.provision;

import io.grantgate.account.AccountMirror;
import io.grantgate.account.BackendLogin;
import io.grantgate.account.BackendSecret;
import io.grantgate.auth.Secret;
import io.grantgate.catalog.Account;
import io.grantgate.catalog.AccountStatus;
import io.grantgate.catalog.BackendAccount;
import io.grantgate.catalog.Grant;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Compares every catalog account with its backend account (exists, same grants, same lock state,
 * the derived password works) and finds backend accounts with a derived name the catalog does not
 * know (left by a change that died half-way). The catalog is the truth; each drift carries the
 * statements that make the backend match it.
 */
public final class DriftCheck {

    private final BackendTarget target;
    private final String backendJdbcUrl;

    /** @param backendJdbcUrl where backend accounts log in, to check their derived passwords */
    public DriftCheck(BackendTarget target, String backendJdbcUrl) {
        this.target = target;
        this.backendJdbcUrl = backendJdbcUrl;
    }

    public List<Drift> check(Connection admin, List<Account> accounts) throws SQLException {
        List<Drift> drifts = new ArrayList<>();
        Set<BackendLogin> known = new HashSet<>();
        for (Account account : accounts) {
            if (account.backend().isEmpty()) {
                drifts.add(new Drift(account.user().value(), "no backend account in the catalog", List.of(), false));
                continue;
            }
            BackendLogin login = AccountMirror.loginOf(account);
            known.add(login);
            drifts.addAll(checkOne(admin, account, login));
        }
        BackendStatements sql = target.statements();
        for (BackendLogin orphan : BackendGrants.derivedAccounts(admin)) {
            if (!known.contains(orphan)) {
                drifts.add(new Drift(
                        orphan.user(),
                        "backend account " + orphan.sql() + " has no catalog account (orphan)",
                        List.of(sql.drop(orphan)),
                        true));
            }
        }
        return drifts;
    }

    private List<Drift> checkOne(Connection admin, Account account, BackendLogin login) throws SQLException {
        String name = account.user().value();
        BackendStatements sql = target.statements();
        BackendAccount backend = account.backend().orElseThrow();
        Secret secret = BackendSecret.password(target.masterKey(), login.user(), backend.secretVersion());
        if (!BackendGrants.exists(admin, login)) {
            List<BackendStatement> repair = new ArrayList<>(sql.create(login, secret));
            repair.addAll(sql.grant(login, account.effectiveGrants()));
            if (account.status() == AccountStatus.LOCKED) {
                repair.add(sql.lock(login));
            }
            return List.of(new Drift(name, "backend account " + login.sql() + " is missing", repair, false));
        }
        List<Drift> drifts = new ArrayList<>();
        Set<Grant> held = BackendGrants.read(admin, login);
        Set<Grant> missing = new HashSet<>(account.effectiveGrants());
        missing.removeAll(held);
        Set<Grant> extra = new HashSet<>(held);
        extra.removeAll(account.effectiveGrants());
        if (!missing.isEmpty()) {
            drifts.add(new Drift(name, "backend lacks " + Grants.describe(missing), sql.grant(login, missing), false));
        }
        if (!extra.isEmpty()) {
            drifts.add(new Drift(name, "backend has extra " + Grants.describe(extra), sql.revoke(login, extra), false));
        }
        boolean locked = BackendGrants.isLocked(admin, login);
        if (locked != (account.status() == AccountStatus.LOCKED)) {
            drifts.add(new Drift(
                    name,
                    "backend account is " + (locked ? "locked" : "unlocked") + " but the catalog says "
                            + account.status().code(),
                    List.of(locked ? sql.unlock(login) : sql.lock(login)),
                    false));
        }
        if (!locked && !canLogIn(login, secret)) {
            drifts.add(new Drift(
                    name,
                    "the derived password does not log in as " + login.sql()
                            + " (another master key, or changed on the backend)",
                    List.of(sql.setPassword(login, secret)),
                    false));
        }
        return drifts;
    }

    private boolean canLogIn(BackendLogin login, Secret secret) {
        try (Connection ignored = DriverManager.getConnection(backendJdbcUrl, login.user(), secret.reveal())) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }
}
