package io.grantgate.provision;

import io.grantgate.account.AccountMirror;
import io.grantgate.account.BackendLogin;
import io.grantgate.auth.AuthPlugin;
import io.grantgate.auth.PasswordVerifier;
import io.grantgate.auth.Secret;
import io.grantgate.catalog.Account;
import io.grantgate.catalog.AccountStatus;
import io.grantgate.catalog.CatalogStatement;
import io.grantgate.catalog.CatalogWrites;
import io.grantgate.catalog.UserName;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Plans {@code admin user drop|lock|unlock|password}. */
public final class UserPlanner {

    private final BackendTarget backend;

    public UserPlanner(BackendTarget backend) {
        this.backend = backend;
    }

    public ChangePlan drop(UserName user, Optional<Account> current) {
        Account account = existing(user, current);
        BackendLogin login = AccountMirror.loginOf(account);
        return new ChangePlan(
                "drop",
                user,
                CatalogWrites.deleteAccount(account.id()),
                List.of(backend.statements().drop(login)),
                List.of(),
                List.of("account '" + user.value() + "' dropped, with its hosts, grants and backend account "
                        + login.sql() + "; its open sessions are closed at the gateways' next catalog poll"),
                Optional.empty());
    }

    /** Lock or unlock: the catalog refuses logins, and the backend account is locked too, in depth. */
    public ChangePlan lock(UserName user, Optional<Account> current, boolean lock) {
        Account account = existing(user, current);
        AccountStatus wanted = lock ? AccountStatus.LOCKED : AccountStatus.ACTIVE;
        String action = lock ? "lock" : "unlock";
        if (account.status() == wanted) {
            return ChangePlan.nothing(
                    action, user, "nothing to change: account '" + user.value() + "' is already " + wanted.code());
        }
        BackendLogin login = AccountMirror.loginOf(account);
        BackendStatements sql = backend.statements();
        return new ChangePlan(
                action,
                user,
                List.of(CatalogWrites.setStatus(account.id(), wanted)),
                List.of(lock ? sql.lock(login) : sql.unlock(login)),
                List.of(lock ? sql.unlock(login) : sql.lock(login)),
                List.of("account '" + user.value() + "' "
                        + (lock
                                ? "locked; its open sessions are closed at the gateways' next catalog poll"
                                : "unlocked")),
                Optional.empty());
    }

    /**
     * A new password, optionally with another auth plugin; with {@code expire}, the password (the new
     * one, or the current one when none is given) is marked expired, so that the next login may only
     * change it. The backend password does not change.
     */
    public ChangePlan password(
            UserName user,
            Optional<Account> current,
            Optional<Secret> password,
            boolean generated,
            Optional<AuthPlugin> plugin,
            boolean expire) {
        Account account = existing(user, current);
        List<CatalogStatement> catalog = new ArrayList<>();
        List<String> summary = new ArrayList<>();
        if (password.isPresent()) {
            Passwords.check(password.get());
            AuthPlugin newPlugin = plugin.orElse(account.authPlugin());
            PasswordVerifier verifier =
                    PasswordVerifier.create(newPlugin, password.get().reveal());
            catalog.add(CatalogWrites.setVerifier(account.id(), verifier));
            if (newPlugin != account.authPlugin()) {
                catalog.add(CatalogWrites.setAuthPlugin(account.id(), newPlugin));
                catalog.add(CatalogWrites.keepOnlyVerifier(account.id(), newPlugin));
            }
            catalog.add(CatalogWrites.passwordChanged(account.id()));
            summary.add("password of account '" + user.value() + "' changed (" + newPlugin.pluginName() + ")");
        } else if (plugin.isPresent()) {
            throw new IllegalArgumentException("--auth-plugin needs a new password");
        } else if (!expire) {
            throw new IllegalArgumentException("give a new password, --expire, or both");
        } else if (account.passwordExpired()) {
            return ChangePlan.nothing(
                    "password", user, "nothing to change: the password of '" + user.value() + "' has already expired");
        }
        if (expire) {
            catalog.add(CatalogWrites.expirePassword(account.id()));
            summary.add("password of account '" + user.value()
                    + "' expired: its next logins may only change it (SET PASSWORD, ALTER USER ... IDENTIFIED BY)");
        }
        return new ChangePlan(
                "password",
                user,
                catalog,
                List.of(),
                List.of(),
                summary,
                generated && password.isPresent() ? password : Optional.empty());
    }

    private static Account existing(UserName user, Optional<Account> current) {
        return current.orElseThrow(() -> new IllegalArgumentException("no account '" + user.value() + "'"));
    }
}
