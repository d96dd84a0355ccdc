package io.grantgate.bench;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Turns the rounds bench/run.sh recorded into medians: derives CPU-seconds per 1000 queries of each
 * server-side process from the raw CPU seconds and query counts of each round, takes the median of
 * every figure over the rounds, adds the qps ratios to direct and to HAProxy, writes them as CSV and
 * prints the table and the targets.
 */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = "Medians, ratios and the targets, from a rounds CSV written by bench/run.sh.")
final class ReportCommand implements Callable<Integer> {

    @Option(names = "--rounds", required = true, description = "The rounds CSV (" + Measurement.HEADER + ").")
    Path rounds;

    @Option(names = "--out", required = true, description = "The medians CSV to write.")
    Path out;

    @Option(names = "--label", defaultValue = "", description = "Free text for the CSV's label column (e.g. audit-on).")
    String label;

    @Option(names = "--date", defaultValue = "", description = "When the run started, for the CSV.")
    String date;

    @Option(names = "--machine", defaultValue = "", description = "The machine, for the CSV.")
    String machine;

    @Override
    public Integer call() throws Exception {
        List<Measurement> raw = new ArrayList<>();
        for (String line : Files.readAllLines(rounds, StandardCharsets.UTF_8)) {
            if (!line.isBlank() && !line.equals(Measurement.HEADER)) {
                raw.add(Measurement.parse(line));
            }
        }
        Medians medians = Medians.of(withCpuPerQuery(raw));
        writeCsv(medians);
        PrintStream stdout = System.out;
        new ReportTable(medians).print(stdout);
        return 0;
    }

    /** Adds cpu_s_per_1000q_&lt;process&gt; to each round that has queries and cpu_s_&lt;process&gt;. */
    static List<Measurement> withCpuPerQuery(List<Measurement> raw) {
        Map<String, Map<String, Double>> byRound = new TreeMap<>();
        for (Measurement m : raw) {
            byRound.computeIfAbsent(roundId(m), k -> new TreeMap<>()).put(m.metric(), m.value());
        }
        List<Measurement> all = new ArrayList<>(raw);
        for (Measurement m : raw) {
            if (!m.metric().startsWith("cpu_s_")) {
                continue;
            }
            Double queries = byRound.get(roundId(m)).get("queries");
            if (queries != null && queries > 0) {
                String process = m.metric().substring("cpu_s_".length());
                all.add(new Measurement(
                        m.workload(),
                        m.threads(),
                        m.target(),
                        m.round(),
                        "cpu_s_per_1000q_" + process,
                        m.value() / queries * 1000));
            }
        }
        return all;
    }

    private static String roundId(Measurement m) {
        return m.workload() + "|" + m.threads() + "|" + m.target() + "|" + m.round();
    }

    private void writeCsv(Medians medians) throws java.io.IOException {
        StringBuilder csv =
                new StringBuilder("date,machine,label,workload,threads,target,metric,median,min,max,rounds\n");
        for (Medians.Row row : medians.rows()) {
            csv.append(String.join(
                            ",",
                            quote(date),
                            quote(machine),
                            quote(label),
                            row.key().workload(),
                            Integer.toString(row.key().threads()),
                            row.key().target(),
                            row.metric(),
                            format(row.median()),
                            format(row.min()),
                            format(row.max()),
                            Integer.toString(row.rounds())))
                    .append('\n');
        }
        Files.writeString(out, csv, StandardCharsets.UTF_8);
    }

    private static String quote(String text) {
        return text.contains(",") || text.contains("\"") ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }

    static String format(double value) {
        if (Double.isNaN(value)) {
            return "";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return new java.math.BigDecimal(value)
                .round(new java.math.MathContext(6))
                .stripTrailingZeros()
                .toPlainString();
    }
}
