package io.grantgate.catalog;

import java.util.Locale;

/**
 * What is recorded of an account's sessions ({@code admin user audit USER --level}, default
 * {@code audit.default-level}): nothing, its logins and session events, or those and every
 * statement. Denied logins are recorded whatever the level: the account may not even exist.
 */
public enum AuditLevel {
    OFF,
    LOGINS,
    STATEMENTS;

    public static AuditLevel parse(String text) {
        return valueOf(text.strip().toUpperCase(Locale.ROOT));
    }

    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean logins() {
        return this != OFF;
    }

    public boolean statements() {
        return this == STATEMENTS;
    }
}
