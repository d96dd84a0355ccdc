package io.grantgate.audit;

import java.util.Optional;

/**
 * The {@code file_start} record that opens a file of the trail, or notes where a crashed writer left
 * a partial line. Written by the trail itself, so not an {@link AuditEvent}; chained and sequenced
 * like one.
 *
 * @param reason start (a brand-new trail), rotate (the previous file was rotated) or resume (the
 *     writer found a partial line, or no current file, where it left off)
 * @param previousFile the name of the file the chain continues from, when it is another file
 * @param previousMac the MAC this record chains on (hex), absent for a brand-new trail
 * @param droppedBytes for resume: the bytes of the partial line cut off the end of the file
 */
record FileStart(
        long timeMicros,
        String instance,
        String reason,
        Optional<String> previousFile,
        Optional<String> previousMac,
        long droppedBytes) {

    static final String TYPE = "file_start";
    static final String START = "start";
    static final String ROTATE = "rotate";
    static final String RESUME = "resume";
}
