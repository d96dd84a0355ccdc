package io.grantgate.command;

import io.grantgate.protocol.constant.CommandType;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Whether a statement only sets session system variables in a way that can be replayed on another
 * backend connection with the same effect, so that a multiplexed session need not be pinned for it:
 * what drivers send after connecting ({@code SET autocommit=1}, {@code SET character_set_results =
 * NULL}, MariaDB Connector/J's {@code set sql_mode=CONCAT(@@sql_mode,',STRICT_TRANS_TABLES'), …,
 * NAMES utf8mb4}) and pools send on checkout.
 *
 * <p>Replayable: one {@code SET} statement (after optional whitespace and plain comments) whose
 * assignments name session variables, {@code NAMES} or {@code CHARACTER SET}, with values of
 * literals, identifiers, system variables and {@code CONCAT}/{@code CONCAT_WS} of them. Not
 * replayable, so pinning as any state change does: {@code SET TRANSACTION} (the next transaction
 * only), {@code PASSWORD}, {@code ROLE}, {@code DEFAULT ROLE}, {@code STATEMENT … FOR}, a
 * {@code GLOBAL} or {@code PERSIST} target, a user variable, any other function call (its value may
 * differ when run again: {@code UNIX_TIMESTAMP()}), a subquery, several statements, an executable
 * comment, a byte beyond ASCII, or more than {@link #MAX_LENGTH} bytes. Bytes are compared as ASCII, case-insensitively.
 */
public final class SessionSetup {

    /** Longer SET statements are not kept for replay. */
    public static final int MAX_LENGTH = 1024;

    private static final Set<String> NOT_AFTER_SET =
            Set.of("TRANSACTION", "PASSWORD", "ROLE", "DEFAULT", "STATEMENT", "GLOBAL", "PERSIST", "PERSIST_ONLY");
    private static final Set<String> NOT_A_TARGET = Set.of("GLOBAL", "PERSIST", "PERSIST_ONLY");
    private static final Set<String> FUNCTIONS = Set.of("CONCAT", "CONCAT_WS");
    private static final String TRACKING = "SESSION_TRACK";

    private SessionSetup() {}

    /** {@code bytes[offset]} is the command byte; {@code length} bytes from there are the command. */
    public static boolean replayable(CommandType command, byte[] bytes, int offset, int length) {
        if (command != CommandType.COM_QUERY || length - 1 > MAX_LENGTH) {
            return false;
        }
        int to = offset + length;
        for (int k = offset + 1; k < to; k++) {
            if (bytes[k] < 0) {
                return false; // ASCII only: replayed as text, whatever the session's character set
            }
        }
        int i = skipBlanks(bytes, offset + 1, to);
        if (i < 0) {
            return false;
        }
        int end = wordEnd(bytes, i, to);
        if (!word(bytes, i, end).equals("SET")) {
            return false;
        }
        int next = skipBlanks(bytes, end, to);
        if (next < 0 || NOT_AFTER_SET.contains(word(bytes, next, wordEnd(bytes, next, to)))) {
            return false;
        }
        return assignmentsOnly(bytes, end, to);
    }

    /** Whether the statement touches the session-state tracking variables the gateway relies on. */
    public static boolean touchesTracking(byte[] bytes, int offset, int length) {
        String text = new String(bytes, offset, length, StandardCharsets.ISO_8859_1).toUpperCase(java.util.Locale.ROOT);
        return text.contains(TRACKING);
    }

    private static boolean assignmentsOnly(byte[] bytes, int from, int to) {
        boolean target = true;
        int depth = 0;
        String previousWord = "";
        for (int i = from; i < to; i++) {
            byte b = bytes[i];
            if (b == '\'' || b == '"' || b == '`') {
                i = closingQuote(bytes, i, to);
                if (i < 0) {
                    return false;
                }
                previousWord = "";
            } else if (identifierByte(b)) {
                int end = wordEnd(bytes, i, to);
                previousWord = word(bytes, i, end);
                if (previousWord.equals("SELECT") || target && NOT_A_TARGET.contains(previousWord)) {
                    return false;
                }
                i = end - 1;
            } else if (b == '@') {
                if (i + 1 >= to || bytes[i + 1] != '@') {
                    return false; // a user variable
                }
                i++;
            } else if (b == '(') {
                if (!FUNCTIONS.contains(previousWord)) {
                    return false;
                }
                depth++;
            } else if (b == ')') {
                depth--;
            } else if (b == ';' || b == '#' || b == '/' || b == '-' && i + 1 < to && bytes[i + 1] == '-') {
                return false; // a second statement or a comment, possibly executable
            } else if (b == ',' && depth == 0) {
                target = true;
            } else if (b == '=' && depth == 0) {
                target = false;
            }
            if (b != ' ' && !identifierByte(b) && b != '.') {
                previousWord = b == '(' ? previousWord : "";
            }
        }
        return depth == 0;
    }

    /** The index after the quote closing the one at {@code at}, minus one; -1 if unclosed. */
    private static int closingQuote(byte[] bytes, int at, int to) {
        byte quote = bytes[at];
        for (int i = at + 1; i < to; i++) {
            if (bytes[i] == '\\' && quote != '`') {
                i++;
            } else if (bytes[i] == quote) {
                if (i + 1 < to && bytes[i + 1] == quote) {
                    i++;
                } else {
                    return i;
                }
            }
        }
        return -1;
    }

    /** The first byte from {@code i} that is neither white space nor inside a plain comment; -1 at an executable comment or the end. */
    private static int skipBlanks(byte[] bytes, int i, int to) {
        while (i < to) {
            byte b = bytes[i];
            if (b == ' ' || b == '\t' || b == '\n' || b == '\r') {
                i++;
            } else if (b == '/' && i + 1 < to && bytes[i + 1] == '*') {
                if (i + 2 < to && (bytes[i + 2] == '!' || bytes[i + 2] == 'M')) {
                    return -1;
                }
                int close = indexOf(bytes, i + 2, to);
                if (close < 0) {
                    return -1;
                }
                i = close + 2;
            } else {
                return i;
            }
        }
        return -1;
    }

    private static int indexOf(byte[] bytes, int from, int to) {
        for (int i = from; i + 1 < to; i++) {
            if (bytes[i] == '*' && bytes[i + 1] == '/') {
                return i;
            }
        }
        return -1;
    }

    private static int wordEnd(byte[] bytes, int from, int to) {
        int i = from;
        while (i < to && identifierByte(bytes[i])) {
            i++;
        }
        return i;
    }

    private static String word(byte[] bytes, int from, int to) {
        return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1).toUpperCase(java.util.Locale.ROOT);
    }

    private static boolean identifierByte(byte b) {
        return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '_' || b == '$';
    }
}
