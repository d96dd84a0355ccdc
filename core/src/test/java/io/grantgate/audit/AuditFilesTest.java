package io.grantgate.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditFilesTest {

    @TempDir
    Path dir;

    @Test
    void rotatedNamesSortInTheTrailsOrder() throws Exception {
        Path current = dir.resolve("audit.jsonl");
        Instant time = Instant.parse("2026-12-02T20:41:00.987Z");

        assertThat(AuditFiles.rotatedName(current, time, 123)).isEqualTo("audit-20261202T204100Z-000000000123.jsonl");
        assertThat(AuditFiles.firstSeq(current, dir.resolve("audit-20261202T204100Z-000000000123.jsonl")))
                .isEqualTo(OptionalLong.of(123));
        assertThat(AuditFiles.firstSeq(current, dir.resolve("other-20261202T204100Z-000000000123.jsonl")))
                .isEmpty();

        // a clock set back: names by time would disagree, the sequence numbers do not
        Files.writeString(dir.resolve("audit-20261202T204100Z-000000000500.jsonl"), "");
        Files.writeString(dir.resolve("audit-20261202T203000Z-000000000900.jsonl"), "");
        Files.writeString(dir.resolve("audit-20261201T000000Z-000000000001.jsonl"), "");
        Files.writeString(dir.resolve("notes.txt"), "");
        Files.writeString(current, "");

        assertThat(AuditFiles.of(current))
                .extracting(p -> p.getFileName().toString())
                .containsExactly(
                        "audit-20261201T000000Z-000000000001.jsonl",
                        "audit-20261202T204100Z-000000000500.jsonl",
                        "audit-20261202T203000Z-000000000900.jsonl",
                        "audit.jsonl");
        assertThat(AuditFiles.inDirectory(dir)).hasSize(4);
    }

    @Test
    void aFileWithoutExtension() {
        assertThat(AuditFiles.rotatedName(Path.of("/x/trail"), Instant.EPOCH, 1))
                .isEqualTo("trail-19700101T000000Z-000000000001");
    }
}
