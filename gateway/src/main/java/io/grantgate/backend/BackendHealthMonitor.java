package io.grantgate.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks every backend node on a thread of its own ({@code backend-health-N}), every
 * {@link HealthCheckTimings#interval()}, and keeps {@link BackendNodes} current: a failed check takes
 * the node out at once (logged at WARN, {@link Listener#takenOut} called), a good one puts it back
 * (INFO, {@link Listener#backInService}). A thread per node, so that a node that hangs delays only
 * its own checks. The first round runs before {@link #start} returns, so the gateway does not send
 * its first sessions to a node already known to be down.
 */
public final class BackendHealthMonitor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BackendHealthMonitor.class);

    /** What the gateway does when a node's state changes; called on the node's check thread. */
    public interface Listener {
        /** The node failed a check: its sessions should end, its idle connections go. */
        void takenOut(BackendEndpoint node, NodeHealth why);

        /** The node passed a check after being out. */
        default void backInService(BackendEndpoint node) {}
    }

    private final BackendNodes nodes;
    private final Listener listener;
    private final HealthCheckTimings timings;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    private BackendHealthMonitor(BackendNodes nodes, Listener listener, HealthCheckTimings timings) {
        this.nodes = nodes;
        this.listener = listener;
        this.timings = timings;
    }

    /** @param login any login the nodes accept (the gateway's catalog login): a check needs no privilege */
    public static BackendHealthMonitor start(
            BackendNodes nodes, BackendCredentials login, HealthCheckTimings timings, Listener listener) {
        BackendHealthMonitor monitor = new BackendHealthMonitor(nodes, listener, timings);
        List<NodeProbe> probes = new ArrayList<>();
        for (BackendEndpoint node : nodes.all()) {
            NodeProbe probe = new NodeProbe(node, login, timings);
            monitor.apply(node, probe.check());
            probes.add(probe);
        }
        for (int i = 0; i < probes.size(); i++) {
            NodeProbe probe = probes.get(i);
            monitor.threads.add(Thread.ofPlatform()
                    .name("backend-health-" + (i + 1))
                    .daemon()
                    .start(() -> monitor.watch(probe)));
        }
        return monitor;
    }

    private void watch(NodeProbe probe) {
        try (probe) {
            while (running) {
                TimeUnit.NANOSECONDS.sleep(timings.interval().toNanos());
                apply(probe.node(), probe.check());
            }
        } catch (InterruptedException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("health checks of backend node {} stopped", probe.node(), e);
        }
    }

    private void apply(BackendEndpoint node, NodeHealth now) {
        NodeHealth before = nodes.update(node, now);
        if (before.up() && !now.up()) {
            LOG.warn("backend node {} taken out: {}", node, now.reason());
            listener.takenOut(node, now);
        } else if (!before.up() && now.up()) {
            LOG.info("backend node {} back in service (was out: {})", node, before.reason());
            listener.backInService(node);
        }
    }

    /** Stops the checks and closes their connections; waits for the threads. */
    @Override
    public void close() {
        running = false;
        threads.forEach(Thread::interrupt);
        for (Thread thread : threads) {
            try {
                thread.join(timings.timeout().multipliedBy(2).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
