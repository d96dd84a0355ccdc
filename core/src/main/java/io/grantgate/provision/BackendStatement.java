package io.grantgate.provision;

import java.util.Objects;
import java.util.Optional;

/**
 * One statement to run on the backend, and the text to show for it. The two differ only when the
 * statement sets a password: the display text has {@code '<derived secret>'} in its place, and is
 * what logs, dry runs, error messages and {@code toString} show.
 *
 * @param sql the statement to execute; may carry a secret
 * @param display the statement as it may be shown
 */
public record BackendStatement(String sql, String display) {

    /** What the display text shows in place of a password literal. */
    public static final String SECRET_PLACEHOLDER = "'<derived secret>'";

    public BackendStatement {
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(display, "display");
        if (sql.isBlank()) {
            throw new IllegalArgumentException("statement is empty");
        }
    }

    /** A statement without secrets: it is shown as it is. */
    public static BackendStatement of(String sql) {
        return new BackendStatement(sql, sql);
    }

    /** Whether the statement carries something the display text leaves out. */
    public boolean carriesSecret() {
        return !sql.equals(display);
    }

    /**
     * The part of {@link #sql()} the display text replaces: what lies between their common prefix
     * and common suffix. Lets an error path take a secret out of a server message that quotes the
     * statement. Empty when the statement carries no secret.
     */
    Optional<String> withheldText() {
        if (!carriesSecret()) {
            return Optional.empty();
        }
        int prefix = 0;
        int limit = Math.min(sql.length(), display.length());
        while (prefix < limit && sql.charAt(prefix) == display.charAt(prefix)) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < limit - prefix
                && sql.charAt(sql.length() - 1 - suffix) == display.charAt(display.length() - 1 - suffix)) {
            suffix++;
        }
        return Optional.of(sql.substring(prefix, sql.length() - suffix));
    }

    @Override
    public String toString() {
        return display;
    }
}
