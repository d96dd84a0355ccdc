package io.grantgate.admin;

import io.grantgate.catalog.Heartbeats;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One gateway as its {@code gateway_instance} row says, for {@code admin status}. Ages are measured
 * on the catalog server's clock, as the gateways write their heartbeats with it.
 *
 * @param catalogVersion the catalog version the gateway had in force at its last heartbeat
 * @param heartbeatAge how long ago its last heartbeat was
 * @param interval its heartbeat interval (its {@code catalog.poll-interval})
 */
record InstanceRow(
        String instanceId,
        String address,
        String opsAddress,
        String softwareVersion,
        long catalogVersion,
        Instant startedAt,
        Duration heartbeatAge,
        Duration interval,
        int openSessions) {

    /** No heartbeat for {@value Heartbeats#STALE_AFTER_BEATS} intervals: stopped without unregistering, hung, or cut off. */
    boolean stale() {
        return Heartbeats.stale(heartbeatAge, interval);
    }

    /** How many catalog versions it is behind {@code current}; a live gateway is 0, or 1 for up to an interval. */
    long lag(long current) {
        return Math.max(0, current - catalogVersion);
    }

    Map<String, Object> json(long current) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("instanceId", instanceId);
        json.put("address", address);
        json.put("opsAddress", opsAddress);
        json.put("softwareVersion", softwareVersion);
        json.put("catalogVersion", catalogVersion);
        json.put("lag", lag(current));
        json.put("startedAt", startedAt.toString());
        json.put("heartbeatAgeMillis", heartbeatAge.toMillis());
        json.put("heartbeatIntervalMillis", interval.toMillis());
        json.put("openSessions", openSessions);
        json.put("stale", stale());
        return json;
    }

    /** An age as people read it: {@code 0.4s}, {@code 12.0s}, {@code 3m05s}, {@code 2h10m}. */
    static String age(Duration age) {
        long millis = Math.max(0, age.toMillis());
        if (millis < 60_000) {
            return String.format("%d.%ds", millis / 1000, millis % 1000 / 100);
        }
        long seconds = millis / 1000;
        if (seconds < 3600) {
            return String.format("%dm%02ds", seconds / 60, seconds % 60);
        }
        return String.format("%dh%02dm", seconds / 3600, seconds % 3600 / 60);
    }
}
