package io.grantgate.admin;

import io.grantgate.catalog.SessionBackend;
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
 * @param backend {@code gateway_session.backend} as written: {@code own}, {@code shared} or
 *     {@code pinned:<reason>}; empty in a row of a gateway older than catalog V7
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
        Optional<String> backend,
        Duration updatedAge,
        boolean instanceStale) {

    String state() {
        return running ? "running" : "idle";
    }

    /**
     * How the session holds its backend connection, for the table: {@code own}, {@code shared},
     * {@code pinned (<reason>)}; {@code unknown} for a row of a gateway older than V7, and a word
     * this version does not know as written.
     */
    String backendText() {
        if (backend.isEmpty()) {
            return "unknown";
        }
        return SessionBackend.parse(backend.get())
                .map(known -> known.pinReason()
                        .map(reason -> known.kind().word() + " (" + reason.replace('_', ' ') + ")")
                        .orElse(known.kind().word()))
                .orElse(backend.get());
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
        Optional<SessionBackend> known = backend.flatMap(SessionBackend::parse);
        json.put("backend", known.map(b -> b.kind().word()).orElse(backend.orElse(null)));
        json.put("pinReason", known.flatMap(SessionBackend::pinReason).orElse(null));
        json.put("updatedAgeMillis", updatedAge.toMillis());
        json.put("instanceStale", instanceStale);
        return json;
    }
}
