package io.grantgate.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
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

    // the field names, encoded once: Jackson copies their bytes instead of escaping them per record
    private static final SerializedString AFFECTED_ROWS = new SerializedString("affected_rows");
    private static final SerializedString AUTH_PLUGIN = new SerializedString("auth_plugin");
    private static final SerializedString BASE64 = new SerializedString("base64");
    private static final SerializedString BULK_ROWS = new SerializedString("bulk_rows");
    private static final SerializedString BYTES_FROM_CLIENT = new SerializedString("bytes_from_client");
    private static final SerializedString BYTES_TO_CLIENT = new SerializedString("bytes_to_client");
    private static final SerializedString CLIENT_ADDRESS = new SerializedString("client_address");
    private static final SerializedString CLIENT_PORT = new SerializedString("client_port");
    private static final SerializedString COMMAND = new SerializedString("command");
    private static final SerializedString COMMAND_NUMBER = new SerializedString("command_number");
    private static final SerializedString COMMANDS = new SerializedString("commands");
    private static final SerializedString CONNECTION_ID = new SerializedString("connection_id");
    private static final SerializedString DROPPED_BYTES = new SerializedString("dropped_bytes");
    private static final SerializedString DURATION_MICROS = new SerializedString("duration_micros");
    private static final SerializedString ENDING = new SerializedString("ending");
    private static final SerializedString ERROR_CODE = new SerializedString("error_code");
    private static final SerializedString HOST_PATTERN = new SerializedString("host_pattern");
    private static final SerializedString INDICATOR = new SerializedString("indicator");
    private static final SerializedString INSTANCE = new SerializedString("instance");
    private static final SerializedString LENGTH = new SerializedString("length");
    private static final SerializedString MAC = new SerializedString("mac");
    private static final SerializedString OUTCOME = new SerializedString("outcome");
    private static final SerializedString PARAMETER_ROWS = new SerializedString("parameter_rows");
    private static final SerializedString PARAMETERS = new SerializedString("parameters");
    private static final SerializedString PREVIOUS_FILE = new SerializedString("previous_file");
    private static final SerializedString PREVIOUS_MAC = new SerializedString("previous_mac");
    private static final SerializedString QUERY_ONLY = new SerializedString("query_only");
    private static final SerializedString REASON = new SerializedString("reason");
    private static final SerializedString RESULTS = new SerializedString("results");
    private static final SerializedString ROWS = new SerializedString("rows");
    private static final SerializedString SEQ = new SerializedString("seq");
    private static final SerializedString SHA256 = new SerializedString("sha256");
    private static final SerializedString SQL_STATE = new SerializedString("sql_state");
    private static final SerializedString STATEMENT_ID = new SerializedString("statement_id");
    private static final SerializedString STATUS = new SerializedString("status");
    private static final SerializedString TARGET_CONNECTION_ID = new SerializedString("target_connection_id");
    private static final SerializedString TEXT = new SerializedString("text");
    private static final SerializedString TEXT_BYTES = new SerializedString("text_bytes");
    private static final SerializedString TIME = new SerializedString("time");
    private static final SerializedString TLS_CIPHER = new SerializedString("tls_cipher");
    private static final SerializedString TLS_VERSION = new SerializedString("tls_version");
    private static final SerializedString TYPE = new SerializedString("type");
    private static final SerializedString USER = new SerializedString("user");
    private static final SerializedString V = new SerializedString("v");
    private static final SerializedString VALUE = new SerializedString("value");
    private static final SerializedString VIA = new SerializedString("via");
    private static final SerializedString VIA_PORT = new SerializedString("via_port");

    private static final char[] HEX_DIGITS = "0123456789abcdef".toCharArray();

    private final AuditKey key;
    /** The hex digits of the last MAC, reused: a String per record is garbage the writer need not make. */
    private final char[] macHex = new char[2 * AuditKey.MAC_BYTES];

    private JsonGenerator generator;
    private SerializedString lastInstance = new SerializedString("");
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
            number(g, CONNECTION_ID, event.connectionId());
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
            optional(g, PREVIOUS_FILE, start.previousFile());
            optional(g, PREVIOUS_MAC, start.previousMac());
            string(g, REASON, start.reason());
            if (start.reason().equals(FileStart.RESUME)) {
                number(g, DROPPED_BYTES, start.droppedBytes());
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

    private void header(JsonGenerator g, long seq, long timeMicros, String type, String instance) throws IOException {
        g.writeStartObject();
        number(g, V, AuditEvent.SCHEMA_VERSION);
        number(g, SEQ, seq);
        number(g, TIME, timeMicros);
        string(g, TYPE, type);
        g.writeFieldName(INSTANCE);
        g.writeString(encoded(instance));
    }

    /** A gateway's records all carry its one instance id: encoded once, not escaped per record. */
    private SerializedString encoded(String instance) {
        if (!instance.equals(lastInstance.getValue())) {
            lastInstance = new SerializedString(instance);
        }
        return lastInstance;
    }

    private byte[] finish(JsonGenerator g, byte[] previousMac, LineBuffer out, int start) throws IOException {
        g.flush();
        byte[] mac = key.mac(previousMac, out.array(), start, out.size() - start);
        g.writeFieldName(MAC);
        g.writeString(hex(mac), 0, macHex.length);
        g.writeEndObject();
        g.flush();
        out.write('\n');
        return mac;
    }

    private char[] hex(byte[] mac) {
        for (int i = 0; i < mac.length; i++) {
            macHex[2 * i] = HEX_DIGITS[(mac[i] >> 4) & 0xF];
            macHex[2 * i + 1] = HEX_DIGITS[mac[i] & 0xF];
        }
        return macHex;
    }

    private static void fields(JsonGenerator g, AuditEvent event) throws IOException {
        switch (event) {
            case AuditEvent.Login e -> {
                string(g, USER, e.user());
                string(g, CLIENT_ADDRESS, e.clientAddress());
                number(g, CLIENT_PORT, e.clientPort());
                if (e.via().isPresent()) {
                    string(g, VIA, e.via().get().address());
                    number(g, VIA_PORT, e.via().get().port());
                }
                optional(g, TLS_VERSION, e.tlsVersion());
                optional(g, TLS_CIPHER, e.tlsCipher());
                string(g, AUTH_PLUGIN, e.authPlugin());
                optional(g, HOST_PATTERN, e.hostPattern());
                string(g, OUTCOME, e.outcome());
                optional(g, REASON, e.reason());
            }
            case AuditEvent.SessionEnd e -> {
                string(g, USER, e.user());
                string(g, CLIENT_ADDRESS, e.clientAddress());
                number(g, DURATION_MICROS, e.durationMicros());
                number(g, COMMANDS, e.commands());
                number(g, BYTES_FROM_CLIENT, e.bytesFromClient());
                number(g, BYTES_TO_CLIENT, e.bytesToClient());
                string(g, ENDING, e.ending());
            }
            case AuditEvent.Statement e -> {
                string(g, USER, e.user());
                number(g, COMMAND_NUMBER, e.commandNumber());
                string(g, COMMAND, e.command());
                optional(g, TEXT, e.text());
                number(g, TEXT_BYTES, e.textBytes());
                number(g, STATEMENT_ID, e.statementId());
                parameters(g, e.parameters());
                if (e.bulk().isPresent()) {
                    bulk(g, e.bulk().get());
                }
                if (e.outcome().isPresent()) {
                    outcome(g, e.outcome().get());
                }
                number(g, DURATION_MICROS, e.durationMicros());
            }
            case AuditEvent.StatementResult e -> {
                string(g, USER, e.user());
                number(g, COMMAND_NUMBER, e.commandNumber());
                outcome(g, e.outcome());
                number(g, DURATION_MICROS, e.durationMicros());
            }
            case AuditEvent.Kill e -> {
                string(g, USER, e.user());
                number(g, TARGET_CONNECTION_ID, e.targetConnectionId());
                g.writeFieldName(QUERY_ONLY);
                g.writeBoolean(e.queryOnly());
                string(g, OUTCOME, e.outcome());
            }
            case AuditEvent.SessionClosed e -> {
                string(g, USER, e.user());
                string(g, REASON, e.reason());
            }
        }
    }

    /** Left out when there are none: most statements are plain queries. */
    private static void parameters(JsonGenerator g, List<AuditValue> parameters) throws IOException {
        if (parameters.isEmpty()) {
            return;
        }
        g.writeFieldName(PARAMETERS);
        g.writeStartArray();
        values(g, parameters);
        g.writeEndArray();
    }

    /** A bulk execute: its first rows, as arrays of parameters, and how many rows it carried. */
    private static void bulk(JsonGenerator g, BulkRows bulk) throws IOException {
        g.writeFieldName(PARAMETER_ROWS);
        g.writeStartArray();
        for (List<AuditValue> row : bulk.rows()) {
            g.writeStartArray();
            values(g, row);
            g.writeEndArray();
        }
        g.writeEndArray();
        if (bulk.total() >= 0) {
            number(g, BULK_ROWS, bulk.total());
        }
    }

    private static void values(JsonGenerator g, List<AuditValue> values) throws IOException {
        for (AuditValue p : values) {
            g.writeStartObject();
            string(g, TYPE, p.type());
            switch (p.kind()) {
                case NULL -> {
                    g.writeFieldName(VALUE);
                    g.writeNull();
                }
                case NUMBER -> {
                    String number = p.value().orElse("");
                    g.writeFieldName(VALUE);
                    if (JsonNumber.valid(number)) {
                        g.writeNumber(number);
                    } else {
                        g.writeString(number); // a decoder's mistake must not make the line unreadable
                    }
                }
                case TEXT -> string(g, VALUE, p.value().orElse(""));
                case BASE64 -> string(g, BASE64, p.value().orElse(""));
                case DEFAULT -> string(g, INDICATOR, "default");
                case IGNORE -> string(g, INDICATOR, "ignore");
            }
            if (p.cut()) {
                number(g, LENGTH, p.length());
                string(g, SHA256, p.sha256().get());
            }
            g.writeEndObject();
        }
    }

    private static void outcome(JsonGenerator g, AuditEvent.Outcome o) throws IOException {
        g.writeFieldName(OUTCOME);
        g.writeStartObject();
        string(g, STATUS, o.status());
        number(g, AFFECTED_ROWS, o.affectedRows());
        number(g, ROWS, o.rows());
        number(g, RESULTS, o.results());
        if (o.status().equals("error")) {
            number(g, ERROR_CODE, o.errorCode());
            string(g, SQL_STATE, o.sqlState());
        }
        g.writeEndObject();
    }

    private static void optional(JsonGenerator g, SerializedString name, Optional<String> value) throws IOException {
        if (value.isPresent()) {
            string(g, name, value.get());
        }
    }

    private static void string(JsonGenerator g, SerializedString name, String value) throws IOException {
        g.writeFieldName(name);
        g.writeString(value);
    }

    private static void number(JsonGenerator g, SerializedString name, long value) throws IOException {
        g.writeFieldName(name);
        g.writeNumber(value);
    }
}
