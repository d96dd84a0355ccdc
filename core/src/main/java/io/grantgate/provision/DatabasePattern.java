package io.grantgate.provision;

import java.util.Optional;

/**
 * Database-level grants name a {@code LIKE}-style pattern, in which {@code _} and {@code %} are
 * wildcards and a backslash makes them literal. {@link io.grantgate.catalog.GrantScope#toSql()}
 * escapes both; this reads such a pattern back.
 */
final class DatabasePattern {

    private DatabasePattern() {}

    /**
     * The one database {@code pattern} names ({@code my\_db} is {@code my_db}), or empty when it
     * has a wildcard and so names more than one, or a backslash before anything but {@code _} or
     * {@code %}.
     */
    static Optional<String> literal(String pattern) {
        StringBuilder name = new StringBuilder(pattern.length());
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                if (i + 1 == pattern.length() || (pattern.charAt(i + 1) != '_' && pattern.charAt(i + 1) != '%')) {
                    return Optional.empty();
                }
                name.append(pattern.charAt(++i));
            } else if (c == '_' || c == '%') {
                return Optional.empty();
            } else {
                name.append(c);
            }
        }
        return Optional.of(name.toString());
    }
}
