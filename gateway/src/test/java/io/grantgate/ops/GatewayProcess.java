package io.grantgate.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bin/grantgate} run as a child process on the jars the package phase built: started with
 * settings in its environment, ready once it says so, stopped with SIGTERM or SIGKILL. Collects
 * everything it prints (stdout and the log on stderr).
 */
final class GatewayProcess {

    private static final Path LAUNCHER =
            Path.of("..", "bin", "grantgate").toAbsolutePath().normalize();
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern PORTS =
            Pattern.compile("gateway listening on port (\\d+); metrics on http://127\\.0\\.0\\.1:(\\d+)/metrics");

    private final Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private Thread reader;
    private int port;
    private int opsPort;

    private GatewayProcess(Process process) {
        this.process = process;
    }

    /** Starts the gateway on {@code dataDir} and waits until it is ready. */
    static GatewayProcess start(Path dataDir, Map<String, String> environment) throws Exception {
        return start(dataDir, environment, List.of());
    }

    /** The same with more arguments, e.g. {@code --admin-properties FILE}. */
    static GatewayProcess start(Path dataDir, Map<String, String> environment, List<String> arguments)
            throws Exception {
        List<String> command = new java.util.ArrayList<>(
                List.of(LAUNCHER.toString(), "--data-dir", dataDir.toString(), "--listen", "127.0.0.1:0"));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("GRANTGATE_OPS_LISTEN", "127.0.0.1:0");
        builder.environment().putAll(environment);
        GatewayProcess gateway = new GatewayProcess(builder.start());
        gateway.process.getOutputStream().close();
        gateway.reader = Thread.ofVirtual().start(gateway::pump);
        gateway.awaitReady();
        return gateway;
    }

    private void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (output.stream().noneMatch(line -> line.startsWith("ready."))) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new AssertionError("bin/grantgate did not get ready:\n" + log());
            }
            Thread.sleep(100);
        }
        Matcher ports = output.stream()
                .map(PORTS::matcher)
                .filter(Matcher::find)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no ports in:\n" + log()));
        port = Integer.parseInt(ports.group(1));
        opsPort = Integer.parseInt(ports.group(2));
    }

    private void pump() {
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                output.add(line);
            }
        } catch (IOException e) {
            output.add("<output lost: " + e + ">");
        }
    }

    int port() {
        return port;
    }

    int opsPort() {
        return opsPort;
    }

    /**
     * The gateway's JVM: bin/grantgate execs java, so that it gets the signals itself; should a
     * launcher ever fork instead, the JVM is the one java process under it.
     */
    long jvmPid() {
        if (isJava(process.toHandle())) {
            return process.pid();
        }
        List<ProcessHandle> javas =
                process.descendants().filter(GatewayProcess::isJava).toList();
        assertThat(javas).as("java processes under bin/grantgate").hasSize(1);
        return javas.getFirst().pid();
    }

    private static boolean isJava(ProcessHandle handle) {
        return handle.info().command().map(c -> c.endsWith("/java")).orElse(false);
    }

    /** Everything the process printed so far, one line each. */
    List<String> output() {
        return List.copyOf(output);
    }

    String log() {
        return String.join("\n", output);
    }

    /** The value of a Prometheus sample, e.g. {@code grantgate_audit_dropped_total}. */
    double metric(String sample) throws IOException, InterruptedException {
        HttpResponse<String> response;
        try (HttpClient http = HttpClient.newHttpClient()) {
            response = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + opsPort + "/metrics"))
                            .timeout(Duration.ofSeconds(30))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body()
                .lines()
                .filter(line -> line.startsWith(sample + " "))
                .map(line ->
                        Double.parseDouble(line.substring(sample.length() + 1).trim()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + sample + " in /metrics:\n" + response.body()));
    }

    /**
     * SIGTERM, as a service manager stops it; waits for the clean exit. Through the handle: {@link
     * Process#destroy} would also close the pipe, and the shutdown's log with it.
     */
    void stop() throws InterruptedException {
        process.toHandle().destroy();
        awaitExit("SIGTERM");
        assertThat(process.exitValue())
                .as("exit status after SIGTERM; output:\n%s", log())
                .isIn(0, 143);
        assertThat(output)
                .as("the shutdown completed")
                .anyMatch(line -> line.contains("GrantGateCommand") && line.endsWith("- stopped"));
    }

    /** SIGKILL: no shutdown hook runs. */
    void kill() throws InterruptedException {
        process.toHandle().destroyForcibly();
        awaitExit("SIGKILL");
    }

    private void awaitExit(String signal) throws InterruptedException {
        if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(
                    "bin/grantgate did not exit within " + STOP_TIMEOUT + " of " + signal + ":\n" + log());
        }
        // its last lines are read once the pipe ends
        reader.join(Duration.ofSeconds(10));
    }

    /** For a test's clean-up: whatever state it is in, it does not outlive the test. */
    void destroy() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
