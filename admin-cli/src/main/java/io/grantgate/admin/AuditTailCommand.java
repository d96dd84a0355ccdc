package io.grantgate.admin;

import io.grantgate.audit.AuditFileSettings;
import io.grantgate.audit.AuditFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code admin audit tail [--follow] [-n N] [FILE]}: the trail's last records as the JSON lines they
 * are, across rotated files; with {@code --follow}, then every record written after them, through
 * rotations, until interrupted.
 */
@Command(
        name = "tail",
        mixinStandardHelpOptions = true,
        header = "Print the audit trail's last records; with --follow, those written after.",
        description = {
            "Prints the last records of the trail whose current file is FILE (default:",
            "--file, else ./grantgate-data/audit/audit.jsonl), one JSON object a line,",
            "reaching back into rotated files when the current one holds fewer.",
            ""
        })
public final class AuditTailCommand implements Callable<Integer> {

    private static final Duration POLL = Duration.ofMillis(200);

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "The trail's current file.")
    private Path fileParameter;

    @Option(names = "--file", paramLabel = "FILE", description = "The trail's current file (audit.file).")
    private Path fileOption;

    @Option(
            names = {"-n", "--lines"},
            paramLabel = "N",
            defaultValue = "10",
            description = "How many records to print first (default ${DEFAULT-VALUE}).")
    private int lines;

    @Option(
            names = {"-f", "--follow"},
            description = "Keep printing records as they are written, through rotations; stop with Ctrl-C.")
    private boolean follow;

    public AuditTailCommand() {}

    @Override
    public Integer call() throws IOException {
        Path file = file();
        if (lines < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "-n must not be negative, not " + lines);
        }
        List<Path> files = AuditFiles.of(file);
        if (files.isEmpty() && !follow) {
            throw new IllegalStateException("no audit file at " + file.toAbsolutePath());
        }
        PrintWriter out = spec.commandLine().getOut();
        LastLines.of(files, lines).forEach(out::println);
        out.flush();
        if (follow) {
            try {
                new TrailFollower(file, out, POLL).follow(printedUpTo(file));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return 0;
    }

    private Path file() {
        if (fileParameter != null && fileOption != null && !fileParameter.equals(fileOption)) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "FILE and --file name different files; give one");
        }
        return fileParameter != null ? fileParameter : fileOption != null ? fileOption : AuditFileSettings.DEFAULT_FILE;
    }

    /** Following starts after the last complete line, which {@link LastLines} printed. */
    private static long printedUpTo(Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return LastLines.completeBytes(channel);
        }
    }
}
