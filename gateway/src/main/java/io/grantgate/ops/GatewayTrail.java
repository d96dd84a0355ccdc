package io.grantgate.ops;

import io.grantgate.audit.AuditEvent;
import io.grantgate.audit.AuditFileTrail;
import io.grantgate.audit.AuditMode;
import io.grantgate.audit.AuditTrail;

/**
 * The gateway's trail: every event to the audit file (the trail of record, whose mode decides
 * whether a session waits), and the events meant for the catalog also to the catalog's table, even
 * when the file could not take them. Closing is the parts' business: the file trail and the catalog writer are
 * closed on their own, in order.
 */
final class GatewayTrail implements AuditTrail {

    private final AuditFileTrail file;
    private final CatalogAuditWriter catalog;

    GatewayTrail(AuditFileTrail file, CatalogAuditWriter catalog) {
        this.file = file;
        this.catalog = catalog;
    }

    @Override
    public boolean record(AuditEvent event) {
        boolean taken = file.record(event);
        if (event.forCatalog()) {
            // whether the file took it or not: a login the full disk kept out of the file still reaches the catalog
            catalog.offer(event);
        }
        return taken;
    }

    @Override
    public AuditMode mode() {
        return file.mode();
    }

    @Override
    public boolean healthy() {
        return file.healthy();
    }

    @Override
    public void close() {}
}
