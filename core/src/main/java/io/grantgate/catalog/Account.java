package io.grantgate.catalog;

import io.grantgate.auth.AuthPlugin;
import io.grantgate.auth.PasswordVerifier;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A gateway account as the catalog holds it: who, how it authenticates, whether it may log in, from
 * where, with which grants, and the backend account it runs as.
 *
 * @param hosts most specific first ({@link HostPattern#MOST_SPECIFIC_FIRST})
 * @param maxConnections empty for no per-account limit
 * @param backend empty only while the account is being created
 * @param auditLevel empty when the account follows the gateways' {@code audit.default-level}
 * @param passwordExpired the password must be changed before anything else ({@code admin user
 *     password --expire}): a login is let into the sandbox, where only a password change runs
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
        boolean passwordExpired) {

    public Account {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(authPlugin, "authPlugin");
        Objects.requireNonNull(verifier, "verifier");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(maxConnections, "maxConnections");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(auditLevel, "auditLevel");
        if (verifier.plugin() != authPlugin) {
            throw new IllegalArgumentException("account " + user + ": verifier is for "
                    + verifier.plugin().pluginName() + " but the account uses " + authPlugin.pluginName());
        }
        hosts = hosts.stream().sorted(HostPattern.MOST_SPECIFIC_FIRST).toList();
        grants = Set.copyOf(grants);
    }

    /** What the gateway records of this account's sessions, given the gateways' default for accounts without a level. */
    public AuditLevel auditLevel(AuditLevel gatewayDefault) {
        return auditLevel.orElse(gatewayDefault);
    }

    /** Whether {@code pattern} is one of this account's host patterns (compared in normalised form). */
    public boolean allowsHost(HostPattern pattern) {
        return hosts.contains(pattern);
    }
}
