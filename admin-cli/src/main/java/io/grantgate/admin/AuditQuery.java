package io.grantgate.admin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * What {@code admin audit} asks for: every filter given, the newest {@code limit} events that pass
 * them all.
 */
record AuditQuery(
        Optional<String> user,
        Optional<AuditEventKind> kind,
        Optional<AuditOutcome> outcome,
        Optional<Instant> since,
        Optional<Instant> until,
        Optional<ClientNetwork> client,
        Optional<String> instance,
        int limit) {

    /** The WHERE conditions the database applies; the client network's is only a prefilter. */
    List<SqlCondition> conditions() {
        List<SqlCondition> conditions = new ArrayList<>();
        user.ifPresent(u -> conditions.add(SqlCondition.of("user_name = ?", u)));
        kind.ifPresent(k -> conditions.add(new SqlCondition(
                "event_type IN ("
                        + String.join(", ", Collections.nCopies(k.eventTypes().size(), "?")) + ")",
                List.copyOf(k.eventTypes()))));
        outcome.ifPresent(o -> conditions.add(SqlCondition.of("outcome = ?", o.name())));
        since.ifPresent(t -> conditions.add(SqlCondition.of("occurred_at >= ?", AuditTimes.sql(t))));
        until.ifPresent(t -> conditions.add(SqlCondition.of("occurred_at < ?", AuditTimes.sql(t))));
        client.ifPresent(c -> conditions.add(c.prefilter()));
        instance.ifPresent(i -> conditions.add(SqlCondition.of("instance_id = ?", i)));
        return conditions;
    }

    /** Whether a row the database returned passes the filters it could not apply exactly. */
    boolean accepts(AuditRecord record) {
        return client.map(c -> c.holds(record.clientAddress())).orElse(true);
    }

    boolean filtersInJava() {
        return client.isPresent();
    }
}
