package io.grantgate.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The load drivers {@code bench/run.sh} runs: connection churn, a big result read fast or slowly,
 * thousands of idle sessions, thousands of paced sessions (one point select a second each), and the
 * report that turns the rounds into medians and ratios; the network fuzzer with its recorder, which
 * {@code bench/netfuzz.sh} runs; and the bare login server that {@code bench/login-floor.sh} sets
 * beside the gateway. Each driver prints one
 * {@code RESULT key=value ...} line on stdout for the script; diagnostics go to stderr. Passwords come
 * from environment variables ({@code BENCH_PASSWORD}), never the command line.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "GrantGate load drivers (used by bench/run.sh).",
        subcommands = {
            ChurnCommand.class,
            BigResultCommand.class,
            IdleCommand.class,
            ReportCommand.class,
            NetFuzzCommand.class,
            NetFuzzRecordCommand.class,
            TlsHandshakeCommand.class,
            LoginStepsCommand.class,
            PacedSessionsCommand.class,
            LoginFloorCommand.class
        })
public final class BenchCommand {

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchCommand()).execute(args));
    }
}
