package io.grantgate.command;

import java.nio.charset.StandardCharsets;

/**
 * Recognises {@code KILL [HARD|SOFT] [CONNECTION|QUERY] <id>} in a COM_QUERY payload, without
 * decoding any other statement: the first non-blank byte decides, so the relay's hot path pays one
 * comparison. The id is the gateway's connection id, the one its greeting gave the client: that is
 * the id every driver's cancel path sends (Connector/J's query timeout, the mysql CLI's Ctrl-C).
 */
sealed interface KillStatement {

    /** Anything else: relay it. */
    record NotKill() implements KillStatement {}

    /** KILL of a gateway connection id; {@code queryOnly} for KILL QUERY. */
    record Kill(long connectionId, boolean queryOnly) implements KillStatement {}

    /** A KILL the gateway cannot map to one of its sessions (KILL USER, KILL QUERY ID ...). */
    record Unsupported(String text) implements KillStatement {}

    KillStatement NOT_KILL = new NotKill();

    /**
     * Reads the COM_QUERY payload whose command byte is {@code bytes[offset]}, {@code length} bytes in
     * all (the array may be longer, as a reused buffer is). Anything whose first word is not KILL is
     * {@link NotKill}, decided by that first word alone.
     */
    static KillStatement parse(byte[] bytes, int offset, int length) {
        Scanner s = new Scanner(bytes, offset + 1, offset + length);
        s.blanks();
        if (!s.word("KILL") || !s.blanks()) {
            return NOT_KILL;
        }
        if (s.word("HARD") || s.word("SOFT")) {
            if (!s.blanks()) {
                return unsupported(bytes, offset, length);
            }
        }
        boolean queryOnly = false;
        if (s.word("QUERY")) {
            queryOnly = true;
            if (!s.blanks()) {
                return unsupported(bytes, offset, length);
            }
        } else if (s.word("CONNECTION") && !s.blanks()) {
            return unsupported(bytes, offset, length);
        }
        long id = s.number();
        s.blanks();
        s.semicolon();
        s.blanks();
        return id >= 0 && s.atEnd() ? new Kill(id, queryOnly) : unsupported(bytes, offset, length);
    }

    private static KillStatement unsupported(byte[] bytes, int offset, int length) {
        return new Unsupported(
                new String(bytes, offset + 1, Math.min(length - 1, 100), StandardCharsets.UTF_8).strip());
    }

    /** A cursor over ASCII statement text. */
    final class Scanner {
        private final byte[] text;
        private final int end;
        private int at;

        Scanner(byte[] text, int from, int end) {
            this.text = text;
            this.at = from;
            this.end = end;
        }

        /** Skips blanks; true when there was at least one. */
        boolean blanks() {
            int start = at;
            while (at < end && (text[at] == ' ' || text[at] == '\t' || text[at] == '\n' || text[at] == '\r')) {
                at++;
            }
            return at > start;
        }

        /** Consumes {@code upper} (an upper-case keyword) case-insensitively if it is next and followed by no letter. */
        boolean word(String upper) {
            int n = upper.length();
            if (end - at < n) {
                return false;
            }
            for (int i = 0; i < n; i++) {
                if ((text[at + i] & 0xDF) != upper.charAt(i)) {
                    return false;
                }
            }
            if (at + n < end && Character.isLetterOrDigit(text[at + n]) || at + n < end && text[at + n] == '_') {
                return false;
            }
            at += n;
            return true;
        }

        /** A decimal id of at most 18 digits, or -1. */
        long number() {
            long value = 0;
            int digits = 0;
            while (at < end && text[at] >= '0' && text[at] <= '9' && digits < 19) {
                value = value * 10 + (text[at++] - '0');
                digits++;
            }
            return digits == 0 || digits > 18 ? -1 : value;
        }

        void semicolon() {
            if (at < end && text[at] == ';') {
                at++;
            }
        }

        boolean atEnd() {
            return at == end;
        }
    }
}
