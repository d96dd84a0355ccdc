package io.grantgate.admin;

import java.util.List;
import java.util.Objects;

/**
 * One step of {@code admin init} and what became of it.
 *
 * @param step what the step sets up, e.g. {@code catalog schema}
 * @param outcome whether it changed something, found it in place, or (dry run) would change it
 * @param detail one line for people
 * @param statements the SQL it ran or would run, secrets shown as placeholders
 */
record InitStep(String step, Outcome outcome, String detail, List<String> statements) {

    /** What a step did. */
    enum Outcome {
        done,
        unchanged,
        planned
    }

    InitStep {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(detail, "detail");
        statements = List.copyOf(statements);
    }

    InitStep(String step, Outcome outcome, String detail) {
        this(step, outcome, detail, List.of());
    }

    /** The progress line: {@code catalog schema: created and migrated to version 2}. */
    String line() {
        return step + ": " + detail;
    }
}
