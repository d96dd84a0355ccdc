package io.grantgate.admin;

import java.util.List;

/** {@code admin audit --type}: a kind of event, as {@code audit_event.event_type} values. */
enum AuditEventKind {
    login("login"),
    session("session_end", "session_closed"),
    // the gateways keep statements in their audit files, not in the catalog: asking finds none, and says why
    statement("statement", "statement_result"),
    admin("admin_change"),
    kill("kill");

    private final List<String> eventTypes;

    AuditEventKind(String... eventTypes) {
        this.eventTypes = List.of(eventTypes);
    }

    List<String> eventTypes() {
        return eventTypes;
    }
}
