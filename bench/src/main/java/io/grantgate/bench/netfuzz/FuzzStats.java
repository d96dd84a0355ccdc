package io.grantgate.bench.netfuzz;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/** What the sessions of a run got, counted; thread-safe. */
final class FuzzStats {

    private final LongAdder sessions = new LongAdder();
    private final LongAdder loggedIn = new LongAdder();
    private final LongAdder realLogins = new LongAdder();
    private final LongAdder withError = new LongAdder();
    private final ConcurrentMap<SessionOutcome.End, LongAdder> ends = new ConcurrentHashMap<>();
    private final ConcurrentMap<Integer, LongAdder> errorCodes = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, LongAdder> mutations = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, LongAdder> recordings = new ConcurrentHashMap<>();

    void add(SessionPlan plan, SessionOutcome outcome) {
        sessions.increment();
        if (plan.authenticated()) {
            realLogins.increment();
        }
        if (outcome.loggedIn()) {
            loggedIn.increment();
        }
        if (!outcome.errorCodes().isEmpty()) {
            withError.increment();
        }
        ends.computeIfAbsent(outcome.end(), e -> new LongAdder()).increment();
        for (int code : outcome.errorCodes()) {
            errorCodes.computeIfAbsent(code, c -> new LongAdder()).increment();
        }
        for (String mutation : plan.mutations()) {
            String kind = mutation.replaceAll("[^a-z-].*$", "");
            mutations.computeIfAbsent(kind, k -> new LongAdder()).increment();
        }
        if (plan.mutations().isEmpty()) {
            mutations.computeIfAbsent("none", k -> new LongAdder()).increment();
        }
        recordings.computeIfAbsent(plan.recording(), r -> new LongAdder()).increment();
    }

    long sessions() {
        return sessions.sum();
    }

    long loggedIn() {
        return loggedIn.sum();
    }

    long realLogins() {
        return realLogins.sum();
    }

    long withError() {
        return withError.sum();
    }

    Map<SessionOutcome.End, Long> ends() {
        return sorted(ends);
    }

    /** ERR code to the number of sessions that got it. */
    Map<Integer, Long> errorCodes() {
        return sorted(errorCodes);
    }

    Map<String, Long> mutations() {
        return sorted(mutations);
    }

    Map<String, Long> recordings() {
        return sorted(recordings);
    }

    private static <K extends Comparable<K>> Map<K, Long> sorted(Map<K, LongAdder> counts) {
        Map<K, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
