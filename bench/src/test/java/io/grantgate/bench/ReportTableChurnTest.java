package io.grantgate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportTableChurnTest {

    /** One round of a churn workload: conn/s and the gateway's CPU over its connections. */
    private static void round(
            List<Measurement> into, String workload, String target, double connPerS, int conns, double gatewayCpuS) {
        into.add(new Measurement(workload, 4, target, 1, "qps", connPerS));
        into.add(new Measurement(workload, 4, target, 1, "queries", conns));
        into.add(new Measurement(workload, 4, target, 1, "cpu_s_gateway", gatewayCpuS));
    }

    private static String report(List<Measurement> raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new ReportTable(Medians.of(ReportCommand.withCpuPerQuery(raw)))
                .printChurnTargets(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void plainAndTlsChurnAreCheckedAgainstTheirOwnBounds() {
        List<Measurement> raw = new ArrayList<>();
        round(raw, "slap", "direct", 4000, 4005, 0);
        round(raw, "slap", "haproxy", 2000, 4005, 0);
        // 100 us per plain connection, 1.5x HAProxy, 0.75x direct
        round(raw, "slap", "gateway", 3000, 4005, 0.4005);
        round(raw, "slap_tls", "direct", 300, 1005, 0);
        round(raw, "slap_tls", "haproxy", 250, 1005, 0);
        // 1.2 ms per TLS connection, 1.32x HAProxy, 1.1x direct
        round(raw, "slap_tls", "gateway", 330, 1005, 1.206);

        String out = report(raw);

        assertThat(out)
                .contains("Issue 16 targets")
                .containsPattern("(?m)^  MET +slap 4 clients: gateway CPU per connection <= 120 us +100 us")
                .containsPattern("(?m)^  MET +slap 4 clients: gateway conn/s >= 1.3x HAProxy's +gateway/haproxy = 1.50")
                .containsPattern(
                        "(?m)^  NOT MET +slap 4 clients: gateway conn/s >= 0.8x direct's +gateway/direct = 0.75")
                .containsPattern("(?m)^  NOT MET +slap_tls 4 clients: gateway CPU per connection <= 1000 us +1200 us")
                .containsPattern(
                        "(?m)^  MET +slap_tls 4 clients: gateway conn/s >= 1.3x HAProxy's +gateway/haproxy = 1.32")
                .containsPattern(
                        "(?m)^  MET +slap_tls 4 clients: gateway conn/s >= 0.8x direct's +gateway/direct = 1.10");
    }

    @Test
    void nothingWithoutChurn() {
        List<Measurement> raw = new ArrayList<>();
        round(raw, "point_select", "gateway", 10_000, 200_000, 8);
        assertThat(report(raw)).isEmpty();
    }
}
