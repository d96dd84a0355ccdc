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
import io.grantgate.catalog.Expiries;
import io.grantgate.catalog.Grant;
import io.grantgate.catalog.HostPattern;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Plans {@code admin grant}: create the account when missing, then add what it lacks. Asking again
 * for what the account already has plans nothing (the command is idempotent). The host patterns and
 * grants named last as the request's {@link Lifetime} says; a grant never makes an entry end sooner
 * than it does, so naming a time-limited entry without a lifetime makes it permanent, and naming a
 * permanent one with a lifetime leaves it permanent.
 */
public final class GrantPlanner {

    private final BackendTarget backend;

    public GrantPlanner(BackendTarget backend) {
        this.backend = backend;
    }

    /**
     * @param current the account as the catalog holds it now (read under the change lock)
     * @param nextAccountId the id a new account gets
     * @param now the catalog server's time, which {@code --for} counts from
     */
    public ChangePlan plan(GrantRequest request, Optional<Account> current, long nextAccountId, Instant now) {
        boolean limited = request.lifetime() instanceof Lifetime.For || request.lifetime() instanceof Lifetime.Until;
        if (limited && request.hosts().isEmpty() && request.grants().isEmpty()) {
            throw new IllegalArgumentException("--for and --until apply to the host patterns and privileges the"
                    + " command names: name some with --host or --privileges (to lengthen access, --extend)");
        }
        if (current.isPresent()) {
            if (request.mustCreate()) {
                throw new IllegalArgumentException("account '" + request.user().value() + "' already exists");
            }
            if (request.lifetime() instanceof Lifetime.Extend extend) {
                return prolong(request, current.get(), extend.duration(), now);
            }
            return extend(request, current.get(), end(request.lifetime(), now));
        }
        if (request.lifetime() instanceof Lifetime.Extend) {
            throw new IllegalArgumentException("account '" + request.user().value()
                    + "' does not exist; --extend lengthens access an account has");
        }
        return create(request, nextAccountId, end(request.lifetime(), now));
    }

    /** When what the request names ends; empty for never. */
    private static Optional<Instant> end(Lifetime lifetime, Instant now) {
        return switch (lifetime) {
            case Lifetime.Permanent permanent -> Optional.empty();
            case Lifetime.For lasting -> Optional.of(now.plus(lasting.duration()));
            case Lifetime.Until until -> {
                if (!until.end().isAfter(now)) {
                    throw new IllegalArgumentException("--until " + Expiry.text(until.end())
                            + " is already past (the catalog server's clock says " + Expiry.text(now) + ")");
                }
                yield Optional.of(until.end());
            }
            case Lifetime.Extend extend -> throw new IllegalStateException("--extend is planned by prolong");
        };
    }

    private ChangePlan create(GrantRequest request, long id, Optional<Instant> end) {
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
        request.hosts().stream().distinct().forEach(h -> catalog.add(CatalogWrites.addHost(id, h, end)));
        request.grants().forEach(g -> catalog.add(CatalogWrites.addGrant(id, g, end)));
        catalog.add(CatalogWrites.insertBackendAccount(id, mirror));

        BackendStatements sql = backend.statements();
        List<BackendStatement> statements =
                new ArrayList<>(sql.create(login, BackendSecret.password(backend.masterKey(), login.user(), 1)));
        // a clean slate: a leftover backend account of that name (an earlier, half-finished run) keeps nothing
        statements.add(sql.revokeAll(login));
        statements.addAll(sql.grant(login, request.grants()));

        List<String> summary = new ArrayList<>();
        summary.add("account '" + name + "' created (" + plugin.pluginName() + ")" + hostsText(request.hosts())
                + grantsText(request.grants()) + Expiry.suffix(end));
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

    private ChangePlan extend(GrantRequest request, Account account, Optional<Instant> end) {
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
        newHosts.forEach(h -> catalog.add(CatalogWrites.addHost(id, h, end)));
        newGrants.forEach(g -> catalog.add(CatalogWrites.addGrant(id, g, end)));
        List<String> lifetimes = new ArrayList<>();
        for (HostPattern host : request.hosts()) {
            Optional<Instant> was = account.expiries().of(host);
            Optional<Instant> is = Expiry.later(was, end);
            if (account.hosts().contains(host) && !is.equals(was)) {
                catalog.add(CatalogWrites.setHostExpiry(id, host, is));
                lifetimes.add("account '" + name + "': host pattern '" + host.text() + "' " + Expiry.lasting(is)
                        + " (was " + Expiry.lasting(was) + ")");
            }
        }
        for (Grant grant : request.grants()) {
            Optional<Instant> was = account.expiries().of(grant);
            Optional<Instant> is = Expiry.later(was, end);
            if (account.grants().contains(grant) && !is.equals(was)) {
                catalog.add(CatalogWrites.setGrantExpiry(id, grant, is));
                lifetimes.add("account '" + name + "': " + grant + " " + Expiry.lasting(is) + " (was "
                        + Expiry.lasting(was) + ")");
            }
        }
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
                            + (end.isPresent() ? "; a grant never makes access end sooner than it does" : "")
                            + (samePassword ? "; the password given is its current one" : ""));
        }
        summary.addAll(0, lifetimes);
        if (!newHosts.isEmpty() || !newGrants.isEmpty() || lifetimes.isEmpty()) {
            summary.addFirst("account '" + name + "'" + (newHosts.isEmpty() ? "" : hostsText(List.copyOf(newHosts)))
                    + (newGrants.isEmpty() ? "" : grantsText(newGrants)) + Expiry.suffix(end));
        }
        BackendLogin login = AccountMirror.loginOf(account);
        BackendStatements sql = backend.statements();
        // what one of its roles gives it, the backend account holds already
        Set<Grant> backendNew = new LinkedHashSet<>(newGrants);
        backendNew.removeAll(account.effectiveGrants());
        return new ChangePlan(
                "grant",
                account.user(),
                catalog,
                sql.grant(login, backendNew),
                sql.revoke(login, backendNew),
                summary,
                Optional.empty());
    }

    /**
     * {@code --extend}: the time-limited entries named (all of the account's when none is named)
     * end {@code by} later. Touches the catalog only: the backend account holds them already.
     */
    private ChangePlan prolong(GrantRequest request, Account account, Duration by, Instant now) {
        String name = account.user().value();
        if (request.password().isPresent()
                || request.maxConnections().isPresent()
                || request.requireTls().isPresent()
                || request.authPlugin().isPresent()) {
            throw new IllegalArgumentException(
                    "--extend takes host patterns and privileges only; change the rest in a grant of its own");
        }
        Expiries expiries = account.expiries();
        boolean named = !request.hosts().isEmpty() || !request.grants().isEmpty();
        Map<HostPattern, Instant> hosts = new LinkedHashMap<>();
        Map<Grant, Instant> grants = new LinkedHashMap<>();
        if (named) {
            for (HostPattern host : request.hosts()) {
                if (!account.hosts().contains(host)) {
                    throw new IllegalArgumentException("account '" + name + "' has no host pattern '" + host.text()
                            + "': --extend lengthens what it has; add it with --for or --until");
                }
                hosts.put(
                        host,
                        expiries.of(host)
                                .orElseThrow(() -> new IllegalArgumentException("host pattern '" + host.text()
                                        + "' of account '" + name + "' does not expire: nothing to extend")));
            }
            for (Grant grant : request.grants()) {
                if (!account.grants().contains(grant)) {
                    throw new IllegalArgumentException("account '" + name + "' does not hold " + grant
                            + ": --extend lengthens what it has; add it with --for or --until");
                }
                grants.put(
                        grant,
                        expiries.of(grant)
                                .orElseThrow(() -> new IllegalArgumentException(
                                        grant + " of account '" + name + "' does not expire: nothing to extend")));
            }
        } else {
            hosts.putAll(expiries.hosts());
            grants.putAll(expiries.grants());
            if (hosts.isEmpty() && grants.isEmpty()) {
                throw new IllegalArgumentException("nothing of account '" + name + "' expires: nothing to extend");
            }
        }
        long id = account.id();
        List<CatalogStatement> catalog = new ArrayList<>();
        List<String> summary = new ArrayList<>();
        hosts.forEach((host, was) -> {
            Instant is = prolonged(was, by, now, "host pattern '" + host.text() + "'");
            catalog.add(CatalogWrites.setHostExpiry(id, host, Optional.of(is)));
            summary.add("account '" + name + "': host pattern '" + host.text() + "' " + Expiry.lasting(Optional.of(is))
                    + " (was " + Expiry.lasting(Optional.of(was)) + ")");
        });
        grants.forEach((grant, was) -> {
            Instant is = prolonged(was, by, now, grant.toString());
            catalog.add(CatalogWrites.setGrantExpiry(id, grant, Optional.of(is)));
            summary.add("account '" + name + "': " + grant + " " + Expiry.lasting(Optional.of(is)) + " (was "
                    + Expiry.lasting(Optional.of(was)) + ")");
        });
        return new ChangePlan("grant", account.user(), catalog, List.of(), List.of(), summary, Optional.empty());
    }

    private static Instant prolonged(Instant was, Duration by, Instant now, String what) {
        Instant is = was.plus(by);
        if (!is.isAfter(now)) {
            throw new IllegalArgumentException(what + " expired at " + Expiry.text(was) + "; " + by.toString()
                    + " later is still past: grant it again with --for or --until");
        }
        return is;
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
