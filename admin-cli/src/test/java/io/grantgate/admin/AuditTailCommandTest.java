package io.grantgate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantgate.audit.AuditFileTrail;
import io.grantgate.audit.AuditFiles;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AuditTailCommandTest {

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("audit.jsonl");
    }

    @Test
    void theLastLinesReachBackIntoRotatedFiles() throws Exception {
        AuditFileTrail trail = AuditTrails.open(file(), 2_000);
        AuditTrails.statements(trail, 1, 40);
        trail.close();
        assertThat(AuditFiles.rotated(file())).isNotEmpty();
        assertThat(Files.readAllLines(file()).size()).isLessThan(25);

        AuditTrails.Run run = AuditTrails.run(new AuditTailCommand(), "-n", "25", file().toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines).hasSize(25);
        assertThat(lines.getLast()).contains("\"text\":\"select 40\"");
        assertThat(lines)
                .filteredOn(l -> l.contains("\"type\":\"statement\""))
                .first()
                .asString()
                .contains("\"command_number\":" + (40 - 25 + 1 + countFileStarts(lines)));
    }

    private static long countFileStarts(List<String> lines) {
        return lines.stream().filter(l -> l.contains("\"type\":\"file_start\"")).count();
    }

    @Test
    void aPartialLastLineIsNotPrinted() throws Exception {
        AuditFileTrail trail = AuditTrails.open(file(), 1 << 20);
        AuditTrails.statements(trail, 1, 3);
        trail.close();
        Files.writeString(file(), "{\"v\":1,\"se", StandardOpenOption.APPEND);

        AuditTrails.Run run = AuditTrails.run(new AuditTailCommand(), "--file", file().toString(), "-n", "1");

        assertThat(run.out().strip()).startsWith("{\"v\":1,\"seq\":4,").contains("select 3");
    }

    @Test
    void noTrailIsAFailure() {
        AuditTrails.Run run = AuditTrails.run(new AuditTailCommand(), file().toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("no audit file at " + file());
    }

    @Test
    void followsAppendedRecordsThroughRotations() throws Exception {
        AuditFileTrail trail = AuditTrails.open(file(), 3_000);
        AuditTrails.statements(trail, 1, 2);
        StringWriter out = new StringWriter();
        CommandLine commandLine = new CommandLine(new AuditTailCommand());
        commandLine.setOut(new PrintWriter(out, true));
        int[] exitCode = {-1};
        Thread tail =
                Thread.ofPlatform().start(() -> exitCode[0] = commandLine.execute("-f", "-n", "1", file().toString()));
        try {
            awaitOutput(out, "\"text\":\"select 2\"");
            AuditTrails.statements(trail, 3, 60);
            trail.close();
            assertThat(AuditFiles.rotated(file()).size()).isGreaterThan(2);

            awaitOutput(out, "\"text\":\"select 62\"");
        } finally {
            tail.interrupt();
            tail.join(10_000);
        }
        assertThat(tail.isAlive()).isFalse();
        assertThat(exitCode[0]).isZero();
        List<String> statements = out.toString()
                .lines()
                .filter(l -> l.contains("\"type\":\"statement\""))
                .toList();
        assertThat(statements).hasSize(61);
        for (int i = 0; i < statements.size(); i++) {
            assertThat(statements.get(i)).contains("\"text\":\"select " + (i + 2) + "\"");
        }
    }

    private static void awaitOutput(StringWriter out, String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!out.toString().contains(text)) {
            assertThat(System.nanoTime() - deadline)
                    .as("waiting for " + text + " in\n" + out)
                    .isNegative();
            Thread.sleep(20);
        }
    }
}
