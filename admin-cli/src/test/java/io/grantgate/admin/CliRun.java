package io.grantgate.admin;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;

/** One run of {@code admin} in-process, with what it printed and its exit code. */
record CliRun(int exitCode, String out, String err) {

    static CliRun run(Map<String, String> environment, String... args) {
        return withInput(environment, "", args);
    }

    /** A run whose standard input is {@code stdin}, as for {@code --password-stdin}. */
    static CliRun withInput(Map<String, String> environment, String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        // the tree bin/admin builds for these arguments, not the whole one
        CommandLine commandLine = AdminCommand.commandLine(
                environment, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), args);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new CliRun(exitCode, out.toString(), err.toString());
    }

    /** Fails with both outputs when the exit code is not {@code expected}. */
    CliRun expect(int expected) {
        if (exitCode != expected) {
            throw new AssertionError(
                    "expected exit " + expected + " but was " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err);
        }
        return this;
    }
}
