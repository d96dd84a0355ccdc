package io.grantgate.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The median (and min and max) of every figure over the rounds, by workload, threads, target and
 * metric, plus {@code ratio_to_direct} and {@code ratio_to_haproxy} of the median qps, and for the
 * gateway {@code cpu_ratio_to_haproxy}: its own CPU per query over HAProxy's. With bench/run.sh's
 * {@code --audit} targets ({@code gw-…}, each its own gateway process) these also get
 * {@code cpu_ratio_to_haproxy}, and they and the gateway get {@code ratio_to_audit_off}: their qps
 * over {@value #AUDIT_OFF}'s.
 */
final class Medians {

    /** The --audit target with the audit trail off: what audit overhead is measured against. */
    static final String AUDIT_OFF = "gw-audit-off";

    record Row(Measurement.Key key, String metric, double median, double min, double max, int rounds) {}

    private final Map<String, Row> rows = new LinkedHashMap<>();

    private Medians() {}

    static Medians of(List<Measurement> measurements) {
        Map<String, List<Double>> values = new LinkedHashMap<>();
        Map<String, Measurement> first = new LinkedHashMap<>();
        for (Measurement m : measurements) {
            String id = id(m.key(), m.metric());
            values.computeIfAbsent(id, k -> new ArrayList<>()).add(m.value());
            first.putIfAbsent(id, m);
        }
        Medians medians = new Medians();
        values.forEach((id, list) -> {
            double[] sorted =
                    list.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            Measurement m = first.get(id);
            medians.put(
                    new Row(m.key(), m.metric(), median(sorted), sorted[0], sorted[sorted.length - 1], sorted.length));
        });
        medians.addRatios();
        return medians;
    }

    static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private void addRatios() {
        for (Row row : List.copyOf(rows.values())) {
            if (!row.metric().equals("qps")) {
                continue;
            }
            Measurement.Key key = row.key();
            ratio(key, "qps", "direct").ifPresent(r -> put(new Row(key, "ratio_to_direct", r, r, r, 1)));
            ratio(key, "qps", "haproxy").ifPresent(r -> put(new Row(key, "ratio_to_haproxy", r, r, r, 1)));
            if (isGateway(key.target()) && !key.target().equals(AUDIT_OFF)) {
                ratio(key, "qps", AUDIT_OFF).ifPresent(r -> put(new Row(key, "ratio_to_audit_off", r, r, r, 1)));
            }
        }
        for (Row row : List.copyOf(rows.values())) {
            if (isGateway(row.key().target()) && row.metric().equals("cpu_s_per_1000q_gateway")) {
                Measurement.Key haproxy =
                        new Measurement.Key(row.key().workload(), row.key().threads(), "haproxy");
                get(haproxy, "cpu_s_per_1000q_haproxy")
                        .filter(h -> h > 0)
                        .ifPresent(h -> put(new Row(
                                row.key(),
                                "cpu_ratio_to_haproxy",
                                row.median() / h,
                                row.median() / h,
                                row.median() / h,
                                1)));
            }
        }
    }

    /** The measured gateway, or one of --audit's gateways ({@code gw-…}). */
    static boolean isGateway(String target) {
        return target.equals("gateway") || target.startsWith("gw-");
    }

    private Optional<Double> ratio(Measurement.Key key, String metric, String baseTarget) {
        Optional<Double> mine = get(key, metric);
        Optional<Double> base = get(new Measurement.Key(key.workload(), key.threads(), baseTarget), metric);
        return mine.isPresent() && base.isPresent() && base.get() > 0
                ? Optional.of(mine.get() / base.get())
                : Optional.empty();
    }

    private void put(Row row) {
        rows.put(id(row.key(), row.metric()), row);
    }

    /** The median of {@code metric} for {@code key}, if it was measured. */
    Optional<Double> get(Measurement.Key key, String metric) {
        return Optional.ofNullable(rows.get(id(key, metric))).map(Row::median);
    }

    Optional<Double> get(String workload, int threads, String target, String metric) {
        return get(new Measurement.Key(workload, threads, target), metric);
    }

    List<Row> rows() {
        return List.copyOf(rows.values());
    }

    /** Workload and threads pairs that have qps, in the order they were first recorded. */
    List<Measurement.Key> throughputKeys() {
        return rows.values().stream()
                .filter(r -> r.metric().equals("qps"))
                .map(r -> new Measurement.Key(r.key().workload(), r.key().threads(), ""))
                .distinct()
                .toList();
    }

    private static String id(Measurement.Key key, String metric) {
        return String.join("|", key.workload(), Integer.toString(key.threads()), key.target(), metric);
    }

    @Override
    public String toString() {
        return "Medians" + Arrays.toString(rows.keySet().toArray());
    }
}
