package io.grantgate.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grantgate.admin.AdminCommand;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One run of the admin command in-process, as {@code bin/admin} would run it against a gateway
 * fixture's catalog ({@link GatewayFixture#adminEnvironment()}), with no input on stdin.
 */
record AdminRun(int exitCode, String out, String err) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static AdminRun of(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        picocli.CommandLine commandLine = AdminCommand.commandLine(environment, new ByteArrayInputStream(new byte[0]));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return new AdminRun(commandLine.execute(args), out.toString(), err.toString());
    }

    /** Runs it again every 100 ms until its output satisfies {@code done}, for up to {@code wait}; fails if it never does. */
    static AdminRun until(Map<String, String> environment, Duration wait, Predicate<AdminRun> done, String... args)
            throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        AdminRun run = of(environment, args);
        while (!done.test(run) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            run = of(environment, args);
        }
        assertThat(done)
                .as("admin %s: %s%s", String.join(" ", args), run.out(), run.err())
                .accepts(run);
        return run;
    }

    JsonNode json() {
        try {
            return JSON.readTree(out);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + out + err, e);
        }
    }
}
