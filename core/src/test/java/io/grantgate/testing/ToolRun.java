package io.grantgate.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One run of an external client program: its exit code and its output (stdout and stderr together,
 * in the order written). The program gets no input, a working directory of the caller's choosing,
 * and no {@code MYSQL_*} variables from the test JVM's environment, so only the options the test
 * passes decide where it connects and with which password.
 */
public record ToolRun(int exitCode, String output) {

    public static ToolRun of(List<String> command, Path workDirectory, Duration timeout)
            throws IOException, InterruptedException {
        Path log = Files.createTempFile(workDirectory, "output-", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDirectory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("MYSQL_"));
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError(
                    command.getFirst() + " did not finish within " + timeout + "; its output:\n" + read(log));
        }
        return new ToolRun(process.exitValue(), read(log));
    }

    /**
     * Writes {@code content} to a new file readable by its owner only (0600 from the start), for the
     * option files that carry a password instead of the command line.
     */
    public static Path writePrivate(Path file, String content) throws IOException {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        return Files.writeString(file, content);
    }

    private static String read(Path log) throws IOException {
        return new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
    }
}
