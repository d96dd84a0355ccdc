package io.grantgate.provision;

import io.grantgate.auth.AuthPlugin;
import io.grantgate.auth.Secret;
import io.grantgate.catalog.Grant;
import io.grantgate.catalog.HostPattern;
import io.grantgate.catalog.UserName;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * {@code admin grant} (and {@code admin user create}): allow {@code user} from {@code hosts} with
 * {@code grants}, creating the account first when it does not exist.
 *
 * @param password required to create the account; refused for an existing one (use a password change)
 * @param passwordGenerated whether {@code password} was generated, so the plan shows it once
 * @param authPlugin for a new account; empty means caching_sha2_password, MySQL 8's default
 * @param requireTls empty leaves the setting as it is
 * @param mustCreate refuse when the account exists ({@code admin user create})
 * @param lifetime how long the host patterns and grants named last
 */
public record GrantRequest(
        UserName user,
        List<HostPattern> hosts,
        Set<Grant> grants,
        Optional<Secret> password,
        boolean passwordGenerated,
        Optional<AuthPlugin> authPlugin,
        OptionalInt maxConnections,
        Optional<Boolean> requireTls,
        boolean mustCreate,
        Lifetime lifetime) {

    public GrantRequest {
        Objects.requireNonNull(user, "user");
        hosts = List.copyOf(hosts);
        grants = Set.copyOf(grants);
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(authPlugin, "authPlugin");
        Objects.requireNonNull(maxConnections, "maxConnections");
        Objects.requireNonNull(requireTls, "requireTls");
        Objects.requireNonNull(lifetime, "lifetime");
        maxConnections.ifPresent(n -> {
            if (n < 1) {
                throw new IllegalArgumentException("--max-connections must be at least 1, was " + n);
            }
        });
    }
}
