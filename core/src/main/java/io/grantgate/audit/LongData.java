package io.grantgate.audit;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * What COM_STMT_SEND_LONG_DATA sent for one parameter since the last execute or reset: the total
 * length, the SHA-256 of all of it, and its first bytes up to the cap and as far as the session's
 * {@link MemoryBudget} allows. Pieces are hashed as they come and never kept whole, so a value of
 * any size costs at most the cap. Confined to its session's thread, like {@link PreparedStatements}.
 */
final class LongData {

    private static final byte[] NONE = {};

    private final MessageDigest sha256 = Sha256.newDigest();
    private byte[] kept = NONE;
    private int keptLength;
    private long length;

    void append(byte[] piece, int offset, int pieceLength, int cap, MemoryBudget budget) {
        sha256.update(piece, offset, pieceLength);
        length += pieceLength;
        int wanted = Math.min(pieceLength, cap - keptLength);
        if (wanted <= 0) {
            return;
        }
        if (keptLength + wanted > kept.length) {
            // doubling keeps many small pieces from copying the prefix once each
            int target = Math.min(cap, Math.max(keptLength + wanted, kept.length * 2));
            int granted = budget.take(target - kept.length);
            if (granted > 0) {
                kept = Arrays.copyOf(kept, kept.length + granted);
            }
        }
        int copied = Math.min(wanted, kept.length - keptLength);
        System.arraycopy(piece, offset, kept, keptLength, copied);
        keptLength += copied;
    }

    /** Bytes this holds against the budget, to give back when it is dropped. */
    int footprint() {
        return kept.length;
    }

    long length() {
        return length;
    }

    /** The value for the audit record; call once, as it completes the hash. */
    AuditValue value(String type, boolean binary) {
        String hash = keptLength < length ? Sha256.hex(sha256) : null;
        return ShownBytes.of(type, binary, kept, 0, keptLength, length, hash);
    }
}
