package io.grantgate.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.grantgate.catalog.DisplayText;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How {@code admin audit} prints what it found: a table for people (newest first, times in UTC to
 * the millisecond, untrusted text made visible), or for {@code -o json} an array of objects named
 * as the columns, with all of them and {@code detail} as JSON.
 */
final class AuditOutput {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private AuditOutput() {}

    static List<Map<String, Object>> json(List<AuditRecord> records) {
        return records.stream().map(AuditOutput::json).toList();
    }

    private static Map<String, Object> json(AuditRecord r) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", r.id());
        row.put("occurred_at", DateTimeFormatter.ISO_INSTANT.format(r.occurredAt()));
        row.put("event_type", r.eventType());
        row.put("outcome", r.outcome());
        row.put("reason", r.reason());
        row.put("instance_id", r.instanceId());
        row.put("actor", r.actor());
        row.put("user_name", r.userName());
        row.put("client_address", r.clientAddress());
        row.put("client_port", r.clientPort());
        row.put("connection_id", r.connectionId());
        row.put("detail", detail(r.detail()));
        return row;
    }

    /** The detail as JSON; text that is not JSON (a row written by hand) stays a string. */
    private static JsonNode detail(String text) {
        if (text == null) {
            return null;
        }
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return TextNode.valueOf(text);
        }
    }

    static String table(List<AuditRecord> records, AuditQuery query) {
        if (records.isEmpty()) {
            boolean statements =
                    query.kind().filter(k -> k == AuditEventKind.statement).isPresent();
            return "no audit events match"
                    + (statements ? "; statements are recorded in the gateways' audit files, not in the catalog" : "");
        }
        TextTable table =
                new TextTable("TIME (UTC)", "TYPE", "OUTCOME", "REASON", "USER", "CLIENT", "INSTANCE", "CONN", "ACTOR");
        for (AuditRecord r : records) {
            table.row(
                    TIME.format(r.occurredAt()),
                    cell(r.eventType()),
                    cell(r.outcome()),
                    cell(r.reason()),
                    cell(r.userName()),
                    client(r),
                    cell(r.instanceId()),
                    r.connectionId() == null ? "-" : r.connectionId().toString(),
                    cell(r.actor()));
        }
        String text = table.render();
        if (records.size() == query.limit()) {
            text += "\n(the newest " + query.limit() + " shown; --limit N shows more)";
        }
        return text;
    }

    private static String client(AuditRecord r) {
        return r.clientAddress() == null ? "-" : client(r.clientAddress(), r.clientPort());
    }

    /** {@code address:port}, an IPv6 address in brackets; the address alone without a port. */
    static String client(String clientAddress, Integer clientPort) {
        String address = DisplayText.visible(clientAddress);
        return Optional.ofNullable(clientPort)
                .map(port -> (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + port)
                .orElse(address);
    }

    /** A time as the tables show it: UTC, to the millisecond. */
    static String time(java.time.Instant instant) {
        return TIME.format(instant);
    }

    private static String cell(String text) {
        return text == null || text.isEmpty() ? "-" : DisplayText.visible(text);
    }
}
