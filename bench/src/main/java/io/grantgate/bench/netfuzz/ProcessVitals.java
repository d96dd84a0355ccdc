package io.grantgate.bench.netfuzz;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The vitals of a {@code bin/grantgate} process: {@code jcmd GC.run} then {@code GC.heap_info} for the
 * heap, {@code /proc/<pid>} for threads and descriptors, the ops endpoint's {@code /metrics} for
 * {@code grantgate_backend_connections_active|idle} and {@code grantgate_connections}, and its log
 * file for ERROR lines.
 */
public final class ProcessVitals implements GatewayVitals {

    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");
    private static final Pattern ERROR_LINE = Pattern.compile("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} ERROR ");
    private static final long KIB = 1024;
    private static final Duration JCMD_TIMEOUT = Duration.ofSeconds(30);

    private final long pid;
    private final int opsPort;
    private final Path log;
    private final String jcmd;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** @param log the gateway's log file, or null */
    public ProcessVitals(long pid, int opsPort, Path log) {
        this.pid = pid;
        this.opsPort = opsPort;
        this.log = log;
        Path beside = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        this.jcmd = Files.isExecutable(beside) ? beside.toString() : "jcmd";
    }

    @Override
    public boolean alive() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    @Override
    public Vitals sample() throws IOException, InterruptedException {
        jcmd("GC.run");
        Matcher used = HEAP_USED.matcher(jcmd("GC.heap_info"));
        long heap = used.find() ? Long.parseLong(used.group(1)) * KIB : -1;
        String metrics = metrics();
        return new Vitals(
                heap,
                threads(),
                openFiles(),
                (int) metric(metrics, "grantgate_backend_connections_active"),
                (int) metric(metrics, "grantgate_backend_connections_idle"),
                (int) metric(metrics, "grantgate_connections"));
    }

    @Override
    public List<String> errorLines(int limit) throws IOException {
        List<String> lines = new ArrayList<>();
        if (log == null || !Files.exists(log)) {
            return lines;
        }
        try (Stream<String> all = Files.lines(log, StandardCharsets.UTF_8)) {
            all.filter(line -> ERROR_LINE.matcher(line).find()).limit(limit).forEach(lines::add);
        }
        return lines;
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(jcmd, String.valueOf(pid), command)
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(JCMD_TIMEOUT.toSeconds(), TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException("jcmd " + pid + " " + command + " failed: " + output);
        }
        return output;
    }

    private int threads() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith("Threads:")) {
                return Integer.parseInt(line.substring("Threads:".length()).trim());
            }
        }
        return -1;
    }

    private int openFiles() {
        try (Stream<Path> fds = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
            return (int) fds.count();
        } catch (IOException e) {
            return -1;
        }
    }

    private String metrics() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + opsPort + "/metrics"))
                .timeout(Duration.ofSeconds(10))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The first sample of a metric (labels ignored), or -1 when absent. */
    static double metric(String metrics, String name) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return -1;
    }
}
