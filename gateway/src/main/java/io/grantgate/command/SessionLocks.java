package io.grantgate.command;

import io.grantgate.protocol.constant.CommandType;

/**
 * Whether a relayed command could have left locks on the backend session that outlive the statement:
 * {@code LOCK TABLES} and {@code FLUSH TABLES … WITH READ LOCK} (the word LOCK, which also matches, needlessly,
 * {@code LOCK IN SHARE MODE}), named locks ({@code GET_LOCK}), XA transactions, {@code HANDLER … OPEN},
 * and SQL whose text the gateway never sees ({@code CALL}, SQL {@code EXECUTE}). A transaction's own
 * locks need no scan: the backend reports an open transaction in every OK's status flags.
 *
 * <p>Why it matters: a session's backend connection goes back to the pool owing its reset, which the
 * next borrower sends; a lock taken here would outlive the session until then, where on a direct
 * connection the server drops it when the client goes. Errs towards yes, as {@link SchemaChanges} does,
 * and compares bytes the same way.
 */
public final class SessionLocks {

    private static final byte[][] WORDS = {
        {'L', 'O', 'C', 'K'},
        {'G', 'E', 'T', '_', 'L', 'O', 'C', 'K'},
        {'X', 'A'},
        {'H', 'A', 'N', 'D', 'L', 'E', 'R'},
        {'C', 'A', 'L', 'L'},
        {'E', 'X', 'E', 'C', 'U', 'T', 'E'}
    };

    private SessionLocks() {}

    /** {@code bytes[offset]} is the command byte; {@code length} bytes from there are the command. */
    public static boolean possible(CommandType command, byte[] bytes, int offset, int length) {
        if (command != CommandType.COM_QUERY && command != CommandType.COM_STMT_PREPARE) {
            return false;
        }
        int from = offset + 1;
        int to = offset + length;
        for (byte[] word : WORDS) {
            if (SchemaChanges.containsWord(bytes, from, to, word)) {
                return true;
            }
        }
        return false;
    }
}
