package io.grantgate.catalog;

import io.grantgate.auth.AuthPlugin;
import io.grantgate.auth.PasswordVerifier;
import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;

/**
 * A gateway account as the catalog holds it: who, how it authenticates, whether it may log in, from
 * where, with which grants, and the backend account it runs as.
 *
 * @param hosts most specific first ({@link HostPattern#MOST_SPECIFIC_FIRST})
 * @param maxConnections empty for no per-account limit
 * @param backend empty only while the account is being created
 * @param auditLevel empty when the account follows the gateways' {@code audit.default-level}
 * @param expiries when its time-limited host patterns and grants end
 * @param passwordExpired the password must be changed before anything else ({@code admin user
 *     password --expire}): a login is let into the sandbox, where only a password change runs
 * @param roles the roles the account has, each with its grants: its {@linkplain #effectiveGrants()
 *     effective grants} are {@link #grants} (its own) and these together
 */
public record Account(
        long id,
        UserName user,
        AuthPlugin authPlugin,
        PasswordVerifier verifier,
        AccountStatus status,
        boolean requireTls,
        OptionalInt maxConnections,
        List<HostPattern> hosts,
        Set<Grant> grants,
        Optional<BackendAccount> backend,
        Optional<AuditLevel> auditLevel,
        Expiries expiries,
        boolean passwordExpired,
        Map<RoleName, Set<Grant>> roles) {

    /** An account with no role. */
    public Account(
            long id,
            UserName user,
            AuthPlugin authPlugin,
            PasswordVerifier verifier,
            AccountStatus status,
            boolean requireTls,
            OptionalInt maxConnections,
            List<HostPattern> hosts,
            Set<Grant> grants,
            Optional<BackendAccount> backend,
            Optional<AuditLevel> auditLevel,
            Expiries expiries,
            boolean passwordExpired) {
        this(
                id,
                user,
                authPlugin,
                verifier,
                status,
                requireTls,
                maxConnections,
                hosts,
                grants,
                backend,
                auditLevel,
                expiries,
                passwordExpired,
                Map.of());
    }

    public Account {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(authPlugin, "authPlugin");
        Objects.requireNonNull(verifier, "verifier");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(maxConnections, "maxConnections");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(auditLevel, "auditLevel");
        Objects.requireNonNull(expiries, "expiries");
        if (verifier.plugin() != authPlugin) {
            throw new IllegalArgumentException("account " + user + ": verifier is for "
                    + verifier.plugin().pluginName() + " but the account uses " + authPlugin.pluginName());
        }
        hosts = hosts.stream().sorted(HostPattern.MOST_SPECIFIC_FIRST).toList();
        grants = Set.copyOf(grants);
        Map<RoleName, Set<Grant>> copied = new TreeMap<>(Comparator.comparing(RoleName::value));
        roles.forEach((role, granted) -> copied.put(role, Set.copyOf(granted)));
        roles = Collections.unmodifiableMap(copied);
    }

    /**
     * What the account may do: its own grants and those of its roles. Its backend account holds
     * exactly these, as plain grants; a session that loses any of them is closed.
     */
    public Set<Grant> effectiveGrants() {
        if (roles.isEmpty()) {
            return grants;
        }
        Set<Grant> effective = new HashSet<>(grants);
        roles.values().forEach(effective::addAll);
        return Set.copyOf(effective);
    }

    /** The account's roles that give it {@code grant}, by name. */
    public List<RoleName> rolesGranting(Grant grant) {
        return roles.entrySet().stream()
                .filter(e -> e.getValue().contains(grant))
                .map(Map.Entry::getKey)
                .toList();
    }

    /** The grants its roles give it, whether or not it also holds them itself. */
    public Set<Grant> roleGrants() {
        Set<Grant> granted = new HashSet<>();
        roles.values().forEach(granted::addAll);
        return granted;
    }

    /** What the gateway records of this account's sessions, given the gateways' default for accounts without a level. */
    public AuditLevel auditLevel(AuditLevel gatewayDefault) {
        return auditLevel.orElse(gatewayDefault);
    }

    /**
     * The account as it stands at {@code now}: host patterns and grants whose time is up are taken
     * out of {@link #hosts} and {@link #grants} and listed as {@linkplain Expiries#expiredHosts()
     * expired}. This account itself when nothing has ended.
     */
    public Account asOf(Instant now) {
        Set<HostPattern> endedHosts = expiries.hostsEndedBy(now);
        Set<Grant> endedGrants = expiries.grantsEndedBy(now);
        if (endedHosts.isEmpty() && endedGrants.isEmpty()) {
            return this;
        }
        List<HostPattern> liveHosts =
                hosts.stream().filter(h -> !endedHosts.contains(h)).toList();
        Set<Grant> liveGrants = new HashSet<>(grants);
        liveGrants.removeAll(endedGrants);
        return new Account(
                id,
                user,
                authPlugin,
                verifier,
                status,
                requireTls,
                maxConnections,
                liveHosts,
                liveGrants,
                backend,
                auditLevel,
                expiries.ended(endedHosts, endedGrants),
                passwordExpired,
                roles);
    }

    /** Whether {@code pattern} is one of this account's host patterns (compared in normalised form). */
    public boolean allowsHost(HostPattern pattern) {
        return hosts.contains(pattern);
    }
}
