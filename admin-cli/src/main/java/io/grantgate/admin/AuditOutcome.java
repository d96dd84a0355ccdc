package io.grantgate.admin;

/** {@code admin audit --outcome}, as {@code audit_event.outcome} holds it. */
enum AuditOutcome {
    ok,
    denied,
    error
}
