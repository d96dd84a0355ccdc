package io.grantgate.audit;

import static io.grantgate.audit.AuditEvents.KEY;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each tamper case asserts the exact problem and position, so that it fails if the check it is about
 * were missing: another check would report something else, or nothing.
 */
class AuditVerifierTest {

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("audit.jsonl");
    }

    /** A trail of a file_start and {@code statements} statements; its head once closed. */
    private ChainHead writeTrail(int statements, long rotateBytes) throws IOException {
        AuditFileSettings settings = AuditFileSettings.of(file(), AuditMode.BLOCK)
                .withFsync(AuditFileSettings.Fsync.NEVER, Duration.ofSeconds(1))
                .withRotation(rotateBytes, Duration.ofDays(1));
        AuditFileTrail trail = AuditFileTrail.open(
                settings, KEY, "gw-test", Clock.systemUTC(), ChannelOpener.FILES, Duration.ofMillis(50));
        for (int i = 1; i <= statements; i++) {
            trail.record(AuditEvents.query(1, i, "select 'alice' from t" + i));
        }
        trail.close();
        return trail.head();
    }

    private AuditVerification verify(Optional<ChainHead> checkpoint) throws IOException {
        return AuditVerifier.verify(AuditFiles.of(file()), KEY, checkpoint);
    }

    private AuditVerification.Problem problem(Optional<ChainHead> checkpoint) throws IOException {
        AuditVerification verification = verify(checkpoint);
        assertThat(verification.ok()).as("verify must fail").isFalse();
        return verification.problem().get();
    }

    private AuditVerification.Problem problem() throws IOException {
        return problem(Optional.empty());
    }

    private List<String> lines(Path file) throws IOException {
        return new ArrayList<>(Files.readAllLines(file, UTF_8));
    }

    private void write(Path file, List<String> lines) throws IOException {
        Files.write(file, lines, UTF_8);
    }

    @Test
    void anIntactTrailVerifies() throws Exception {
        ChainHead head = writeTrail(20, 1 << 20);

        AuditVerification verification = verify(Optional.of(head));

        assertThat(verification.ok()).isTrue();
        assertThat(verification.records()).isEqualTo(21);
        assertThat(verification.lastSeq()).isEqualTo(21);
        assertThat(verification.summary()).isEqualTo("audit trail intact: 21 records (seq 1 to 21) in 1 file");
    }

    @Test
    void oneChangedByteIsAnAlteration() throws Exception {
        writeTrail(20, 1 << 20);
        List<String> lines = lines(file());
        lines.set(4, lines.get(4).replace("'alice'", "'alicf'"));
        write(file(), lines);

        AuditVerification.Problem problem = problem();

        assertThat(problem).isEqualTo(new AuditVerification.Problem(file(), 5, 5, "mac mismatch (altered)"));
    }

    @Test
    void aDeletedLineIsASequenceGap() throws Exception {
        writeTrail(20, 1 << 20);
        List<String> lines = lines(file());
        lines.remove(4);
        write(file(), lines);

        assertThat(problem())
                .isEqualTo(new AuditVerification.Problem(
                        file(), 5, 6, "sequence gap: expected 5, found 6 (deleted or reordered)"));
    }

    @Test
    void aDeletedLineWithTheRestRenumberedBreaksTheChain() throws Exception {
        writeTrail(20, 1 << 20);
        List<String> lines = lines(file());
        lines.remove(4);
        for (int i = 4; i < lines.size(); i++) {
            lines.set(i, lines.get(i).replace("\"seq\":" + (i + 2) + ",", "\"seq\":" + (i + 1) + ","));
        }
        write(file(), lines);

        assertThat(problem()).isEqualTo(new AuditVerification.Problem(file(), 5, 5, "mac mismatch (altered)"));
    }

    @Test
    void twoSwappedLinesAreASequenceGap() throws Exception {
        writeTrail(20, 1 << 20);
        List<String> lines = lines(file());
        Collections.swap(lines, 9, 10);
        write(file(), lines);

        assertThat(problem())
                .isEqualTo(new AuditVerification.Problem(
                        file(), 10, 11, "sequence gap: expected 10, found 11 (deleted or reordered)"));
    }

    @Test
    void aTailCutAtALineBoundaryIsCaughtByTheCheckpointOnly() throws Exception {
        ChainHead head = writeTrail(20, 1 << 20);
        List<String> lines = lines(file());
        write(file(), lines.subList(0, 18));

        assertThat(verify(Optional.empty()).ok())
                .as("the chain alone cannot tell a cut tail from records never written")
                .isTrue();
        assertThat(problem(Optional.of(head)))
                .isEqualTo(new AuditVerification.Problem(
                        file(), 18, 18, "truncated: the trail ends at seq 18 but the checkpoint says 21"));
        assertThat(problem(Optional.of(ChainHead.ofSeq(19))).what())
                .isEqualTo("truncated: the trail ends at seq 18 but the checkpoint says 19");
    }

    @Test
    void aTrailRewrittenUpToTheCheckpointIsCaughtByItsMac() throws Exception {
        ChainHead head = writeTrail(5, 1 << 20);
        ChainHead other = new ChainHead(head.fileName(), head.seq(), "00".repeat(32));

        assertThat(problem(Optional.of(other)).what()).startsWith("checkpoint mismatch: the checkpoint says seq 6");
        assertThat(problem(Optional.of(other)).line()).isEqualTo(6);
    }

    @Test
    void aPartialLastLine() throws Exception {
        writeTrail(20, 1 << 20);
        Files.write(file(), "{\"v\":1,\"seq\":22,\"ti".getBytes(UTF_8), StandardOpenOption.APPEND);

        AuditVerification.Problem problem = problem();

        assertThat(problem.line()).isEqualTo(22);
        assertThat(problem.what()).isEqualTo("partial last line (19 bytes without a newline)");
    }

    @Test
    void aLineThatIsNotJson() throws Exception {
        writeTrail(5, 1 << 20);
        List<String> lines = lines(file());
        lines.set(2, lines.get(2).replace("\"type\":", "\"type\" "));
        write(file(), lines);

        assertThat(problem()).isEqualTo(new AuditVerification.Problem(file(), 3, -1, "not JSON"));
    }

    @Test
    void anotherMasterKeyFailsAtTheFirstRecord() throws Exception {
        writeTrail(3, 1 << 20);

        AuditVerification verification = AuditVerifier.verify(List.of(file()), AuditEvents.OTHER_KEY, Optional.empty());

        assertThat(verification.problem())
                .contains(new AuditVerification.Problem(
                        file(), 1, 1, "mac mismatch (altered, or written with another master key)"));
    }

    @Test
    void filesInAnyOrderOrAsTheirDirectory() throws Exception {
        ChainHead head = writeTrail(60, 2_000);
        List<Path> files = new ArrayList<>(AuditFiles.of(file()));
        assertThat(files.size()).isGreaterThan(3);
        Collections.reverse(files);

        assertThat(AuditVerifier.verify(files, KEY, Optional.of(head)).ok()).isTrue();
        AuditVerification byDirectory = AuditVerifier.verify(List.of(dir), KEY, Optional.of(head));
        assertThat(byDirectory.ok()).isTrue();
        assertThat(byDirectory.files()).isEqualTo(AuditFiles.of(file()));
        assertThat(byDirectory.summary()).endsWith(" in " + files.size() + " files");
    }

    @Test
    void aDeletedRotatedFileBreaksTheFileChain() throws Exception {
        writeTrail(60, 2_000);
        List<Path> files = AuditFiles.of(file());
        Path deleted = files.get(1);
        Files.delete(deleted);

        assertThat(problem())
                .isEqualTo(new AuditVerification.Problem(
                        files.get(2),
                        1,
                        firstSeq(files.get(2)),
                        "file chain broken: previous_file " + deleted.getFileName() + " missing"));
    }

    @Test
    void aDeletedFirstFileBreaksTheFileChain() throws Exception {
        writeTrail(60, 2_000);
        List<Path> files = AuditFiles.of(file());
        Files.delete(files.getFirst());

        assertThat(problem())
                .isEqualTo(new AuditVerification.Problem(
                        files.get(1),
                        1,
                        firstSeq(files.get(1)),
                        "file chain broken: previous_file " + files.getFirst().getFileName() + " missing"));
    }

    @Test
    void aFileStartedOverInTheMiddleBreaksTheFileChain() throws Exception {
        writeTrail(60, 2_000);
        List<Path> files = AuditFiles.of(file());
        List<String> lines = lines(files.get(2));
        write(files.get(2), lines.subList(1, lines.size()));

        assertThat(problem().what())
                .isEqualTo("file chain broken: " + files.get(2).getFileName()
                        + " does not start with a file_start record naming "
                        + files.get(1).getFileName());
    }

    @Test
    void aFileCutAtALineBoundaryInTheMiddleOfTheTrail() throws Exception {
        writeTrail(60, 2_000);
        List<Path> files = AuditFiles.of(file());
        List<String> lines = lines(files.get(1));
        write(files.get(1), lines.subList(0, lines.size() - 1));

        AuditVerification.Problem problem = problem();

        assertThat(problem.file()).isEqualTo(files.get(2));
        assertThat(problem.line()).isEqualTo(1);
        assertThat(problem.what()).startsWith("sequence gap: expected " + (firstSeq(files.get(2)) - 1));
    }

    @Test
    void noFiles() throws Exception {
        AuditVerification verification = AuditVerifier.verify(List.of(dir), KEY, Optional.empty());

        assertThat(verification.problem().get().what()).isEqualTo("no audit files");
    }

    private static long firstSeq(Path file) throws IOException {
        String first = Files.readAllLines(file).getFirst();
        int at = first.indexOf("\"seq\":") + 6;
        return Long.parseLong(first.substring(at, first.indexOf(',', at)));
    }
}
