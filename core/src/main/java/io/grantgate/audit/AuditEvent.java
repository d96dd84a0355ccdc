package io.grantgate.audit;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One record of the audit trail. Each becomes one JSON object on one line of the audit file (see
 * docs/audit.md for the schema, version {@value #SCHEMA_VERSION}); the JSON names are the record
 * components' names in snake_case. Times are microseconds since the epoch (UTC). Every event names
 * the gateway instance and the gateway connection id, the id the client's greeting gave it.
 *
 * <p>Sessions build these on their own thread and hand them to an {@link AuditTrail}; serialising,
 * chaining and writing happen on the trail's writer thread.
 */
public sealed interface AuditEvent {

    int SCHEMA_VERSION = 1;

    long timeMicros();

    String instance();

    long connectionId();

    /** The {@code type} field: login, session_end, statement, statement_result, kill, session_closed. */
    String type();

    /** Whether the event also goes to the catalog's {@code audit_event} table (statements do not). */
    default boolean forCatalog() {
        return true;
    }

    /**
     * Whether a block-mode trail that cannot write may refuse the event. A statement_result may not:
     * its statement is in the trail and has run, so refusing it would only lose the outcome the
     * statement record promises.
     */
    default boolean refusable() {
        return true;
    }

    /**
     * A login attempt, accepted or denied. A denied client is told only 1045; {@code reason} is what
     * it is not told.
     *
     * @param user the user name as the client gave it (untrusted text)
     * @param tlsVersion e.g. TLSv1.3, or empty for plain TCP
     * @param hostPattern the account's host pattern that matched, empty when none did
     * @param outcome ok or denied
     * @param reason for a denial: unknown_user, bad_password, host_not_allowed, account_locked,
     *     account_not_active, too_many_failures, tls_required, limit_reached, protocol_error,
     *     proxy_header
     * @param via the load balancer the connection came through, when a PROXY protocol header named
     *     the client: {@code clientAddress} and {@code clientPort} are then the header's
     */
    record Login(
            long timeMicros,
            String instance,
            long connectionId,
            String user,
            String clientAddress,
            int clientPort,
            Optional<String> tlsVersion,
            Optional<String> tlsCipher,
            String authPlugin,
            Optional<String> hostPattern,
            String outcome,
            Optional<String> reason,
            Optional<Via> via)
            implements AuditEvent {

        @Override
        public String type() {
            return "login";
        }
    }

    /** The load balancer's own address and port, as the gateway saw the connection (the {@code via} fields). */
    record Via(String address, int port) {
        public Via {
            Objects.requireNonNull(address, "address");
        }
    }

    /**
     * An account session ended (a COM_CHANGE_USER ends one and starts the next).
     *
     * @param ending quit, client_vanished, revoked, killed, backend_lost, gateway_stopped,
     *     idle_timeout, changed_user, protocol_error or error
     */
    record SessionEnd(
            long timeMicros,
            String instance,
            long connectionId,
            String user,
            String clientAddress,
            long durationMicros,
            long commands,
            long bytesFromClient,
            long bytesToClient,
            String ending)
            implements AuditEvent {
        @Override
        public String type() {
            return "session_end";
        }
    }

    /**
     * A command the session ran: query, prepare, execute, bulk_execute, init_db, change_user or kill.
     *
     * @param commandNumber 1 for the session's first command, counting every command it sent
     * @param text the statement text (query, prepare), schema (init_db), user (change_user); cut to
     *     the trail's limit, {@code textBytes} being the length before the cut
     * @param statementId for prepare (the id the backend gave it), execute and bulk_execute; -1 otherwise
     * @param parameters execute's parameter values, in order
     * @param bulk bulk_execute's first rows of values and its row count; empty for every other command
     * @param outcome empty in a block-mode record written before the command ran: a
     *     {@link StatementResult} follows
     */
    record Statement(
            long timeMicros,
            String instance,
            long connectionId,
            String user,
            long commandNumber,
            String command,
            Optional<String> text,
            long textBytes,
            long statementId,
            List<AuditValue> parameters,
            Optional<BulkRows> bulk,
            Optional<Outcome> outcome,
            long durationMicros)
            implements AuditEvent {
        public Statement {
            parameters = List.copyOf(parameters);
        }

        @Override
        public String type() {
            return "statement";
        }

        @Override
        public boolean forCatalog() {
            return false;
        }
    }

    /** In block mode, the outcome of a {@link Statement} recorded before it ran. */
    record StatementResult(
            long timeMicros,
            String instance,
            long connectionId,
            String user,
            long commandNumber,
            Outcome outcome,
            long durationMicros)
            implements AuditEvent {
        @Override
        public String type() {
            return "statement_result";
        }

        @Override
        public boolean forCatalog() {
            return false;
        }

        @Override
        public boolean refusable() {
            return false;
        }
    }

    /**
     * A KILL a client sent for a gateway connection id.
     *
     * @param outcome ok or denied (not its own session, unknown id)
     */
    record Kill(
            long timeMicros,
            String instance,
            long connectionId,
            String user,
            long targetConnectionId,
            boolean queryOnly,
            String outcome)
            implements AuditEvent {
        @Override
        public String type() {
            return "kill";
        }
    }

    /**
     * A session the gateway closed from outside: its access was revoked or expired, or it was killed.
     *
     * @param reason revoked, expired, killed or gateway_stopped
     */
    record SessionClosed(long timeMicros, String instance, long connectionId, String user, String reason)
            implements AuditEvent {
        @Override
        public String type() {
            return "session_closed";
        }
    }

    /**
     * What the backend answered, read from the response the relay tracks (rows are counted, never
     * decoded). For a multi-statement, {@code results} counts the result sets and OKs, rows and
     * affected rows are summed, and the first error ends it.
     *
     * @param status ok (OKs only), rows (at least one result set), error, or interrupted (the
     *     session ended before the response did)
     */
    record Outcome(String status, long affectedRows, long rows, int results, int errorCode, String sqlState) {
        public Outcome {
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(sqlState, "sqlState");
        }
    }
}
