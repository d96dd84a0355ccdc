package io.grantgate.command;

import io.grantgate.audit.AuditMode;
import io.grantgate.audit.AuditTrail;
import io.grantgate.catalog.AuditLevel;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How this gateway audits its sessions: the trail events go to, the instance id they carry, the level
 * for accounts that set none ({@code audit.default-level}), and where statement text and parameter
 * values are cut ({@code audit.max-statement-bytes}). Immutable, shared by every session.
 */
public record AuditPolicy(
        AuditTrail trail, String instance, AuditLevel defaultLevel, int maxStatementBytes, Clock clock) {

    public static final int DEFAULT_MAX_STATEMENT_BYTES = 64 * 1024;

    public AuditPolicy {
        Objects.requireNonNull(trail, "trail");
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(defaultLevel, "defaultLevel");
        Objects.requireNonNull(clock, "clock");
        if (maxStatementBytes < 1) {
            throw new IllegalArgumentException("maxStatementBytes must be positive");
        }
    }

    /** Nothing audited: for tests and tools that need no trail. */
    public static AuditPolicy off() {
        return new AuditPolicy(AuditTrail.OFF, "", AuditLevel.OFF, DEFAULT_MAX_STATEMENT_BYTES, Clock.systemUTC());
    }

    /** What is recorded of an account that says {@code own} (empty: the default); off when the trail is. */
    public AuditLevel level(Optional<AuditLevel> own) {
        return trail.mode() == AuditMode.OFF ? AuditLevel.OFF : own.orElse(defaultLevel);
    }

    /** Whether denied logins and other events of no account are recorded. */
    public boolean on() {
        return trail.mode() != AuditMode.OFF;
    }

    /** Now, in microseconds since the epoch. */
    public long nowMicros() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}
