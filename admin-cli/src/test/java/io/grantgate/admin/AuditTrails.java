package io.grantgate.admin;

import io.grantgate.account.MasterKey;
import io.grantgate.audit.AuditEvent;
import io.grantgate.audit.AuditFileSettings;
import io.grantgate.audit.AuditFileTrail;
import io.grantgate.audit.AuditKey;
import io.grantgate.audit.AuditMode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;

/** Audit trails written for the audit command tests, and runs of those commands. */
final class AuditTrails {

    static final String MASTER_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    static final Map<String, String> ENVIRONMENT = Map.of(MasterKey.KEY_VARIABLE, MASTER_KEY);

    private AuditTrails() {}

    static AuditFileTrail open(Path file, long rotateBytes) throws IOException {
        AuditFileSettings settings = AuditFileSettings.of(file, AuditMode.BLOCK)
                .withFsync(AuditFileSettings.Fsync.NEVER, Duration.ofSeconds(1))
                .withRotation(rotateBytes, Duration.ofDays(1));
        return AuditFileTrail.open(settings, AuditKey.derive(MasterKey.fromBase64(MASTER_KEY)), "gw-test");
    }

    /** Writes {@code statements} statements numbered from {@code first}. */
    static void statements(AuditFileTrail trail, int first, int statements) {
        for (int i = first; i < first + statements; i++) {
            trail.record(new AuditEvent.Statement(
                    1_790_000_000_000_000L + i,
                    "gw-test",
                    7,
                    "alice",
                    i,
                    "query",
                    Optional.of("select " + i),
                    9,
                    -1,
                    List.of(),
                    Optional.empty(),
                    Optional.empty(),
                    0));
        }
    }

    /** What one run of a command printed, and its exit code. */
    record Run(int exitCode, String out, String err) {}

    static Run run(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = new CommandLine(command);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }
}
