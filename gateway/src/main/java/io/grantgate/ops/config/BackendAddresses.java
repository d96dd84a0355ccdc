package io.grantgate.ops.config;

import io.grantgate.backend.BackendEndpoint;
import io.grantgate.backend.HealthCheckTimings;
import io.grantgate.edge.ListenAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the backend is: one server ({@code backend.address}, default the catalog's server) or the
 * nodes of a cluster in order of preference ({@code backend.addresses}, comma-separated
 * {@code HOST:PORT}s), with the nodes' health-check timings ({@code backend.health.interval},
 * {@code backend.health.timeout}; used only with several nodes).
 *
 * @param nodes  one or more, in the configured order
 * @param health how often each node is checked and how long a check may take
 */
public record BackendAddresses(List<ListenAddress> nodes, HealthCheckTimings health) {

    public BackendAddresses {
        nodes = List.copyOf(nodes);
        Objects.requireNonNull(health, "health");
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("no backend address");
        }
    }

    /** @param defaultAddress {@code HOST:PORT} of the server the catalog is on */
    public static BackendAddresses from(Settings settings, String defaultAddress) {
        Optional<String> one = settings.get("backend.address");
        Optional<String> several = settings.get("backend.addresses");
        if (one.isPresent() && several.isPresent()) {
            throw new ConfigException("backend.addresses", "cannot be combined with backend.address");
        }
        List<ListenAddress> nodes = new ArrayList<>();
        if (several.isPresent()) {
            for (String item : several.get().split(",")) {
                if (!item.isBlank()) {
                    nodes.add(address("backend.addresses", item.trim()));
                }
            }
            if (nodes.isEmpty()) {
                throw new ConfigException("backend.addresses", "names no HOST:PORT");
            }
            if (nodes.stream().distinct().count() != nodes.size()) {
                throw new ConfigException("backend.addresses", "lists an address twice: " + several.get());
            }
        } else {
            nodes.add(address("backend.address", one.orElse(defaultAddress)));
        }
        Duration interval = settings.getDuration("backend.health.interval", HealthCheckTimings.DEFAULTS.interval());
        Duration timeout = settings.getDuration("backend.health.timeout", HealthCheckTimings.DEFAULTS.timeout());
        if (interval.isNegative() || interval.isZero()) {
            throw new ConfigException("backend.health.interval", "must be positive");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new ConfigException("backend.health.timeout", "must be positive");
        }
        return new BackendAddresses(nodes, new HealthCheckTimings(interval, timeout));
    }

    /** The nodes to dial, with the backend TLS settings. */
    public List<BackendEndpoint> endpoints(BackendTls tls) {
        return nodes.stream()
                .map(node -> tls.endpoint(node.host(), node.port()))
                .toList();
    }

    private static ListenAddress address(String key, String text) {
        try {
            ListenAddress address = ListenAddress.parse(text);
            if (address.port() == 0) {
                throw new IllegalArgumentException("port 0 in '" + text + "'");
            }
            return address;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key, e.getMessage());
        }
    }
}
