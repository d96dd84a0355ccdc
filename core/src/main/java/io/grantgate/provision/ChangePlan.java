package io.grantgate.provision;

import io.grantgate.auth.Secret;
import io.grantgate.catalog.CatalogStatement;
import io.grantgate.catalog.UserName;
import java.util.ArrayList;
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
 * @param steps for a change made of several ({@link #combine}): the plans it was made of, in order,
 *     so that a backend failure undoes only the steps that ran; empty for a single change
 */
public record ChangePlan(
        String action,
        UserName user,
        List<CatalogStatement> catalog,
        List<BackendStatement> backend,
        List<BackendStatement> undo,
        List<String> summary,
        Optional<Secret> generatedPassword,
        List<ChangePlan> steps) {

    public ChangePlan {
        Objects.requireNonNull(action, "action");
        catalog = List.copyOf(catalog);
        backend = List.copyOf(backend);
        undo = List.copyOf(undo);
        summary = List.copyOf(summary);
        Objects.requireNonNull(generatedPassword, "generatedPassword");
        steps = List.copyOf(steps);
    }

    /** A single change. */
    public ChangePlan(
            String action,
            UserName user,
            List<CatalogStatement> catalog,
            List<BackendStatement> backend,
            List<BackendStatement> undo,
            List<String> summary,
            Optional<Secret> generatedPassword) {
        this(action, user, catalog, backend, undo, summary, generatedPassword, List.of());
    }

    /**
     * Several changes as one: their catalog statements in one transaction, their backend statements
     * one after another, their summaries together. Steps that change nothing are left out; when all
     * of them are, the result is {@link #nothing} with {@code whenNothing}.
     */
    public static ChangePlan combine(String action, List<ChangePlan> steps, String whenNothing) {
        List<ChangePlan> doing = steps.stream().filter(s -> !s.isEmpty()).toList();
        if (doing.isEmpty()) {
            return nothing(action, null, whenNothing);
        }
        List<CatalogStatement> catalog = new ArrayList<>();
        List<BackendStatement> backend = new ArrayList<>();
        List<BackendStatement> undo = new ArrayList<>();
        List<String> summary = new ArrayList<>();
        for (ChangePlan step : doing) {
            catalog.addAll(step.catalog());
            backend.addAll(step.backend());
            undo.addAll(0, step.undo());
            summary.addAll(step.summary());
        }
        return new ChangePlan(action, null, catalog, backend, undo, summary, Optional.empty(), doing);
    }

    /** Nothing to do: the catalog already says what was asked. */
    public static ChangePlan nothing(String action, UserName user, String why) {
        return new ChangePlan(action, user, List.of(), List.of(), List.of(), List.of(why), Optional.empty());
    }

    public boolean isEmpty() {
        return catalog.isEmpty() && backend.isEmpty();
    }

    /**
     * What undoes the backend part when only its first {@code applied} statements ran: nothing when
     * none ran; for a single change its whole undo; for a combined one the undo of each step that
     * ran (wholly or in part), the last one first. Steps that never ran are not undone, since
     * undoing them (a REVOKE of a privilege never granted, a DROP of an account never created)
     * would fail and stop the undo of those that did.
     */
    public List<BackendStatement> undoAfter(int applied) {
        if (applied <= 0) {
            return List.of();
        }
        if (steps.isEmpty()) {
            return undo;
        }
        List<BackendStatement> undoing = new ArrayList<>();
        int left = applied;
        for (ChangePlan step : steps) {
            if (left <= 0) {
                break;
            }
            undoing.addAll(0, step.undoAfter(Math.min(left, step.backend().size())));
            left -= step.backend().size();
        }
        return undoing;
    }

    /** The plan as {@code --dry-run} prints it: every statement, secrets replaced by placeholders. */
    public List<String> display() {
        List<String> lines = new java.util.ArrayList<>();
        catalog.forEach(s -> lines.add("catalog: " + s.display() + ";"));
        backend.forEach(s -> lines.add("backend: " + s.display() + ";"));
        return lines;
    }
}
