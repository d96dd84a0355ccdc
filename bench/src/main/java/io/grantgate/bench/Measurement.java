package io.grantgate.bench;

import java.util.Objects;

/**
 * One figure of one round, as bench/run.sh records it: {@code workload,threads,target,round,metric,value}.
 *
 * @param threads client threads or connections; 0 where it does not apply
 */
record Measurement(String workload, int threads, String target, int round, String metric, double value) {

    static final String HEADER = "workload,threads,target,round,metric,value";

    Measurement {
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(metric, "metric");
    }

    static Measurement parse(String line) {
        String[] f = line.split(",", -1);
        if (f.length != 6) {
            throw new IllegalArgumentException("expected " + HEADER + ", got: " + line);
        }
        return new Measurement(
                f[0], Integer.parseInt(f[1]), f[2], Integer.parseInt(f[3]), f[4], Double.parseDouble(f[5]));
    }

    /** The workload, threads and target this figure belongs to. */
    Key key() {
        return new Key(workload, threads, target);
    }

    record Key(String workload, int threads, String target) {}
}
