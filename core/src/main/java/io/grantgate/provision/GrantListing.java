package io.grantgate.provision;

import io.grantgate.catalog.Grant;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What SHOW GRANTS reports for a backend account: the grants GrantGate models, and a description
 * of each privilege it holds that GrantGate does not model (e.g. {@code DELETE HISTORY ON `shop`.*},
 * {@code GRANT `some_role`}). A description never includes the part of a line after {@code TO},
 * where a password hash can appear.
 *
 * @param grants the modelled grants, in the order the server listed them
 * @param unrecognised one entry per privilege or line that could not be read as a {@link Grant}
 */
public record GrantListing(Set<Grant> grants, List<String> unrecognised) {

    public GrantListing {
        Objects.requireNonNull(grants, "grants");
        grants = Collections.unmodifiableSet(new LinkedHashSet<>(grants));
        unrecognised = List.copyOf(unrecognised);
    }

    /** Whether everything the account holds is in {@link #grants()}. */
    public boolean isComplete() {
        return unrecognised.isEmpty();
    }
}
