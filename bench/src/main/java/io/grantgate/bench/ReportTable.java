package io.grantgate.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The human-readable report: throughput by workload and target with the ratios, latency and CPU per
 * query of each server-side process; with bench/run.sh's {@code --audit}, the same for its gateways
 * ({@code gw-…}) beside the measured one; then the memory figures; then issue 5's targets, met or
 * not, and the audit issue's.
 */
final class ReportTable {

    private static final List<String> TARGETS = List.of("direct", "haproxy", "gateway");
    /** ShardingSphere-Proxy 5.1.0 qps from issue 5: the gateway should reach twice these. */
    private static final List<Object[]> SHARDINGSPHERE = List.of(
            new Object[] {"point_select", 4, 6_100.0},
            new Object[] {"point_select", 16, 7_000.0},
            new Object[] {"read_only", 16, 5_300.0});

    /** bench/run.sh's multiplex targets: the measured gateway (multiplexing off), and one with it on. */
    static final String MUX_OFF = "mux-off";

    static final String MUX_ON = "mux-on";
    static final String PACED = "paced_sessions";
    /** The bound for 5 000 paced sessions, when the run does not say its backend.max-connections. */
    private static final double MUX_BACKEND_CONNECTIONS = 100;

    private final Medians medians;

    ReportTable(Medians medians) {
        this.medians = medians;
    }

    void print(PrintStream out) {
        printThroughput(out);
        printAuditThroughput(out);
        printOthers(out);
        printTargets(out);
        printChurnTargets(out);
        printAuditTargets(out);
        printMultiplex(out);
    }

    /**
     * bench/run.sh's connection churn workloads (plain and, with --churn-tls, over TLS and with
     * mariadb-slap), and whether each is over TLS: issue 16's targets differ by that.
     */
    static final java.util.Map<String, Boolean> CHURN_WORKLOADS =
            java.util.Map.of("churn", false, "slap", false, "churn_tls", true, "slap_tls", true);

    /** Issue 16's bounds: gateway CPU per connection, plain and TLS; connections/s against HAProxy and direct. */
    static final double PLAIN_CONNECTION_MICROS = 120;

    static final double TLS_CONNECTION_MICROS = 1_000;
    static final double OVER_HAPROXY = 1.3;
    static final double OVER_DIRECT = 0.8;

    /** bench/run.sh's multiplex workload: its own targets, kept out of the direct/haproxy/gateway table. */
    static boolean isMultiplexWorkload(String workload) {
        return workload.startsWith("mux_") || workload.equals(PACED);
    }

    /** The gateway and --audit's gateways ({@code gw-…}) that have qps, the gateway first, then in the order recorded. */
    private List<String> auditTargets() {
        List<String> extra = medians.rows().stream()
                .filter(r -> r.metric().equals("qps") && r.key().target().startsWith("gw-"))
                .map(r -> r.key().target())
                .distinct()
                .toList();
        if (extra.isEmpty()) {
            return List.of();
        }
        return java.util.stream.Stream.concat(java.util.stream.Stream.of("gateway"), extra.stream())
                .toList();
    }

    /** gateway as gw, gw-audit-async as async: for column headings. */
    private static String shortName(String target) {
        if (target.equals("gateway")) {
            return "gw";
        }
        return target.startsWith("gw-audit-")
                ? target.substring("gw-audit-".length())
                : target.substring("gw-".length());
    }

    private void printAuditThroughput(PrintStream out) {
        List<String> targets = auditTargets();
        List<Measurement.Key> keys = medians.throughputKeys();
        if (targets.isEmpty() || keys.isEmpty()) {
            return;
        }
        List<String> compared =
                targets.stream().filter(t -> !t.equals(Medians.AUDIT_OFF)).toList();
        String slashed =
                String.join("/", targets.stream().map(ReportTable::shortName).toList());
        List<List<String>> table = new java.util.ArrayList<>();
        List<String> heading = new java.util.ArrayList<>(List.of("workload", "thr"));
        heading.addAll(targets);
        compared.forEach(t -> heading.add(shortName(t) + "/off"));
        heading.addAll(
                List.of("p95 ms " + slashed, "gateway " + slashed, "mariadbd " + slashed, "other gw " + slashed));
        table.add(heading);
        for (Measurement.Key k : keys) {
            List<String> row = new java.util.ArrayList<>(List.of(k.workload(), Integer.toString(k.threads())));
            targets.forEach(t -> row.add(num(k, t, "qps", 0)));
            compared.forEach(t -> row.add(num(k, t, "ratio_to_audit_off", 2)));
            row.add(joined(targets, t -> num(k, t, "p95_ms", 2)));
            row.add(joined(targets, t -> micros(k, t, "gateway")));
            row.add(joined(targets, t -> micros(k, t, "mariadbd")));
            row.add(joined(targets, t -> micros(k, t, "other_gateways")));
            table.add(row);
        }
        // columns: workload (left), threads, qps and ratios (right), then the slashed figures (left);
        // a bar after the threads, the qps, the ratios and each slashed column
        int qpsEnd = 2 + targets.size();
        int ratioEnd = qpsEnd + compared.size();
        int[] widths = new int[heading.size()];
        for (List<String> row : table) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        out.println("Audit targets (--audit: each its own gateway process, same rounds; x/off = qps over "
                + Medians.AUDIT_OFF + "'s; CPU us per query)");
        for (List<String> row : table) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                boolean left = i == 0 || i >= ratioEnd;
                line.append(String.format(Locale.ROOT, "%" + (left ? "-" : "") + widths[i] + "s", row.get(i)));
                if (i < row.size() - 1) {
                    line.append(i == 1 || i == qpsEnd - 1 || i >= ratioEnd - 1 ? " | " : " ");
                }
            }
            out.println(line.toString().stripTrailing());
        }
        out.println(
                "(CPU: gateway = the gateway process serving that target; other gw = all the other gateway processes");
        out.println(" together, idle meanwhile, per query of the measured target)");
        out.println();
    }

    private static String joined(List<String> targets, java.util.function.Function<String, String> value) {
        return String.join("/", targets.stream().map(value).toList());
    }

    private void printThroughput(PrintStream out) {
        List<Measurement.Key> keys = medians.throughputKeys().stream()
                .filter(k -> !isMultiplexWorkload(k.workload()))
                .toList();
        if (keys.isEmpty()) {
            return;
        }
        out.println("Throughput (median of rounds; churn: connections/s, CPU per connection)");
        out.printf(
                Locale.ROOT,
                "%-13s %4s | %9s %9s %9s | %6s %6s | %-20s | %-17s %7s %7s | %-15s%n",
                "",
                "",
                "qps",
                "",
                "",
                "ratio",
                "",
                "p95 ms",
                "CPU us per query:",
                "",
                "",
                "");
        out.printf(
                Locale.ROOT,
                "%-13s %4s | %9s %9s %9s | %6s %6s | %-20s | %-17s %7s %7s | %-15s%n",
                "workload",
                "thr",
                "direct",
                "haproxy",
                "gateway",
                "gw/dir",
                "gw/hap",
                "dir/hap/gw",
                "mariadbd d/h/g",
                "haproxy",
                "gateway",
                "client d/h/g");
        for (Measurement.Key k : keys) {
            out.printf(
                    Locale.ROOT,
                    "%-13s %4d | %9s %9s %9s | %6s %6s | %-20s | %-17s %7s %7s | %-15s%n",
                    k.workload(),
                    k.threads(),
                    num(k, "direct", "qps", 0),
                    num(k, "haproxy", "qps", 0),
                    num(k, "gateway", "qps", 0),
                    num(k, "gateway", "ratio_to_direct", 2),
                    num(k, "gateway", "ratio_to_haproxy", 2),
                    num(k, "direct", "p95_ms", 2) + "/" + num(k, "haproxy", "p95_ms", 2) + "/"
                            + num(k, "gateway", "p95_ms", 2),
                    micros(k, "direct", "mariadbd") + "/" + micros(k, "haproxy", "mariadbd") + "/"
                            + micros(k, "gateway", "mariadbd"),
                    micros(k, "haproxy", "haproxy"),
                    micros(k, "gateway", "gateway"),
                    micros(k, "direct", "client") + "/" + micros(k, "haproxy", "client") + "/"
                            + micros(k, "gateway", "client"));
        }
        out.println(
                "(CPU us/q = CPU-seconds per 1000 queries x 1000; client = sysbench or the churn driver; p95 from sysbench,");
        out.println(" or of a whole connect-query-quit cycle)");
        out.println();
    }

    private void printOthers(PrintStream out) {
        List<Medians.Row> others = medians.rows().stream()
                .filter(r ->
                        medians.get(r.key(), "qps").isEmpty() && !r.metric().startsWith("cpu_s_"))
                .toList();
        if (others.isEmpty()) {
            return;
        }
        out.println("Memory and other figures");
        int targetWidth = Math.max(
                8,
                others.stream().mapToInt(r -> r.key().target().length()).max().orElse(0));
        for (Medians.Row r : others) {
            out.printf(
                    Locale.ROOT,
                    "%-17s %-" + targetWidth + "s %-28s %12s%n",
                    r.key().workload(),
                    r.key().target(),
                    r.metric(),
                    ReportCommand.format(round(r.median())));
        }
        out.println();
    }

    private void printTargets(PrintStream out) {
        out.println("Issue 5 targets");
        for (String workload : List.of("point_select", "read_only")) {
            for (int threads : List.of(4, 16)) {
                Optional<Double> ratio = medians.get(workload, threads, "gateway", "ratio_to_haproxy");
                ratio.ifPresent(r -> check(
                        out,
                        "%s %d thr: gateway qps >= HAProxy's".formatted(workload, threads),
                        r >= 1.0,
                        "gateway/haproxy = %.2f".formatted(r)));
            }
        }
        for (Object[] ss : SHARDINGSPHERE) {
            String workload = (String) ss[0];
            int threads = (Integer) ss[1];
            double twice = 2 * (Double) ss[2];
            medians.get(workload, threads, "gateway", "qps")
                    .ifPresent(q -> check(
                            out,
                            "%s %d thr: gateway qps >= 2x ShardingSphere-Proxy (%.0f)"
                                    .formatted(workload, threads, twice),
                            q >= twice,
                            "%.0f qps".formatted(q)));
        }
        for (Measurement.Key k : medians.throughputKeys()) {
            if (CHURN_WORKLOADS.containsKey(k.workload())) {
                continue; // a TLS terminator against a TCP relay, and logins: issue 16's targets below
            }
            medians.get(k.workload(), k.threads(), "gateway", "cpu_ratio_to_haproxy")
                    .ifPresent(r -> check(
                            out,
                            "%s %d thr: gateway CPU/query <= HAProxy's".formatted(k.workload(), k.threads()),
                            r <= 1.0,
                            "%s vs %s us, ratio %.2f"
                                    .formatted(micros(k, "gateway", "gateway"), micros(k, "haproxy", "haproxy"), r)));
        }
        for (Measurement.Key k : medians.throughputKeys()) {
            if (k.workload().equals("churn")) {
                medians.get("churn", k.threads(), "gateway", "ratio_to_direct")
                        .ifPresent(r -> check(
                                out,
                                "churn %d clients: gateway >= 2x direct".formatted(k.threads()),
                                r >= 2.0,
                                "gateway/direct = %.2f".formatted(r)));
            }
        }
        for (String workload : List.of("big_result_fast", "big_result_slow")) {
            medians.get(workload, 0, "gateway", "heap_growth_mib")
                    .ifPresent(g -> check(
                            out,
                            workload + ": gateway heap growth < 64 MiB",
                            g < 64,
                            "%.0f MiB peak used over the start".formatted(g)));
        }
        double held =
                medians.get("idle_sessions", 0, "gateway", "sessions_held").orElse(0.0);
        Optional<Double> estimate = medians.get("idle_sessions", 0, "gateway", "rss_mib_estimate_at_requested");
        medians.get("idle_sessions", 0, "gateway", "rss_mib").ifPresent(rss -> {
            if (held >= 10_000) {
                check(
                        out,
                        "10 000 idle sessions: gateway RSS < 1 GiB",
                        rss < 1024,
                        "%.0f MiB with %.0f sessions held".formatted(rss, held));
            } else if (estimate.isPresent()) {
                check(
                        out,
                        "10 000 idle sessions: gateway RSS < 1 GiB (extrapolated)",
                        estimate.get() < 1024,
                        "%.0f MiB with %.0f sessions held, about %.0f MiB at the sessions asked"
                                .formatted(rss, held, estimate.get()));
            }
        });
    }

    /**
     * Issue 16: per churn workload present, the gateway's CPU per connection (at most 120 µs plain,
     * 1 ms over TLS) and its connections/s against HAProxy's (at least 1.3x) and direct's (0.8x).
     */
    void printChurnTargets(PrintStream out) {
        List<Measurement.Key> keys = medians.throughputKeys().stream()
                .filter(k -> CHURN_WORKLOADS.containsKey(k.workload()))
                .toList();
        if (keys.isEmpty()) {
            return;
        }
        out.println("Issue 16 targets (connection churn)");
        for (Measurement.Key k : keys) {
            boolean tls = CHURN_WORKLOADS.get(k.workload());
            double bound = tls ? TLS_CONNECTION_MICROS : PLAIN_CONNECTION_MICROS;
            String name = "%s %d clients".formatted(k.workload(), k.threads());
            medians.get(k.workload(), k.threads(), "gateway", "cpu_s_per_1000q_gateway")
                    .map(v -> v * 1000)
                    .ifPresent(us -> check(
                            out,
                            "%s: gateway CPU per connection <= %.0f us".formatted(name, bound),
                            us <= bound,
                            "%.0f us".formatted(us)));
            medians.get(k.workload(), k.threads(), "gateway", "ratio_to_haproxy")
                    .ifPresent(r -> check(
                            out,
                            "%s: gateway conn/s >= %.1fx HAProxy's".formatted(name, OVER_HAPROXY),
                            r >= OVER_HAPROXY,
                            "gateway/haproxy = %.2f".formatted(r)));
            medians.get(k.workload(), k.threads(), "gateway", "ratio_to_direct")
                    .ifPresent(r -> check(
                            out,
                            "%s: gateway conn/s >= %.1fx direct's".formatted(name, OVER_DIRECT),
                            r >= OVER_DIRECT,
                            "gateway/direct = %.2f".formatted(r)));
        }
    }

    /**
     * The audit issue: statement audit (async, fsync interval) keeps at least 90 % of the qps with the
     * audit off at point_select 4 and 16 threads; block mode reported; the 1 GiB result unaffected.
     */
    private void printAuditTargets(PrintStream out) {
        boolean offMeasured =
                medians.rows().stream().anyMatch(r -> r.key().target().equals(Medians.AUDIT_OFF));
        Optional<Double> bigAudit = medians.get("big_result_fast", 0, "gw-audit-async", "mib_per_s");
        if (!offMeasured && bigAudit.isEmpty()) {
            return;
        }
        out.println();
        out.println("Audit issue targets");
        for (int threads : List.of(4, 16)) {
            medians.get("point_select", threads, "gw-audit-async", "ratio_to_audit_off")
                    .ifPresent(r -> check(
                            out,
                            "point_select %d thr: gw-audit-async qps >= 90 %% of gw-audit-off's".formatted(threads),
                            r >= 0.9,
                            "async/off = %.2f".formatted(r)));
        }
        for (Measurement.Key k : medians.throughputKeys()) {
            medians.get(k.workload(), k.threads(), "gw-audit-block", "ratio_to_audit_off")
                    .ifPresent(r -> figure(
                            out,
                            "%s %d %s: block mode, gw-audit-block qps / off's"
                                    .formatted(
                                            k.workload(),
                                            k.threads(),
                                            k.workload().equals("churn") ? "clients" : "thr"),
                            "block/off = %.2f".formatted(r)));
        }
        bigAudit.ifPresent(audited -> {
            Optional<Double> plain = medians.get("big_result_fast", 0, "gateway", "mib_per_s");
            figure(
                    out,
                    "big_result_fast: gw-audit-async (statements) against gateway",
                    "%.0f vs %s MiB/s%s; gateway CPU %s vs %s s; heap growth %s vs %s MiB"
                            .formatted(
                                    audited,
                                    plain.map(p -> "%.0f".formatted(p)).orElse("-"),
                                    plain.filter(p -> p > 0)
                                            .map(p -> " (%.2f)".formatted(audited / p))
                                            .orElse(""),
                                    big("gw-audit-async", "gateway_cpu_s", 2),
                                    big("gateway", "gateway_cpu_s", 2),
                                    big("gw-audit-async", "heap_growth_mib", 0),
                                    big("gateway", "heap_growth_mib", 0)));
        });
    }

    /**
     * Issue 17: the same workloads through the measured gateway ({@value #MUX_OFF}) and through a
     * gateway with {@code sessions.multiplexing=transaction} ({@value #MUX_ON}): sysbench at 16 threads
     * (point_select with prepared statements and as text, read_write) and the paced sessions (N
     * sessions, a point select a second each), with the backend's Threads_connected.
     */
    private void printMultiplex(PrintStream out) {
        List<Measurement.Key> keys = medians.throughputKeys().stream()
                .filter(k -> isMultiplexWorkload(k.workload()))
                .toList();
        if (keys.isEmpty()) {
            return;
        }
        out.println();
        out.println("Multiplexing (" + MUX_OFF + " = the gateway, sessions.multiplexing=off; " + MUX_ON
                + " = its own gateway process, transaction; CPU us per query)");
        String format = "%-21s %5s | %9s %9s %6s | %-15s | %-15s | %-13s | %-11s | %-13s%n";
        out.printf(
                Locale.ROOT,
                format,
                "workload",
                "thr",
                "qps off",
                "qps on",
                "on/off",
                "p95|p99 ms",
                "max ms",
                "gateway",
                "errors",
                "backend conns");
        for (Measurement.Key k : keys) {
            boolean paced = k.workload().equals(PACED);
            String latency = paced ? "p99_ms" : "p95_ms";
            out.printf(
                    Locale.ROOT,
                    format,
                    k.workload(),
                    Integer.toString(k.threads()),
                    num(k, MUX_OFF, "qps", 0),
                    num(k, MUX_ON, "qps", 0),
                    ratio(k),
                    num(k, MUX_OFF, latency, 2) + "/" + num(k, MUX_ON, latency, 2),
                    paced ? num(k, MUX_OFF, "max_ms", 1) + "/" + num(k, MUX_ON, "max_ms", 1) : "",
                    paced
                            ? num(k, MUX_OFF, "gateway_cpu_us_per_query", 0) + "/"
                                    + num(k, MUX_ON, "gateway_cpu_us_per_query", 0)
                            : micros(k, MUX_OFF, "gateway") + "/" + micros(k, MUX_ON, "gateway"),
                    num(k, MUX_OFF, "errors", 0) + "/" + num(k, MUX_ON, "errors", 0),
                    paced ? num(k, MUX_OFF, "gateway_pool_max", 0) + "/" + num(k, MUX_ON, "gateway_pool_max", 0) : "");
        }
        out.println("(p95 from sysbench; paced_sessions: p99 and max of every query in the measured window, and");
        out.println(" backend conns = the gateway's open backend connections, largest sample of the run)");
        out.println();
        out.println("Multiplexing targets (issue 17)");
        medians.get("mux_point_select", 16, MUX_ON, "qps")
                .ifPresent(on -> medians.get("mux_point_select", 16, MUX_OFF, "qps")
                        .ifPresent(off -> check(
                                out,
                                "point_select 16 thr: multiplexing on costs <= 5 % qps against off",
                                on >= 0.95 * off,
                                "on/off = %.2f".formatted(on / off))));
        medians.get("mux_point_select_text", 16, MUX_ON, "qps")
                .ifPresent(on -> medians.get("mux_point_select_text", 16, MUX_OFF, "qps")
                        .ifPresent(off -> figure(
                                out,
                                "point_select 16 thr, text protocol (a borrow per query)",
                                "on/off = %.2f".formatted(on / off))));
        medians.get("mux_read_write", 16, MUX_ON, "errors")
                .ifPresent(errors -> check(
                        out,
                        "read_write 16 thr through the multiplexing gateway: no error",
                        errors == 0,
                        "%.0f ignored errors (sysbench's retried deadlocks), off: %s"
                                .formatted(
                                        errors,
                                        num(new Measurement.Key("mux_read_write", 16, ""), MUX_OFF, "errors", 0))));
        for (Measurement.Key k : keys) {
            if (!k.workload().equals(PACED)) {
                continue;
            }
            double bound = medians.get(PACED, k.threads(), MUX_ON, "backend_max_connections")
                    .orElse(MUX_BACKEND_CONNECTIONS);
            medians.get(PACED, k.threads(), MUX_ON, "gateway_pool_max")
                    .ifPresent(connections -> check(
                            out,
                            "%d paced sessions served by <= %.0f backend connections".formatted(k.threads(), bound),
                            connections <= bound,
                            "pool at most %.0f; Threads_connected rose by at most %s (off: %s)"
                                    .formatted(
                                            connections,
                                            num(k, MUX_ON, "backend_connections_max", 0),
                                            num(k, MUX_OFF, "backend_connections_max", 0))));
            medians.get(PACED, k.threads(), MUX_ON, "p99_ms")
                    .ifPresent(p99 -> figure(
                            out,
                            "%d paced sessions: p99 latency and gateway CPU per query, on vs off"
                                    .formatted(k.threads()),
                            "%.2f vs %s ms; %s vs %s us"
                                    .formatted(
                                            p99,
                                            num(k, MUX_OFF, "p99_ms", 2),
                                            num(k, MUX_ON, "gateway_cpu_us_per_query", 0),
                                            num(k, MUX_OFF, "gateway_cpu_us_per_query", 0))));
        }
    }

    private String ratio(Measurement.Key k) {
        Optional<Double> on = medians.get(k.workload(), k.threads(), MUX_ON, "qps");
        Optional<Double> off = medians.get(k.workload(), k.threads(), MUX_OFF, "qps");
        return on.isPresent() && off.isPresent() && off.get() > 0
                ? String.format(Locale.ROOT, "%.2f", on.get() / off.get())
                : "-";
    }

    private String big(String target, String metric, int decimals) {
        return medians.get("big_result_fast", 0, target, metric)
                .map(v -> String.format(Locale.ROOT, "%." + decimals + "f", v))
                .orElse("-");
    }

    /** A figure the issue asks to report, with no threshold. */
    private static void figure(PrintStream out, String what, String detail) {
        out.printf(Locale.ROOT, "  %-8s %-66s %s%n", "FIGURE", what, detail);
    }

    private static void check(PrintStream out, String what, boolean met, String detail) {
        out.printf(Locale.ROOT, "  %-8s %-66s %s%n", met ? "MET" : "NOT MET", what, detail);
    }

    private String num(Measurement.Key k, String target, String metric, int decimals) {
        return medians.get(k.workload(), k.threads(), target, metric)
                .map(v -> String.format(Locale.ROOT, "%,." + decimals + "f", v))
                .orElse("-");
    }

    private String micros(Measurement.Key k, String target, String process) {
        return medians.get(k.workload(), k.threads(), target, "cpu_s_per_1000q_" + process)
                .map(v -> String.format(Locale.ROOT, "%.0f", v * 1000))
                .orElse("-");
    }

    private static double round(double v) {
        return Math.abs(v) >= 100 ? Math.rint(v) : Math.rint(v * 100) / 100;
    }
}
