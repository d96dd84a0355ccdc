package io.grantgate.audit;

/**
 * The last record of the trail that is on disk: what the gateway checkpoints in the catalog, so that
 * {@link AuditVerifier} can tell a trail cut short (records deleted from its end) from an intact one.
 *
 * @param fileName the name (not the path) of the file the record was written to; a later rotation
 *     renames that file, so the verifier compares {@code seq} and {@code macHex}, not this
 * @param seq the record's sequence number, 0 before any record was written
 * @param macHex the record's MAC in lowercase hex; empty when not known (a checkpoint given only as
 *     a sequence number)
 */
public record ChainHead(String fileName, long seq, String macHex) {

    public ChainHead {
        java.util.Objects.requireNonNull(fileName, "fileName");
        java.util.Objects.requireNonNull(macHex, "macHex");
        if (seq < 0) {
            throw new IllegalArgumentException("seq " + seq + " is negative");
        }
    }

    /** A checkpoint that knows only how far the trail reached. */
    public static ChainHead ofSeq(long seq) {
        return new ChainHead("", seq, "");
    }
}
