package io.grantgate.bench.netfuzz;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The result of a run: what the sessions got, the probe's figures, the gateway's vitals at the start
 * (after the warm-up), the middle and the end, and the findings (empty when the gateway held).
 */
public record FuzzReport(
        FuzzSettings settings,
        int recordings,
        long sessions,
        double seconds,
        long realLogins,
        long loggedIn,
        long sessionsWithError,
        Map<SessionOutcome.End, Long> ends,
        Map<Integer, Long> errorCodes,
        Map<String, Long> mutations,
        int probes,
        double probeP50Millis,
        double probeP99Millis,
        double probeMaxMillis,
        Vitals start,
        Vitals middle,
        Vitals end,
        List<String> findings) {

    public boolean passed() {
        return findings.isEmpty();
    }

    public double sessionsPerSecond() {
        return sessions / Math.max(seconds, 1e-9);
    }

    public void print(PrintStream out) {
        out.printf(
                Locale.ROOT,
                "netfuzz: seed %d, %d sessions of %d recordings, %d at once: %.1f s, %.1f sessions/s%n",
                settings.seed(),
                sessions,
                recordings,
                settings.concurrency(),
                seconds,
                sessionsPerSecond());
        out.printf(
                Locale.ROOT,
                "  real logins %d (%d logged in and sent the recorded commands), recorded logins %d; sessions with an ERR %d%n",
                realLogins,
                loggedIn,
                sessions - realLogins,
                sessionsWithError);
        out.println("  ends: " + join(ends));
        out.println("  ERR codes (sessions): " + join(errorCodes));
        out.println("  mutations (sessions): " + join(mutations));
        out.printf(
                Locale.ROOT,
                "  probe: %d logins + SELECT 1, p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                probes,
                probeP50Millis,
                probeP99Millis,
                probeMaxMillis);
        out.println("  gateway at start:  " + start.describe());
        out.println("  gateway at middle: " + middle.describe());
        out.println("  gateway at end:    " + end.describe());
        if (findings.isEmpty()) {
            out.println("  findings: none");
        } else {
            out.println("  findings (" + findings.size() + "):");
            findings.forEach(f -> out.println("    " + f));
        }
        out.printf(
                Locale.ROOT,
                "RESULT sessions=%d seconds=%.1f sessions_per_s=%.1f logged_in=%d probes=%d probe_p99_ms=%.1f"
                        + " heap_start_mib=%.1f heap_end_mib=%.1f threads_start=%d threads_end=%d"
                        + " backend_borrowed_end=%d connections_end=%d findings=%d%n",
                sessions,
                seconds,
                sessionsPerSecond(),
                loggedIn,
                probes,
                probeP99Millis,
                start.heapUsedBytes() / (double) Vitals.MIB,
                end.heapUsedBytes() / (double) Vitals.MIB,
                start.threads(),
                end.threads(),
                end.borrowedBackendConnections(),
                end.connections(),
                findings.size());
    }

    private static String join(Map<?, Long> counts) {
        return counts.isEmpty()
                ? "none"
                : counts.entrySet().stream()
                        .map(e -> e.getKey().toString().toLowerCase(Locale.ROOT) + " " + e.getValue())
                        .collect(Collectors.joining(", "));
    }
}
