package io.grantgate.provision;

import java.util.List;
import java.util.Objects;

/**
 * One difference between what the catalog says a backend account is and what the backend holds,
 * with the statements that make the backend match the catalog again.
 *
 * @param account the gateway account's name, or the backend user for an orphan
 * @param orphan a backend account no catalog account owns; it may belong to another GrantGate
 *     catalog on the same backend, so it is only dropped when asked explicitly
 */
public record Drift(String account, String problem, List<BackendStatement> repair, boolean orphan) {

    public Drift {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(problem, "problem");
        repair = List.copyOf(repair);
    }
}
