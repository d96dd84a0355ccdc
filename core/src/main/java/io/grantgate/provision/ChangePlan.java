package io.grantgate.provision;

import io.grantgate.auth.Secret;
import io.grantgate.catalog.CatalogStatement;
import io.grantgate.catalog.UserName;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One admin change, fully worked out before anything runs: the catalog statements (one transaction,
 * ending with the version bump and the audit record), the backend statements, the statements that
 * undo the backend part if a later backend statement fails, and what to tell the admin.
 *
 * @param summary lines for the admin: what the change does (or, for a no-op, why nothing changes);
 *     logged and audited, so never a secret
 * @param generatedPassword a password the change generated, shown once to the admin and nowhere else
 */
public record ChangePlan(
        String action,
        UserName user,
        List<CatalogStatement> catalog,
        List<BackendStatement> backend,
        List<BackendStatement> undo,
        List<String> summary,
        Optional<Secret> generatedPassword) {

    public ChangePlan {
        Objects.requireNonNull(action, "action");
        catalog = List.copyOf(catalog);
        backend = List.copyOf(backend);
        undo = List.copyOf(undo);
        summary = List.copyOf(summary);
        Objects.requireNonNull(generatedPassword, "generatedPassword");
    }

    /** Nothing to do: the catalog already says what was asked. */
    public static ChangePlan nothing(String action, UserName user, String why) {
        return new ChangePlan(action, user, List.of(), List.of(), List.of(), List.of(why), Optional.empty());
    }

    public boolean isEmpty() {
        return catalog.isEmpty() && backend.isEmpty();
    }

    /** The plan as {@code --dry-run} prints it: every statement, secrets replaced by placeholders. */
    public List<String> display() {
        List<String> lines = new java.util.ArrayList<>();
        catalog.forEach(s -> lines.add("catalog: " + s.display() + ";"));
        backend.forEach(s -> lines.add("backend: " + s.display() + ";"));
        return lines;
    }
}
