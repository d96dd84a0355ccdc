package io.grantgate.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Serialises audit records to the trail's JSON lines (schema version {@value AuditEvent#SCHEMA_VERSION},
 * docs/audit.md), in a fixed field order:
 *
 * <pre>{"v":1,"seq":N,"time":MICROS,"type":"login","instance":…,"connection_id":…,…,"mac":"HEX"}</pre>
 *
 * <p>The other fields are the record's components in snake_case and in declaration order; an empty
 * {@code Optional} is left out. The MAC is HMAC-SHA-256 ({@link AuditKey#mac}) of the previous
 * record's MAC followed by the line's bytes up to, not including, {@code ,"mac":"…"}: the mac field
 * is always last and always {@value #MAC_SUFFIX_BYTES} bytes long, so a reader finds the MACed part
 * without parsing.
 *
 * <p>Not thread-safe: each writer has its own.
 */
public final class AuditJson {

    /** {@code ,"mac":"} + 64 hex digits + {@code "&#125;}, not counting the newline. */
    static final int MAC_SUFFIX_BYTES = 8 + 2 * AuditKey.MAC_BYTES + 2;

    private static final JsonFactory FACTORY =
            JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

    private final AuditKey key;
    /** The hex digits of the last MAC, reused: a String per record is garbage the writer need not make. */
    private final char[] macHex = new char[2 * AuditKey.MAC_BYTES];

    private JsonGenerator generator;
    private LineBuffer generatorTarget;

    public AuditJson(AuditKey key) {
        this.key = Objects.requireNonNull(key, "key");
    }

    /**
     * One record as its line, newline included.
     *
     * @param seq the record's sequence number in the trail
     * @param previousMac the MAC of the record before it ({@link AuditKey#firstPreviousMac()} for the
     *     first record of a trail)
     */
    public byte[] line(AuditEvent event, long seq, byte[] previousMac) {
        LineBuffer out = new LineBuffer(256);
        append(event, seq, previousMac, out);
        return out.toByteArray();
    }

    /** Appends the event's line to {@code out}; returns its MAC. */
    byte[] append(AuditEvent event, long seq, byte[] previousMac, LineBuffer out) {
        int start = out.size();
        JsonGenerator g = generator(out);
        try {
            header(g, seq, event.timeMicros(), event.type(), event.instance());
            g.writeNumberField("connection_id", event.connectionId());
            fields(g, event);
            return finish(g, previousMac, out, start);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot happen: the buffer is in memory", e);
        } catch (RuntimeException e) {
            generator = null; // left inside a record: the next starts on a new one
            throw e;
        }
    }

    /** Appends a file_start record's line to {@code out}; returns its MAC. */
    byte[] append(FileStart start, long seq, byte[] previousMac, LineBuffer out) {
        int from = out.size();
        JsonGenerator g = generator(out);
        try {
            header(g, seq, start.timeMicros(), FileStart.TYPE, start.instance());
            optional(g, "previous_file", start.previousFile());
            optional(g, "previous_mac", start.previousMac());
            g.writeStringField("reason", start.reason());
            if (start.reason().equals(FileStart.RESUME)) {
                g.writeNumberField("dropped_bytes", start.droppedBytes());
            }
            return finish(g, previousMac, out, from);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot happen: the buffer is in memory", e);
        } catch (RuntimeException e) {
            generator = null;
            throw e;
        }
    }

    /**
     * One generator per buffer, kept from record to record: the writer appends every record to the
     * same buffer, and a generator per record (its context and recycled buffers) cost more than the
     * record. Lines are separated by the newline {@link #finish} writes, not by Jackson's root separator.
     */
    private JsonGenerator generator(LineBuffer out) {
        if (generator == null || generatorTarget != out) {
            try {
                generator = FACTORY.createGenerator(out);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot happen: the buffer is in memory", e);
            }
            generator.setRootValueSeparator(null);
            generatorTarget = out;
        }
        return generator;
    }

    private static void header(JsonGenerator g, long seq, long timeMicros, String type, String instance)
            throws IOException {
        g.writeStartObject();
        g.writeNumberField("v", AuditEvent.SCHEMA_VERSION);
        g.writeNumberField("seq", seq);
        g.writeNumberField("time", timeMicros);
        g.writeStringField("type", type);
        g.writeStringField("instance", instance);
    }

    private byte[] finish(JsonGenerator g, byte[] previousMac, LineBuffer out, int start) throws IOException {
        g.flush();
        byte[] mac = key.mac(previousMac, out.array(), start, out.size() - start);
        g.writeFieldName("mac");
        g.writeString(hex(mac), 0, macHex.length);
        g.writeEndObject();
        g.flush();
        out.write('\n');
        return mac;
    }

    private char[] hex(byte[] mac) {
        for (int i = 0; i < mac.length; i++) {
            macHex[2 * i] = Character.forDigit((mac[i] >> 4) & 0xF, 16);
            macHex[2 * i + 1] = Character.forDigit(mac[i] & 0xF, 16);
        }
        return macHex;
    }

    private static void fields(JsonGenerator g, AuditEvent event) throws IOException {
        switch (event) {
            case AuditEvent.Login e -> {
                g.writeStringField("user", e.user());
                g.writeStringField("client_address", e.clientAddress());
                g.writeNumberField("client_port", e.clientPort());
                if (e.via().isPresent()) {
                    g.writeStringField("via", e.via().get().address());
                    g.writeNumberField("via_port", e.via().get().port());
                }
                optional(g, "tls_version", e.tlsVersion());
                optional(g, "tls_cipher", e.tlsCipher());
                g.writeStringField("auth_plugin", e.authPlugin());
                optional(g, "host_pattern", e.hostPattern());
                g.writeStringField("outcome", e.outcome());
                optional(g, "reason", e.reason());
            }
            case AuditEvent.SessionEnd e -> {
                g.writeStringField("user", e.user());
                g.writeStringField("client_address", e.clientAddress());
                g.writeNumberField("duration_micros", e.durationMicros());
                g.writeNumberField("commands", e.commands());
                g.writeNumberField("bytes_from_client", e.bytesFromClient());
                g.writeNumberField("bytes_to_client", e.bytesToClient());
                g.writeStringField("ending", e.ending());
            }
            case AuditEvent.Statement e -> {
                g.writeStringField("user", e.user());
                g.writeNumberField("command_number", e.commandNumber());
                g.writeStringField("command", e.command());
                optional(g, "text", e.text());
                g.writeNumberField("text_bytes", e.textBytes());
                g.writeNumberField("statement_id", e.statementId());
                parameters(g, e.parameters());
                if (e.bulk().isPresent()) {
                    bulk(g, e.bulk().get());
                }
                if (e.outcome().isPresent()) {
                    outcome(g, e.outcome().get());
                }
                g.writeNumberField("duration_micros", e.durationMicros());
            }
            case AuditEvent.StatementResult e -> {
                g.writeStringField("user", e.user());
                g.writeNumberField("command_number", e.commandNumber());
                outcome(g, e.outcome());
                g.writeNumberField("duration_micros", e.durationMicros());
            }
            case AuditEvent.Kill e -> {
                g.writeStringField("user", e.user());
                g.writeNumberField("target_connection_id", e.targetConnectionId());
                g.writeBooleanField("query_only", e.queryOnly());
                g.writeStringField("outcome", e.outcome());
            }
            case AuditEvent.SessionClosed e -> {
                g.writeStringField("user", e.user());
                g.writeStringField("reason", e.reason());
            }
        }
    }

    /** Left out when there are none: most statements are plain queries. */
    private static void parameters(JsonGenerator g, List<AuditValue> parameters) throws IOException {
        if (parameters.isEmpty()) {
            return;
        }
        g.writeArrayFieldStart("parameters");
        values(g, parameters);
        g.writeEndArray();
    }

    /** A bulk execute: its first rows, as arrays of parameters, and how many rows it carried. */
    private static void bulk(JsonGenerator g, BulkRows bulk) throws IOException {
        g.writeArrayFieldStart("parameter_rows");
        for (List<AuditValue> row : bulk.rows()) {
            g.writeStartArray();
            values(g, row);
            g.writeEndArray();
        }
        g.writeEndArray();
        if (bulk.total() >= 0) {
            g.writeNumberField("bulk_rows", bulk.total());
        }
    }

    private static void values(JsonGenerator g, List<AuditValue> values) throws IOException {
        for (AuditValue p : values) {
            g.writeStartObject();
            g.writeStringField("type", p.type());
            switch (p.kind()) {
                case NULL -> g.writeNullField("value");
                case NUMBER -> {
                    String number = p.value().orElse("");
                    g.writeFieldName("value");
                    if (JsonNumber.valid(number)) {
                        g.writeNumber(number);
                    } else {
                        g.writeString(number); // a decoder's mistake must not make the line unreadable
                    }
                }
                case TEXT -> g.writeStringField("value", p.value().orElse(""));
                case BASE64 -> g.writeStringField("base64", p.value().orElse(""));
                case DEFAULT -> g.writeStringField("indicator", "default");
                case IGNORE -> g.writeStringField("indicator", "ignore");
            }
            if (p.cut()) {
                g.writeNumberField("length", p.length());
                g.writeStringField("sha256", p.sha256().get());
            }
            g.writeEndObject();
        }
    }

    private static void outcome(JsonGenerator g, AuditEvent.Outcome o) throws IOException {
        g.writeObjectFieldStart("outcome");
        g.writeStringField("status", o.status());
        g.writeNumberField("affected_rows", o.affectedRows());
        g.writeNumberField("rows", o.rows());
        g.writeNumberField("results", o.results());
        if (o.status().equals("error")) {
            g.writeNumberField("error_code", o.errorCode());
            g.writeStringField("sql_state", o.sqlState());
        }
        g.writeEndObject();
    }

    private static void optional(JsonGenerator g, String name, Optional<String> value) throws IOException {
        if (value.isPresent()) {
            g.writeStringField(name, value.get());
        }
    }
}
