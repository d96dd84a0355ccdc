package io.grantgate.admin;

import java.time.Instant;

/** One row of the catalog's {@code audit_event}, as read; the texts are untrusted (a client chose the user name). */
record AuditRecord(
        long id,
        Instant occurredAt,
        String eventType,
        String outcome,
        String reason,
        String instanceId,
        String actor,
        String userName,
        String clientAddress,
        Integer clientPort,
        Long connectionId,
        String detail) {}
