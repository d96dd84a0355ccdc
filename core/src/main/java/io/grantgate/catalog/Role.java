package io.grantgate.catalog;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A role as the catalog holds it: a named set of grants that its member accounts have on top of
 * their own.
 *
 * @param created when {@code admin role create} made it (the catalog server's clock)
 * @param members the accounts that have it, by user name
 */
public record Role(RoleName name, Instant created, Set<Grant> grants, List<UserName> members) {

    public Role {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(created, "created");
        grants = Set.copyOf(grants);
        members = members.stream().sorted(Comparator.comparing(UserName::value)).toList();
    }
}
