package io.grantgate.catalog;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One write to the catalog: parameterised SQL run as a prepared statement, with the text an admin
 * sees in a {@code --dry-run} plan (parameters inlined, secrets shown as a placeholder).
 */
public record CatalogStatement(String sql, List<Object> parameters, String display) {

    public CatalogStatement {
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(display, "display");
        // not List.copyOf: a parameter may be SQL NULL
        parameters = Collections.unmodifiableList(new ArrayList<>(parameters));
        long placeholders = sql.chars().filter(c -> c == '?').count();
        if (placeholders != parameters.size()) {
            throw new IllegalArgumentException(
                    placeholders + " placeholders but " + parameters.size() + " parameters: " + sql);
        }
    }

    /**
     * A statement whose display inlines each parameter, quoted as a SQL literal, except those wrapped
     * in {@link Hidden}, which show as their label.
     */
    public static CatalogStatement of(String sql, Object... parameters) {
        StringBuilder display = new StringBuilder();
        int next = 0;
        for (char c : sql.toCharArray()) {
            if (c == '?') {
                display.append(shown(parameters[next++]));
            } else {
                display.append(c);
            }
        }
        Object[] values = Arrays.stream(parameters)
                .map(p -> p instanceof Hidden h ? h.value() : p)
                .toArray();
        return new CatalogStatement(sql, Arrays.asList(values), display.toString());
    }

    private static String shown(Object value) {
        return switch (value) {
            case null -> "NULL";
            case Hidden hidden -> "<" + hidden.label() + ">";
            case Number number -> number.toString();
            case Boolean bool -> bool ? "TRUE" : "FALSE";
            default -> "'" + value.toString().replace("'", "''") + "'";
        };
    }

    /** A parameter that a plan must not print, such as a password verifier. */
    public record Hidden(Object value, String label) {

        @Override
        public String toString() {
            return "<" + label + ">";
        }
    }

    @Override
    public String toString() {
        return display;
    }
}
