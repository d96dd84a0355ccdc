package io.grantgate.audit;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link AuditVerifier} found.
 *
 * @param files the files checked, in the trail's order
 * @param records how many records were checked and found intact
 * @param lastSeq the sequence number of the last intact record, 0 if none
 * @param problem the first thing found wrong; empty when the trail is intact
 */
public record AuditVerification(List<Path> files, long records, long lastSeq, Optional<Problem> problem) {

    public AuditVerification {
        files = List.copyOf(files);
        Objects.requireNonNull(problem, "problem");
    }

    /**
     * Where the trail stops being trustworthy.
     *
     * @param file the file, as given or found in a given directory
     * @param line its line number, from 1 (0: the file as a whole)
     * @param seq the record's sequence number, -1 when the line does not say
     * @param what e.g. "mac mismatch (altered)", "sequence gap: expected 17, found 19 (deleted or reordered)"
     */
    public record Problem(Path file, long line, long seq, String what) {

        @Override
        public String toString() {
            return file + (line > 0 ? " line " + line : "") + (seq >= 0 ? " (seq " + seq + ")" : "") + ": " + what;
        }
    }

    public boolean ok() {
        return problem.isEmpty();
    }

    /** One line for people: "intact: …" or where it broke. */
    public String summary() {
        if (problem.isPresent()) {
            return "audit trail NOT intact at " + problem.get();
        }
        return "audit trail intact: " + records + (records == 1 ? " record" : " records") + " (seq 1 to " + lastSeq
                + ") in " + files.size() + (files.size() == 1 ? " file" : " files");
    }
}
