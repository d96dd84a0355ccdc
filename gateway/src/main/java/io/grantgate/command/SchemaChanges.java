package io.grantgate.command;

import io.grantgate.protocol.constant.CommandType;

/**
 * Whether a relayed command could have changed the backend session's default schema, so that the
 * connection must be reset with a new login rather than COM_RESET_CONNECTION, which keeps the schema.
 * Errs towards yes and never parses SQL: COM_INIT_DB does; a statement (COM_QUERY, or text given to
 * COM_STMT_PREPARE) does if the word USE or EXECUTE occurs anywhere in it, in a comment or a string
 * literal too. EXECUTE covers the dynamic forms whose text the gateway never sees ({@code PREPARE s
 * FROM @sql; EXECUTE s}, MariaDB's {@code EXECUTE IMMEDIATE @sql}). A stored procedure's USE does not
 * outlive the CALL, and functions and triggers may not run one.
 *
 * <p>Bytes are compared as ASCII, case-insensitively. A word is bounded by bytes that cannot be part
 * of an unquoted identifier; bytes of 0x80 and above count as bounds, so a multi-byte character next to
 * the word makes it match rather than hide it.
 */
public final class SchemaChanges {

    private static final byte[] USE = {'U', 'S', 'E'};
    private static final byte[] EXECUTE = {'E', 'X', 'E', 'C', 'U', 'T', 'E'};

    private SchemaChanges() {}

    /** {@code bytes[offset]} is the command byte; {@code length} bytes from there are the command. */
    public static boolean possible(CommandType command, byte[] bytes, int offset, int length) {
        int from = offset + 1;
        int to = offset + length;
        return switch (command) {
            case COM_INIT_DB -> true;
            case COM_QUERY, COM_STMT_PREPARE ->
                containsWord(bytes, from, to, USE) || containsWord(bytes, from, to, EXECUTE);
            default -> false;
        };
    }

    /** Whether {@code word} (upper-case ASCII) occurs as a word in {@code bytes[from, to)}. */
    static boolean containsWord(byte[] bytes, int from, int to, byte[] word) {
        int last = to - word.length;
        for (int i = from; i <= last; i++) {
            if (upper(bytes[i]) == word[0]
                    && (i == from || !identifierByte(bytes[i - 1]))
                    && matchesAt(bytes, i, word)
                    && (i + word.length == to || !identifierByte(bytes[i + word.length]))) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesAt(byte[] bytes, int at, byte[] word) {
        for (int k = 1; k < word.length; k++) {
            if (upper(bytes[at + k]) != word[k]) {
                return false;
            }
        }
        return true;
    }

    private static byte upper(byte b) {
        return b >= 'a' && b <= 'z' ? (byte) (b - 32) : b;
    }

    private static boolean identifierByte(byte b) {
        return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '_' || b == '$';
    }
}
