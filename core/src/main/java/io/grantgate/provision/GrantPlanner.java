package io.grantgate.provision;

import io.grantgate.account.AccountMirror;
import io.grantgate.account.BackendLogin;
import io.grantgate.account.BackendSecret;
import io.grantgate.account.BackendUserName;
import io.grantgate.auth.AuthPlugin;
import io.grantgate.auth.PasswordVerifier;
import io.grantgate.auth.Secret;
import io.grantgate.catalog.Account;
import io.grantgate.catalog.AccountStatus;
import io.grantgate.catalog.BackendAccount;
import io.grantgate.catalog.BackendState;
import io.grantgate.catalog.CatalogStatement;
import io.grantgate.catalog.CatalogWrites;
import io.grantgate.catalog.Grant;
import io.grantgate.catalog.HostPattern;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Plans {@code admin grant}: create the account when missing, then add what it lacks. Asking again
 * for what the account already has plans nothing (the command is idempotent).
 */
public final class GrantPlanner {

    private final BackendTarget backend;

    public GrantPlanner(BackendTarget backend) {
        this.backend = backend;
    }

    /**
     * @param current the account as the catalog holds it now (read under the change lock)
     * @param nextAccountId the id a new account gets
     */
    public ChangePlan plan(GrantRequest request, Optional<Account> current, long nextAccountId) {
        if (current.isPresent()) {
            if (request.mustCreate()) {
                throw new IllegalArgumentException("account '" + request.user().value() + "' already exists");
            }
            return extend(request, current.get());
        }
        return create(request, nextAccountId);
    }

    private ChangePlan create(GrantRequest request, long id) {
        String name = request.user().value();
        Secret password = request.password()
                .orElseThrow(() -> new IllegalArgumentException("account '" + name
                        + "' does not exist; creating it needs a password: --password-stdin or --generate-password"));
        if (request.hosts().isEmpty() && !request.mustCreate()) {
            throw new IllegalArgumentException(
                    "account '" + name + "' does not exist; creating it needs --host PATTERN");
        }
        Passwords.check(password);
        AuthPlugin plugin = request.authPlugin().orElse(AuthPlugin.CACHING_SHA2_PASSWORD);
        PasswordVerifier verifier = PasswordVerifier.create(plugin, password.reveal());
        BackendLogin login = new BackendLogin(BackendUserName.derive(request.user(), id), backend.accountHost());
        BackendAccount mirror = new BackendAccount(
                login.user(), login.host(), backend.dialect().backendAuthPlugin(), 1, BackendState.PROVISIONED);

        List<CatalogStatement> catalog = new ArrayList<>();
        catalog.add(CatalogWrites.insertAccount(
                id,
                request.user(),
                verifier,
                AccountStatus.ACTIVE,
                request.requireTls().orElse(false),
                request.maxConnections()));
        catalog.add(CatalogWrites.setVerifier(id, verifier));
        request.hosts().stream().distinct().forEach(h -> catalog.add(CatalogWrites.addHost(id, h)));
        request.grants().forEach(g -> catalog.add(CatalogWrites.addGrant(id, g)));
        catalog.add(CatalogWrites.insertBackendAccount(id, mirror));

        BackendStatements sql = backend.statements();
        List<BackendStatement> statements =
                new ArrayList<>(sql.create(login, BackendSecret.password(backend.masterKey(), login.user(), 1)));
        // a clean slate: a leftover backend account of that name (an earlier, half-finished run) keeps nothing
        statements.add(sql.revokeAll(login));
        statements.addAll(sql.grant(login, request.grants()));

        List<String> summary = new ArrayList<>();
        summary.add("account '" + name + "' created (" + plugin.pluginName() + ")" + hostsText(request.hosts())
                + grantsText(request.grants()));
        summary.add("backend account " + login.sql() + " provisioned");
        return new ChangePlan(
                "grant",
                request.user(),
                catalog,
                statements,
                List.of(sql.drop(login)),
                summary,
                request.passwordGenerated() ? request.password() : Optional.empty());
    }

    private ChangePlan extend(GrantRequest request, Account account) {
        String name = account.user().value();
        // the account's current password changes nothing, so a provisioning script can run again;
        // any other is a password change, which has a command of its own
        boolean samePassword = request.password().isPresent()
                && account.verifier().matches(request.password().get().reveal());
        if (request.password().isPresent() && !samePassword) {
            throw new IllegalArgumentException(
                    "account '" + name + "' exists; change its password with 'admin user password " + name + "'");
        }
        request.authPlugin().filter(p -> p != account.authPlugin()).ifPresent(p -> {
            throw new IllegalArgumentException("account '" + name + "' uses "
                    + account.authPlugin().pluginName() + "; change it with 'admin user password " + name
                    + " --auth-plugin " + p.pluginName() + "'");
        });
        Set<HostPattern> newHosts = new LinkedHashSet<>(request.hosts());
        newHosts.removeAll(account.hosts());
        Set<Grant> newGrants = new LinkedHashSet<>(request.grants());
        newGrants.removeAll(account.grants());

        long id = account.id();
        List<CatalogStatement> catalog = new ArrayList<>();
        List<String> summary = new ArrayList<>();
        newHosts.forEach(h -> catalog.add(CatalogWrites.addHost(id, h)));
        newGrants.forEach(g -> catalog.add(CatalogWrites.addGrant(id, g)));
        request.maxConnections().ifPresent(n -> {
            if (!account.maxConnections().equals(OptionalInt.of(n))) {
                catalog.add(CatalogWrites.setMaxConnections(id, OptionalInt.of(n)));
                summary.add("max connections " + n);
            }
        });
        request.requireTls().filter(tls -> tls != account.requireTls()).ifPresent(tls -> {
            catalog.add(CatalogWrites.setRequireTls(id, tls));
            summary.add(tls ? "TLS required" : "TLS no longer required");
        });
        if (catalog.isEmpty()) {
            return ChangePlan.nothing(
                    "grant",
                    account.user(),
                    "nothing to change: account '" + name + "' already has all of it" + hostsText(request.hosts())
                            + grantsText(request.grants())
                            + (samePassword ? "; the password given is its current one" : ""));
        }
        summary.addFirst("account '" + name + "'" + (newHosts.isEmpty() ? "" : hostsText(List.copyOf(newHosts)))
                + (newGrants.isEmpty() ? "" : grantsText(newGrants)));
        BackendLogin login = AccountMirror.loginOf(account);
        BackendStatements sql = backend.statements();
        return new ChangePlan(
                "grant",
                account.user(),
                catalog,
                sql.grant(login, newGrants),
                sql.revoke(login, newGrants),
                summary,
                Optional.empty());
    }

    static String hostsText(List<HostPattern> hosts) {
        return hosts.isEmpty()
                ? ""
                : "; allowed from "
                        + String.join(
                                ", ",
                                hosts.stream().map(h -> "'" + h.text() + "'").toList());
    }

    static String grantsText(Set<Grant> grants) {
        return grants.isEmpty() ? "" : "; " + Grants.describe(grants);
    }
}
