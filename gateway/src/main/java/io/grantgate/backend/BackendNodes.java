package io.grantgate.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The backend nodes in the order the operator listed them ({@code backend.addresses}), with the
 * health each last showed. New sessions go to the first node in service: a primary with failover
 * nodes behind it, which on a Galera cluster keeps the writes of new sessions on one node, as
 * ProxySQL's and MaxScale's Galera monitors do with their single writer. When an earlier node is back
 * in service, new sessions go to it again; sessions already on a later node stay there until they end.
 *
 * <p>Every node starts in service (the monitor's first round follows at once). Thread-safe.
 */
public final class BackendNodes {

    private final List<BackendEndpoint> nodes;
    private final Map<BackendEndpoint, NodeHealth> health = new ConcurrentHashMap<>();

    public BackendNodes(List<BackendEndpoint> nodes) {
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("no backend node");
        }
        if (nodes.stream().distinct().count() != nodes.size()) {
            throw new IllegalArgumentException("a backend node is listed twice: " + nodes);
        }
        this.nodes = List.copyOf(nodes);
        this.nodes.forEach(node -> health.put(node, NodeHealth.IN_SERVICE));
    }

    /** Every node, in the configured order. */
    public List<BackendEndpoint> all() {
        return nodes;
    }

    /**
     * Where a new session's connection should come from, best first: the nodes in service in the
     * configured order, then the others in that order, so that a session still gets a try when every
     * check failed (the one node of a single-node set-up, a cluster coming back before the monitor
     * noticed). A caller that cannot connect to one tries the next.
     */
    public List<BackendEndpoint> candidates() {
        List<BackendEndpoint> inService = new ArrayList<>(nodes.size());
        List<BackendEndpoint> out = new ArrayList<>();
        for (BackendEndpoint node : nodes) {
            (health.get(node).up() ? inService : out).add(node);
        }
        inService.addAll(out);
        return inService;
    }

    public NodeHealth health(BackendEndpoint node) {
        return Objects.requireNonNull(health.get(node), () -> "not a backend node: " + node);
    }

    /** Records a check's result; the previous health, so that the caller can act on a change. */
    NodeHealth update(BackendEndpoint node, NodeHealth now) {
        NodeHealth before = health.replace(node, now);
        if (before == null) {
            throw new IllegalArgumentException("not a backend node: " + node);
        }
        return before;
    }

    @Override
    public String toString() {
        return "BackendNodes" + nodes;
    }
}
