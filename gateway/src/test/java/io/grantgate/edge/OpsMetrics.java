package io.grantgate.edge;

import io.grantgate.ops.GatewayRuntime;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** What a running gateway's ops endpoint says at /metrics, read as Prometheus reads it. */
final class OpsMetrics {

    private OpsMetrics() {}

    /**
     * A series' value, 0 when the gateway has none yet.
     *
     * @param series the name and its labels as exposed, e.g. {@code grantgate_x_total{reason="y"}}
     */
    static double value(GatewayRuntime runtime, String series) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runtime.opsPort() + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return response.body()
                .lines()
                .map(line -> line.replace(",}", "}")) // older exposition formats end labels with a comma
                .filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1)))
                .sum();
    }
}
