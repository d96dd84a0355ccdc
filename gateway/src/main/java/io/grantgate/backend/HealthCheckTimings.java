package io.grantgate.backend;

import java.time.Duration;
import java.util.Objects;

/**
 * How often the backend nodes are checked and how long a check may take. A node whose check fails
 * (no answer within {@code timeout}, a closed connection, a Galera node not synced) is taken out at
 * once, so a node that stops answering is out within {@code interval + timeout} of its last good
 * answer; with the defaults (250 ms, 500 ms), within the second the gateway promises.
 *
 * @param interval pause between the end of one check of a node and the start of the next
 * @param timeout  for the connect, the login and each answer of one check
 */
public record HealthCheckTimings(Duration interval, Duration timeout) {

    public static final HealthCheckTimings DEFAULTS =
            new HealthCheckTimings(Duration.ofMillis(250), Duration.ofMillis(500));

    public HealthCheckTimings {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(timeout, "timeout");
        if (interval.isNegative() || interval.isZero() || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("health check interval and timeout must be positive");
        }
    }
}
