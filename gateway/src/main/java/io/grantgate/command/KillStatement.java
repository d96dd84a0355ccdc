package io.grantgate.command;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the KILLs in a COM_QUERY payload: {@code KILL [HARD|SOFT] [CONNECTION|QUERY] <id>} or
 * {@code … CONNECTION_ID()}, comments anywhere between its words (as drivers and pools prefix them).
 * The ids are the ones clients see: a gateway connection id (the greeting's, what every driver's cancel
 * path sends) or a backend one ({@code CONNECTION_ID()}, the process list).
 *
 * <p>The relay's hot path pays little: a statement whose first word is not KILL and that has no
 * {@code ;} is decided after one pass for that byte; only text with a {@code ;} is walked statement
 * by statement (quotes, comments), to find a KILL that is not the first statement.
 */
sealed interface KillStatement {

    /** Relay it as it came: no KILL, or one the backend evaluates itself ({@code KILL @id}, {@code KILL 1+1}). */
    record ForBackend() implements KillStatement {}

    /** The only statement: a KILL of a connection id or of the session itself, which the gateway answers. */
    record Kill(KillTarget target, boolean queryOnly) implements KillStatement {}

    /** KILL USER, KILL QUERY ID: they name no connection the gateway can map to one of its sessions. */
    record Unsupported(String text) implements KillStatement {}

    /**
     * A multi-statement with KILLs by plain id, each a gateway id to be replaced by the backend
     * connection id its session holds before the whole is relayed.
     */
    record InBatch(List<KillId> ids) implements KillStatement {

        public InBatch {
            ids = List.copyOf(ids);
        }
    }

    KillStatement FOR_BACKEND = new ForBackend();

    /**
     * Reads the COM_QUERY payload whose command byte is {@code bytes[offset]}, {@code length} bytes in
     * all (the array may be longer, as a reused buffer is).
     */
    static KillStatement parse(byte[] bytes, int offset, int length) {
        int end = offset + length;
        Scanner s = new Scanner(bytes, offset + 1, end);
        s.blanks();
        if (!s.lookingAt("KILL") && !Scanner.contains(bytes, s.at, end, (byte) ';')) {
            return FOR_BACKEND;
        }
        int statements = 0;
        boolean anyKill = false;
        KillStatement only = FOR_BACKEND;
        List<KillId> ids = new ArrayList<>();
        while (true) {
            s.blanks();
            if (s.atEnd()) {
                break;
            }
            statements++;
            if (s.word("KILL") && s.blanks()) {
                anyKill = true;
                switch (s.killForm(offset)) {
                    case Form.Refused refused -> {
                        return unsupported(bytes, offset, length);
                    }
                    case Form.ById byId -> {
                        ids.add(byId.id());
                        only = new Kill(new KillTarget.ConnectionId(byId.id().id()), byId.queryOnly());
                    }
                    case Form.Own own -> only = new Kill(KillTarget.ITSELF, own.queryOnly());
                    case Form.Expression expression -> only = FOR_BACKEND;
                }
            } else {
                only = FOR_BACKEND;
            }
            s.toNextStatement();
        }
        if (!anyKill) {
            return FOR_BACKEND;
        }
        if (statements == 1) {
            return only;
        }
        return ids.isEmpty() ? FOR_BACKEND : new InBatch(ids);
    }

    private static KillStatement unsupported(byte[] bytes, int offset, int length) {
        return new Unsupported(
                new String(bytes, offset + 1, Math.min(length - 1, 100), StandardCharsets.UTF_8).strip());
    }

    /** What follows {@code KILL} in one statement. */
    sealed interface Form {
        record ById(KillId id, boolean queryOnly) implements Form {}

        record Own(boolean queryOnly) implements Form {}

        record Refused() implements Form {}

        /** Anything else: an expression, or text the backend will call a syntax error. */
        record Expression() implements Form {}
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

        static boolean contains(byte[] text, int from, int end, byte b) {
            for (int i = from; i < end; i++) {
                if (text[i] == b) {
                    return true;
                }
            }
            return false;
        }

        /**
         * After {@code KILL} and a blank: {@code [HARD|SOFT] [CONNECTION|QUERY] (id | CONNECTION_ID())},
         * the statement ending there. Leaves the cursor where it stopped reading.
         *
         * @param payloadOffset where the payload's command byte is, for the id's offset
         */
        Form killForm(int payloadOffset) {
            if ((word("HARD") || word("SOFT")) && !blanks()) {
                return new Form.Expression();
            }
            boolean queryOnly = false;
            if (word("QUERY")) {
                queryOnly = true;
                if (!blanks()) {
                    return new Form.Expression();
                }
                if (word("ID")) {
                    return new Form.Refused();
                }
            } else if (word("CONNECTION") && !blanks()) {
                return new Form.Expression();
            }
            if (word("USER")) {
                return new Form.Refused();
            }
            int idStart = at;
            long id = number();
            if (id >= 0) {
                int idEnd = at;
                blanks();
                return atStatementEnd()
                        ? new Form.ById(new KillId(idStart - payloadOffset, idEnd - idStart, id), queryOnly)
                        : new Form.Expression();
            }
            if (word("CONNECTION_ID")) {
                blanks();
                if (symbol('(')) {
                    blanks();
                    if (symbol(')')) {
                        blanks();
                        if (atStatementEnd()) {
                            return new Form.Own(queryOnly);
                        }
                    }
                }
            }
            return new Form.Expression();
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

        /**
         * Moves past the {@code ;} that ends the current statement, or to the end: quoted strings and
         * identifiers, comments and executable comments are skipped whole, so a {@code ;} inside them
         * ends nothing. Backslash escapes are honoured in strings, as the default SQL mode reads them.
         */
        void toNextStatement() {
            while (at < end) {
                byte b = text[at];
                if (b == ';') {
                    at++;
                    return;
                }
                if (b == '\'' || b == '"' || b == '`') {
                    at = quotedEnd(at + 1, b);
                } else if (b == '#' || b == '-' && lineCommentAt(at)) {
                    at = lineEnd(at);
                } else if (b == '/' && at + 1 < end && text[at + 1] == '*') {
                    at = blockCommentEnd(at + 2);
                } else {
                    at++;
                }
            }
        }

        /** Just past the quote that closes the one before {@code i}; a doubled quote is part of the text. */
        private int quotedEnd(int i, byte quote) {
            while (i < end) {
                byte b = text[i];
                if (b == '\\' && quote != '`') {
                    i += 2;
                } else if (b == quote) {
                    if (i + 1 < end && text[i + 1] == quote) {
                        i += 2;
                    } else {
                        return i + 1;
                    }
                } else {
                    i++;
                }
            }
            return end;
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

        /** Whether {@code upper} (an upper-case keyword) is next, followed by no letter; consumes nothing. */
        boolean lookingAt(String upper) {
            int n = upper.length();
            if (end - at < n) {
                return false;
            }
            for (int i = 0; i < n; i++) {
                if ((text[at + i] & 0xDF) != upper.charAt(i)) {
                    return false;
                }
            }
            return !(at + n < end && (Character.isLetterOrDigit(text[at + n]) || text[at + n] == '_'));
        }

        /** Consumes {@code upper} (an upper-case keyword) case-insensitively if it is next and followed by no letter. */
        boolean word(String upper) {
            if (!lookingAt(upper)) {
                return false;
            }
            at += upper.length();
            return true;
        }

        private boolean symbol(char c) {
            if (at < end && text[at] == c) {
                at++;
                return true;
            }
            return false;
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

        private boolean atStatementEnd() {
            return at == end || text[at] == ';';
        }

        boolean atEnd() {
            return at == end;
        }
    }
}
