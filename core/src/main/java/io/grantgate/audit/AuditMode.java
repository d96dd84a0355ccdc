package io.grantgate.audit;

import java.util.Locale;

/** {@code audit.mode}: whether a full queue drops records (async) or makes sessions wait (block). */
public enum AuditMode {
    OFF,
    ASYNC,
    BLOCK;

    public static AuditMode parse(String text) {
        return valueOf(text.strip().toUpperCase(Locale.ROOT));
    }

    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }
}
