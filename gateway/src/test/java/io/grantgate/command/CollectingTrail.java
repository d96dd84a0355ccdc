package io.grantgate.command;

import io.grantgate.audit.AuditEvent;
import io.grantgate.audit.AuditMode;
import io.grantgate.audit.AuditTrail;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A trail that keeps its events in memory, for unit tests of what the gateway records. It can be made
 * to refuse, as a block-mode trail that cannot write does.
 */
public final class CollectingTrail implements AuditTrail {

    private final AuditMode mode;
    private final List<AuditEvent> events = new CopyOnWriteArrayList<>();
    private volatile boolean refusing;

    public CollectingTrail(AuditMode mode) {
        this.mode = mode;
    }

    public List<AuditEvent> events() {
        return events;
    }

    public <T extends AuditEvent> List<T> events(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** From now on, refuses as a block-mode trail whose writer fails: every event that is refusable. */
    public void refuse(boolean refuse) {
        this.refusing = refuse;
    }

    @Override
    public boolean record(AuditEvent event) {
        if (refusing && event.refusable()) {
            return false;
        }
        events.add(event);
        return true;
    }

    @Override
    public AuditMode mode() {
        return mode;
    }

    @Override
    public boolean healthy() {
        return !refusing;
    }

    @Override
    public void close() {}
}
