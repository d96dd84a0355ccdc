package io.grantgate.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Checks that a trail is whole and unaltered: every line is a record whose MAC chains on the one
 * before, sequence numbers run from 1 without a gap across the files, every file after the first starts
 * with a file_start record naming the file before it, no line is cut short, and the trail reaches the
 * last checkpoint the gateway stored. Reports the first problem with its file, line and sequence
 * number.
 *
 * <p>Without a checkpoint, records cut from the end of the last file cannot be told from records never
 * written: the chain proves what is there, the checkpoint how far it reached. Stateless.
 */
public final class AuditVerifier {

    private static final HexFormat HEX = HexFormat.of();

    private AuditVerifier() {}

    /**
     * Verifies the trail made of {@code paths}: files in any order (they are ordered by their first
     * sequence number), or directories standing for every {@value AuditFiles#EXTENSION} file in them.
     *
     * @param checkpoint the head the gateway last stored: the trail must reach its seq, and the record
     *     there must have its MAC (when it has one)
     * @throws IOException when a file cannot be read
     */
    public static AuditVerification verify(List<Path> paths, AuditKey key, Optional<ChainHead> checkpoint)
            throws IOException {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(checkpoint, "checkpoint");
        List<Path> files = inTrailOrder(expand(paths));
        return new Walk(files, key, checkpoint).run();
    }

    private static List<Path> expand(List<Path> paths) throws IOException {
        Set<Path> files = new LinkedHashSet<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                files.addAll(AuditFiles.inDirectory(path));
            } else if (Files.isRegularFile(path)) {
                files.add(path);
            } else {
                throw new java.nio.file.NoSuchFileException(path.toString(), null, "no such audit file");
            }
        }
        return List.copyOf(files);
    }

    /** By the first record's seq; a file whose first line says none goes last, where the walk will report it. */
    private static List<Path> inTrailOrder(List<Path> files) throws IOException {
        record Keyed(Path file, long firstSeq) {}
        List<Keyed> keyed = new ArrayList<>();
        for (Path file : files) {
            keyed.add(new Keyed(file, firstSeq(file)));
        }
        keyed.sort(Comparator.comparingLong(Keyed::firstSeq)
                .thenComparing(k -> k.file().getFileName()));
        return keyed.stream().map(Keyed::file).toList();
    }

    private static long firstSeq(Path file) throws IOException {
        try (LineReader lines = new LineReader(file)) {
            if (lines.next()) {
                try {
                    return AuditLine.parse(lines.bytes(), lines.length()).seq();
                } catch (AuditLine.MalformedLine e) {
                    return Long.MAX_VALUE;
                }
            }
            return Long.MAX_VALUE;
        }
    }

    /** One pass over the files, in order; stops at the first problem. */
    private static final class Walk {

        private final List<Path> files;
        private final AuditKey key;
        private final Optional<ChainHead> checkpoint;
        private final Set<String> names = new LinkedHashSet<>();
        private long expectedSeq = 1;
        private byte[] previousMac = AuditKey.firstPreviousMac();
        private long records;

        Walk(List<Path> files, AuditKey key, Optional<ChainHead> checkpoint) {
            this.files = files;
            this.key = key;
            this.checkpoint = checkpoint;
            files.forEach(f -> names.add(f.getFileName().toString()));
        }

        AuditVerification run() throws IOException {
            if (files.isEmpty()) {
                return report(new AuditVerification.Problem(Path.of("."), 0, -1, "no audit files"));
            }
            Path file = null;
            long lines = 0;
            for (int i = 0; i < files.size(); i++) {
                file = files.get(i);
                String previousName =
                        i == 0 ? null : files.get(i - 1).getFileName().toString();
                try (LineReader reader = new LineReader(file)) {
                    while (reader.next()) {
                        lines = reader.number();
                        Optional<AuditVerification.Problem> problem = check(file, previousName, reader);
                        if (problem.isPresent()) {
                            return report(problem.get());
                        }
                    }
                }
            }
            if (checkpoint.isPresent() && checkpoint.get().seq() > lastSeq()) {
                return report(new AuditVerification.Problem(
                        file,
                        lines,
                        lastSeq(),
                        "truncated: the trail ends at seq " + lastSeq() + " but the checkpoint says "
                                + checkpoint.get().seq()));
            }
            return new AuditVerification(files, records, lastSeq(), Optional.empty());
        }

        private Optional<AuditVerification.Problem> check(Path file, String previousName, LineReader reader) {
            long number = reader.number();
            if (!reader.terminated()) {
                return problem(file, number, -1, "partial last line (" + reader.length() + " bytes without a newline)");
            }
            AuditLine line;
            try {
                line = AuditLine.parse(reader.bytes(), reader.length());
            } catch (AuditLine.MalformedLine e) {
                return problem(file, number, -1, e.getMessage());
            }
            long seq = line.seq();
            if (line.version() != AuditEvent.SCHEMA_VERSION) {
                return problem(file, number, seq, "unknown schema version " + line.version());
            }
            if (number == 1) {
                Optional<String> broken = fileLink(file, previousName, line);
                if (broken.isPresent()) {
                    return problem(file, number, seq, broken.get());
                }
            }
            if (seq != expectedSeq) {
                return problem(
                        file,
                        number,
                        seq,
                        "sequence gap: expected " + expectedSeq + ", found " + seq + " (deleted or reordered)");
            }
            byte[] mac = key.mac(previousMac, reader.bytes(), 0, line.signedLength());
            if (!MessageDigest.isEqual(mac, line.mac())) {
                return problem(
                        file,
                        number,
                        seq,
                        records == 0
                                ? "mac mismatch (altered, or written with another master key)"
                                : "mac mismatch (altered)");
            }
            if (checkpoint.isPresent() && checkpoint.get().seq() == seq) {
                String expected = checkpoint.get().macHex();
                if (!expected.isEmpty() && !expected.equalsIgnoreCase(HEX.formatHex(mac))) {
                    return problem(
                            file,
                            number,
                            seq,
                            "checkpoint mismatch: the checkpoint says seq " + seq + " has mac " + expected
                                    + " (the trail was rewritten from here or before)");
                }
            }
            previousMac = mac;
            expectedSeq++;
            records++;
            return Optional.empty();
        }

        /** A file after another starts with a file_start naming it; the first file names none. */
        private Optional<String> fileLink(Path file, String previousName, AuditLine first) {
            Optional<String> named = first.fileStart() ? first.previousFile() : Optional.empty();
            if (previousName == null) {
                return named.map(n -> "file chain broken: previous_file " + n + " missing");
            }
            if (named.isEmpty()) {
                return Optional.of("file chain broken: " + file.getFileName()
                        + " does not start with a file_start record naming " + previousName);
            }
            if (named.get().equals(previousName)) {
                return Optional.empty();
            }
            return Optional.of(
                    names.contains(named.get())
                            ? "file chain broken: previous_file " + named.get() + ", but the file before it is "
                                    + previousName
                            : "file chain broken: previous_file " + named.get() + " missing");
        }

        private long lastSeq() {
            return expectedSeq - 1;
        }

        private Optional<AuditVerification.Problem> problem(Path file, long line, long seq, String what) {
            return Optional.of(new AuditVerification.Problem(file, line, seq, what));
        }

        private AuditVerification report(AuditVerification.Problem problem) {
            return new AuditVerification(files, records, lastSeq(), Optional.of(problem));
        }
    }
}
