package io.grantgate.provision;

import io.grantgate.auth.AuthPlugin;
import io.grantgate.auth.Secret;
import io.grantgate.catalog.AccountStatus;
import io.grantgate.catalog.AuditLevel;
import io.grantgate.catalog.Expiries;
import io.grantgate.catalog.Grant;
import io.grantgate.catalog.HostPattern;
import io.grantgate.catalog.RoleName;
import io.grantgate.catalog.UserName;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * An account as an access file ({@code admin apply}) wants it: everything the catalog holds of an
 * account but its id, its backend account and its password, which is given only when the file
 * names one by reference.
 *
 * @param password empty to keep the account's password; required for an account that does not exist yet
 * @param status {@link AccountStatus#ACTIVE} or {@link AccountStatus#LOCKED}
 * @param maxConnections empty for no per-account limit
 * @param auditLevel empty for the gateways' {@code audit.default-level}
 * @param expiries when the time-limited ones of {@code hosts} and {@code grants} end (the file's
 *     {@code expires}); the others are permanent
 * @param roles the roles it has, by name
 */
public record DesiredAccount(
        UserName user,
        AuthPlugin authPlugin,
        Optional<Secret> password,
        AccountStatus status,
        boolean requireTls,
        OptionalInt maxConnections,
        Optional<AuditLevel> auditLevel,
        List<HostPattern> hosts,
        Set<Grant> grants,
        Expiries expiries,
        Set<RoleName> roles) {

    /** An account with no role, whose host patterns and grants are all permanent. */
    public DesiredAccount(
            UserName user,
            AuthPlugin authPlugin,
            Optional<Secret> password,
            AccountStatus status,
            boolean requireTls,
            OptionalInt maxConnections,
            Optional<AuditLevel> auditLevel,
            List<HostPattern> hosts,
            Set<Grant> grants) {
        this(
                user,
                authPlugin,
                password,
                status,
                requireTls,
                maxConnections,
                auditLevel,
                hosts,
                grants,
                Expiries.NONE,
                Set.of());
    }

    public DesiredAccount {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(authPlugin, "authPlugin");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(maxConnections, "maxConnections");
        Objects.requireNonNull(auditLevel, "auditLevel");
        if (status == AccountStatus.PENDING) {
            throw new IllegalArgumentException("account '" + user.value() + "': the status is locked or unlocked");
        }
        maxConnections.ifPresent(n -> {
            if (n < 1) {
                throw new IllegalArgumentException(
                        "account '" + user.value() + "': maxConnections must be at least 1, was " + n);
            }
        });
        hosts = hosts.stream()
                .distinct()
                .sorted(HostPattern.MOST_SPECIFIC_FIRST)
                .toList();
        grants = Set.copyOf(grants);
        Objects.requireNonNull(expiries, "expiries");
        if (!hosts.containsAll(expiries.hosts().keySet())
                || !grants.containsAll(expiries.grants().keySet())
                || !(expiries.expiredHosts().isEmpty()
                        && expiries.expiredGrants().isEmpty())) {
            throw new IllegalArgumentException(
                    "account '" + user.value() + "': an expiry must belong to a host pattern or grant it names");
        }
        roles = Set.copyOf(roles);
    }
}
