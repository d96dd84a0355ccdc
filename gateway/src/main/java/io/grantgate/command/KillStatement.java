package io.grantgate.command;

import java.nio.charset.StandardCharsets;

/**
 * Recognises {@code KILL [HARD|SOFT] [CONNECTION|QUERY] <id>} in a COM_QUERY payload, comments
 * anywhere between its words (as drivers and pools prefix them), without decoding any other
 * statement: the first byte that is neither blank nor comment decides, so the relay's hot path pays
 * one comparison. The id is the gateway's connection id, the one its greeting gave the client: that is
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

        /**
         * Skips blanks and comments, which separate words as blanks do: {@code /* … *}{@code /},
         * {@code # …} and {@code -- …} to the end of the line. An executable comment ({@code /*!},
         * MariaDB's {@code /*M!}) is statement text, so it stops here: whatever it holds is not
         * taken for KILL. True when there was at least one blank or comment.
         */
        boolean blanks() {
            int start = at;
            while (at < end) {
                byte b = text[at];
                if (b == ' ' || b == '\t' || b == '\n' || b == '\r') {
                    at++;
                } else if (b == '#' || b == '-' && lineCommentAt(at)) {
                    at = lineEnd(at);
                } else if (b == '/' && blockCommentAt(at)) {
                    at = blockCommentEnd(at + 2);
                } else {
                    break;
                }
            }
            return at > start;
        }

        /** {@code -- } is a comment only with a blank (or the end) after the two dashes. */
        private boolean lineCommentAt(int i) {
            return i + 1 < end
                    && text[i + 1] == '-'
                    && (i + 2 == end
                            || text[i + 2] == ' '
                            || text[i + 2] == '\t'
                            || text[i + 2] == '\n'
                            || text[i + 2] == '\r');
        }

        private boolean blockCommentAt(int i) {
            return i + 1 < end
                    && text[i + 1] == '*'
                    && !(i + 2 < end && text[i + 2] == '!')
                    && !(i + 3 < end && (text[i + 2] == 'M' || text[i + 2] == 'm') && text[i + 3] == '!');
        }

        private int lineEnd(int i) {
            while (i < end && text[i] != '\n') {
                i++;
            }
            return i;
        }

        /** Just past the closing {@code *}{@code /}; the end of the text when there is none. */
        private int blockCommentEnd(int i) {
            while (i + 1 < end && !(text[i] == '*' && text[i + 1] == '/')) {
                i++;
            }
            return Math.min(i + 2, end);
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
