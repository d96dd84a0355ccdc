package io.grantgate.provision;

import io.grantgate.catalog.Grant;
import io.grantgate.catalog.RoleName;
import java.util.Objects;
import java.util.Set;

/** A role as an access file ({@code admin apply}) wants it: its name and its grants. */
public record DesiredRole(RoleName name, Set<Grant> grants) {

    public DesiredRole {
        Objects.requireNonNull(name, "name");
        grants = Set.copyOf(grants);
    }
}
