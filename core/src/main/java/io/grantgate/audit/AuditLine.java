package io.grantgate.audit;

import static java.nio.charset.StandardCharsets.US_ASCII;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * What the chain needs of one line of an audit file: its position in the trail, the file links of a
 * file_start record, and its MAC and the extent of the bytes the MAC covers.
 *
 * @param signedLength how many bytes from the start of the line the MAC covers
 */
record AuditLine(
        long version,
        long seq,
        long timeMicros,
        String type,
        Optional<String> previousFile,
        Optional<String> previousMac,
        Optional<String> reason,
        byte[] mac,
        int signedLength) {

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final byte[] MAC_FIELD = ",\"mac\":\"".getBytes(US_ASCII);

    /** Why a line is not an audit record; the message is the verifier's. */
    static final class MalformedLine extends Exception {
        MalformedLine(String message) {
            super(message, null, false, false);
        }
    }

    boolean fileStart() {
        return FileStart.TYPE.equals(type);
    }

    String macHex() {
        return HexFormat.of().formatHex(mac);
    }

    /**
     * Reads the first {@code length} bytes of {@code bytes}: one line without its newline.
     *
     * @throws MalformedLine when it is not one JSON object, or lacks seq, type or a trailing mac field
     */
    static AuditLine parse(byte[] bytes, int length) throws MalformedLine {
        long version = -1;
        long seq = -1;
        long time = -1;
        String type = null;
        String previousFile = null;
        String previousMac = null;
        String reason = null;
        try (JsonParser p = FACTORY.createParser(bytes, 0, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedLine("not a JSON object");
            }
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "v" -> version = number(p, value, name);
                    case "seq" -> seq = number(p, value, name);
                    case "time" -> time = number(p, value, name);
                    case "type" -> type = text(p, value, name);
                    case "previous_file" -> previousFile = text(p, value, name);
                    case "previous_mac" -> previousMac = text(p, value, name);
                    case "reason" -> reason = value == JsonToken.VALUE_STRING ? p.getText() : null;
                    default -> p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new MalformedLine("not one JSON object");
            }
        } catch (IOException e) {
            throw new MalformedLine("not JSON");
        }
        if (seq < 0 || type == null) {
            throw new MalformedLine("not an audit record: no " + (seq < 0 ? "seq" : "type"));
        }
        return new AuditLine(
                version,
                seq,
                time,
                type,
                Optional.ofNullable(previousFile),
                Optional.ofNullable(previousMac),
                Optional.ofNullable(reason),
                mac(bytes, length),
                length - AuditJson.MAC_SUFFIX_BYTES);
    }

    /** The mac field is last and of fixed length: {@code ,"mac":"<64 hex>"}. */
    private static byte[] mac(byte[] bytes, int length) throws MalformedLine {
        int at = length - AuditJson.MAC_SUFFIX_BYTES;
        if (at < 0
                || !Arrays.equals(bytes, at, at + MAC_FIELD.length, MAC_FIELD, 0, MAC_FIELD.length)
                || bytes[length - 2] != '"'
                || bytes[length - 1] != '}') {
            throw new MalformedLine("no mac field at the end of the line");
        }
        String hex = new String(bytes, at + MAC_FIELD.length, 2 * AuditKey.MAC_BYTES, US_ASCII);
        try {
            return HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw new MalformedLine("mac field is not hex");
        }
    }

    private static long number(JsonParser p, JsonToken value, String name) throws IOException, MalformedLine {
        if (value != JsonToken.VALUE_NUMBER_INT) {
            throw new MalformedLine("not an audit record: " + name + " is not an integer");
        }
        return p.getLongValue();
    }

    private static String text(JsonParser p, JsonToken value, String name) throws MalformedLine, IOException {
        if (value != JsonToken.VALUE_STRING) {
            throw new MalformedLine("not an audit record: " + name + " is not a string");
        }
        return p.getText();
    }
}
