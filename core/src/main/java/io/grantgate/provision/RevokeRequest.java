package io.grantgate.provision;

import io.grantgate.catalog.Grant;
import io.grantgate.catalog.HostPattern;
import io.grantgate.catalog.UserName;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * {@code admin revoke}: take host patterns and grants away from an account that stays.
 *
 * @param grants to revoke; {@code ALL PRIVILEGES} on a scope the account does not hold as such
 *     revokes everything it holds on that scope
 * @param allGrants revoke every grant (the account keeps its hosts and can still log in, with USAGE only)
 */
public record RevokeRequest(UserName user, List<HostPattern> hosts, Set<Grant> grants, boolean allGrants) {

    public RevokeRequest {
        Objects.requireNonNull(user, "user");
        hosts = List.copyOf(hosts);
        grants = Set.copyOf(grants);
        if (hosts.isEmpty() && grants.isEmpty() && !allGrants) {
            throw new IllegalArgumentException(
                    "nothing to revoke: give --host PATTERN, --privileges ... --on SCOPE, or --all");
        }
    }
}
