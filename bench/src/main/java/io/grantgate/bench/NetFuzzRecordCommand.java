package io.grantgate.bench;

import io.grantgate.bench.netfuzz.ClientScenarios;
import io.grantgate.bench.netfuzz.RecordingProxy;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Records the network fuzzer's corpus: each client scenario runs once through a recording proxy in
 * front of the gateway, and each of its connections becomes a {@code .session} file. The password of
 * the account comes from BENCH_PASSWORD.
 */
@Command(
        name = "netfuzz-record",
        mixinStandardHelpOptions = true,
        description = "Record real clients' sessions through a proxy in front of the gateway.")
final class NetFuzzRecordCommand implements Callable<Integer> {

    @Option(names = "--port", required = true, description = "The gateway's port on 127.0.0.1.")
    int port;

    @Option(names = "--user", defaultValue = "fuzz", description = "The account (default: ${DEFAULT-VALUE}).")
    String user;

    @Option(names = "--out", required = true, description = "Directory for the .session files.")
    Path out;

    @Option(
            names = "--mariadb-cli",
            defaultValue = "mariadb",
            description = "The mariadb client; 'none' leaves its scenarios out.")
    String cli;

    @Override
    public Integer call() throws Exception {
        String password = System.getenv("BENCH_PASSWORD");
        if (password == null) {
            throw new IllegalStateException("set BENCH_PASSWORD");
        }
        Files.createDirectories(out);
        try (RecordingProxy proxy = new RecordingProxy(new InetSocketAddress("127.0.0.1", port), out)) {
            ClientScenarios scenarios =
                    new ClientScenarios("127.0.0.1", proxy.port(), user, password, "none".equals(cli) ? null : cli);
            for (ClientScenarios.Scenario scenario : scenarios.all()) {
                proxy.scenario(scenario.name());
                scenario.action().run();
                proxy.awaitIdle(10_000);
                System.err.println("recorded " + scenario.name());
            }
            proxy.written().stream().sorted().forEach(file -> {
                try {
                    System.out.println(file.getFileName() + " " + Files.size(file) + " bytes");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
        return 0;
    }
}
