package io.grantgate.catalog;

import java.util.Objects;

/**
 * The name of a role ({@code admin role create}): untrusted input checked by the rules of
 * {@link UserName} (1 to 32 characters; no quotes, backslash, control or invisible characters;
 * no surrounding whitespace). Roles exist in the catalog only, never on the backend, so the name
 * never reaches a backend statement; it is quoted as a literal wherever it is shown.
 *
 * @param value the name, compared exactly (case-sensitively)
 */
public record RoleName(String value) {

    public RoleName {
        Objects.requireNonNull(value, "role name");
        AccountNameRules.check("role name", value);
    }

    @Override
    public String toString() {
        return value;
    }
}
