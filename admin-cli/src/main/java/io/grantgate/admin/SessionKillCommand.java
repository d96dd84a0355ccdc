package io.grantgate.admin;

import io.grantgate.catalog.CatalogStatement;
import io.grantgate.catalog.UserName;
import io.grantgate.provision.ChangePlan;
import io.grantgate.provision.ChangeResult;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code admin sessions kill ID}: ends one session on whichever gateway holds it. The request is a
 * {@code session_kill} row written with the catalog version bump and the {@code admin_change} audit
 * record in one transaction; the gateway sees the new version at its next poll, ends the session as
 * a KILL CONNECTION from another session ends it, and marks the request done. The command waits for
 * that: exit 0 once the session is ended, 1 when it had already ended, when no gateway acted within
 * {@link #WAIT}, or when the session is unknown.
 */
@Command(
        name = "kill",
        mixinStandardHelpOptions = true,
        header = "End a session on whichever gateway holds it.",
        description = {
            "ID is the connection id 'admin sessions' shows (the one the client got). Every",
            "gateway counts ids from the same start: when two hold the same id, --instance says which.",
            "The gateway ends the session at its next catalog poll; the command waits for it.",
            ""
        })
final class SessionKillCommand extends CatalogCommand {

    /** How long the command waits for the gateway: its poll interval (1 s by default) and the kill, with room. */
    static final Duration WAIT = Duration.ofSeconds(5);

    private static final Duration POLL = Duration.ofMillis(100);
    /** How long a carried-out request's row stays in {@code session_kill}: each kill deletes older ones. */
    static final int KEPT_DAYS = 7;

    /** The outcomes of a kill: the gateway's words in {@code session_kill.outcome}, or none yet. */
    static final String KILLED = "killed";

    static final String NOT_FOUND = "not_found";
    static final String PENDING = "pending";

    @Parameters(paramLabel = "ID", description = "The session's connection id.")
    private long connectionId;

    @Option(names = "--instance", paramLabel = "ID", description = "The gateway instance that holds the session.")
    private String instance;

    @Option(names = "--dry-run", description = "Print the SQL plan and change nothing.")
    private boolean dryRun;

    @Override
    public Integer call() throws Exception {
        try (AdminSession session = AdminSession.open(catalog);
                Connection c = session.catalog().getConnection()) {
            GatewaySessions sessions = new GatewaySessions(c);
            SessionRow target = target(sessions.byId(connectionId, Optional.ofNullable(instance)));
            ChangeResult result = session.runner().run(reader -> plan(target), dryRun);
            if (dryRun) {
                ChangeOutput.print(out(), output, result);
                return 0;
            }
            String outcome = await(sessions, target);
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("action", "kill");
            json.put("connectionId", target.connectionId());
            json.put("instanceId", target.instanceId());
            json.put("user", target.user());
            json.put("catalogVersion", result.catalogVersion());
            json.put("outcome", outcome);
            output.print(out(), json, text(target, outcome, result.catalogVersion()));
            return outcome.equals(KILLED) ? 0 : 1;
        }
    }

    /** The one session the id (and instance) names, on a live gateway; anything else fails the command. */
    SessionRow target(List<SessionRow> found) {
        String where = instance == null ? "" : " on instance " + instance;
        if (found.isEmpty()) {
            throw new IllegalArgumentException("no session " + connectionId + where
                    + " ('admin sessions' lists them; a session shows up one heartbeat after its login)");
        }
        if (found.size() > 1) {
            throw new IllegalArgumentException("session id " + connectionId + " is on several instances ("
                    + found.stream().map(SessionRow::instanceId).collect(Collectors.joining(", "))
                    + "): say which with --instance");
        }
        SessionRow row = found.getFirst();
        if (row.instanceStale()) {
            throw new IllegalArgumentException("instance " + row.instanceId() + " is stale: it cannot end session "
                    + connectionId + ", which may have ended with it ('admin status' shows the instances)");
        }
        return row;
    }

    private ChangePlan plan(SessionRow target) {
        String summary = "session " + target.connectionId() + " of '" + target.user() + "' from "
                + AuditOutput.client(target.clientAddress(), target.clientPort()) + " on instance "
                + target.instanceId() + " killed";
        return new ChangePlan(
                "kill",
                new UserName(target.user()),
                List.of(
                        // requests carried out a week ago serve no one: the admin_change row is the record
                        CatalogStatement.of(
                                "DELETE FROM session_kill WHERE done_at < CURRENT_TIMESTAMP(3) - INTERVAL ? DAY",
                                KEPT_DAYS),
                        CatalogStatement.of(
                                "INSERT INTO session_kill (instance_id, connection_id, requested_by) VALUES (?, ?, ?)",
                                target.instanceId(),
                                target.connectionId(),
                                AdminSession.actor())),
                List.of(),
                List.of(),
                List.of(summary),
                Optional.empty());
    }

    /** Waits for the gateway to mark the request done; {@link #PENDING} when it has not within {@link #WAIT}. */
    private static String await(GatewaySessions sessions, SessionRow target) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            Optional<String> outcome = sessions.killOutcome(target.instanceId(), target.connectionId());
            if (outcome.isPresent()) {
                return outcome.get();
            }
            if (System.nanoTime() > deadline) {
                return PENDING;
            }
            Thread.sleep(POLL);
        }
    }

    private static String text(SessionRow target, String outcome, long version) {
        String session = "session " + target.connectionId() + " of '" + target.user() + "' on " + target.instanceId();
        return switch (outcome) {
            case KILLED -> session + " ended\ncatalog version " + version;
            case NOT_FOUND -> session + " had already ended\ncatalog version " + version;
            default ->
                target.instanceId() + " has not acted on the kill of " + session + " within " + WAIT.toSeconds()
                        + " s; it will at its next catalog poll if it runs ('admin status' shows whether it does)";
        };
    }
}
