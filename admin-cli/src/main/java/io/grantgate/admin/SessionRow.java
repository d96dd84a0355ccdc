package io.grantgate.admin;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One session as its gateway last wrote it to {@code gateway_session}, for {@code admin sessions}.
 * The counters and the idle/running state are as of that gateway's last heartbeat.
 *
 * @param connectionId the id the client got in the greeting (Connector/J's {@code getId()})
 * @param tlsVersion the client connection's TLS protocol, empty for plain TCP
 * @param instanceStale the gateway holding it is stale or gone: the session may have ended
 */
record SessionRow(
        String instanceId,
        long connectionId,
        String user,
        String clientAddress,
        int clientPort,
        Optional<String> tlsVersion,
        Instant since,
        boolean running,
        long bytesIn,
        long bytesOut,
        long commands,
        Duration updatedAge,
        boolean instanceStale) {

    String state() {
        return running ? "running" : "idle";
    }

    Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("connectionId", connectionId);
        json.put("instanceId", instanceId);
        json.put("user", user);
        json.put("clientAddress", clientAddress);
        json.put("clientPort", clientPort);
        json.put("tls", tlsVersion.orElse(null));
        json.put("since", since.toString());
        json.put("state", state());
        json.put("bytesIn", bytesIn);
        json.put("bytesOut", bytesOut);
        json.put("commands", commands);
        json.put("updatedAgeMillis", updatedAge.toMillis());
        json.put("instanceStale", instanceStale);
        return json;
    }
}
