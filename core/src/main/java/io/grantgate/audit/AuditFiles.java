package io.grantgate.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The files of one trail. The current file (e.g. {@code audit.jsonl}) is renamed on rotation to
 * {@code audit-20261202T204100Z-000000000123.jsonl}, next to it: the UTC time of its first record,
 * then its first sequence number, so that names sort in the trail's order. Stateless.
 */
public final class AuditFiles {

    /** What {@link #inDirectory} takes for an audit file. */
    public static final String EXTENSION = ".jsonl";

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private AuditFiles() {}

    /** The trail's files in order: its rotated files by first sequence number, then the current file if it exists. */
    public static List<Path> of(Path currentFile) throws IOException {
        List<Path> files = new ArrayList<>(rotated(currentFile));
        if (Files.isRegularFile(currentFile)) {
            files.add(currentFile);
        }
        return files;
    }

    /** The rotated files of the trail whose current file is {@code currentFile}, oldest first. */
    public static List<Path> rotated(Path currentFile) throws IOException {
        Path dir = directory(currentFile);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        Pattern pattern = rotatedPattern(currentFile);
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(
                            p -> pattern.matcher(p.getFileName().toString()).matches())
                    .filter(Files::isRegularFile)
                    .sorted(Comparator.comparingLong(
                                    (Path p) -> firstSeq(currentFile, p).orElse(Long.MAX_VALUE))
                            .thenComparing(Path::getFileName))
                    .toList();
        }
    }

    /** Every {@value #EXTENSION} file in {@code dir}, by name (the verifier orders them by content). */
    public static List<Path> inDirectory(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> p.getFileName().toString().endsWith(EXTENSION))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        }
    }

    /** The name a rotated file gets: the current file's stem, its first record's time and sequence number. */
    static String rotatedName(Path currentFile, Instant firstRecord, long firstSeq) {
        String name = currentFile.getFileName().toString();
        return stem(name) + "-" + STAMP.format(firstRecord) + "-" + String.format("%012d", firstSeq) + extension(name);
    }

    /** The first sequence number a rotated file's name gives, if it is one of this trail's. */
    static OptionalLong firstSeq(Path currentFile, Path file) {
        Matcher m = rotatedPattern(currentFile).matcher(file.getFileName().toString());
        if (!m.matches()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(m.group(1)));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    static Path directory(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        return Objects.requireNonNull(parent, "a file has a directory");
    }

    private static Pattern rotatedPattern(Path currentFile) {
        String name = currentFile.getFileName().toString();
        return Pattern.compile(
                Pattern.quote(stem(name)) + "-[0-9]{8}T[0-9]{6}Z-([0-9]{12,19})" + Pattern.quote(extension(name)));
    }

    private static String stem(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(dot) : "";
    }
}
