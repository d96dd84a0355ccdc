package io.grantgate.ops;

import io.grantgate.audit.AuditFileTrail;
import io.grantgate.audit.ChainHead;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the audit chain's head (file, sequence number, MAC of the last record synced to disk) to the
 * catalog's {@code audit_checkpoint} row of this gateway, every interval (at most 10 s) and once more
 * after the trail is closed. Whoever cuts records off the end of the file cannot move the checkpoint
 * back without catalog rights, so {@code admin audit verify} finds the cut.
 *
 * <p>Threading: one scheduler thread of its own.
 */
final class AuditCheckpoints implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AuditCheckpoints.class);
    private static final String UPSERT =
            "INSERT INTO audit_checkpoint (instance_id, file_name, seq, mac, checkpointed_at)"
                    + " VALUES (?, ?, ?, ?, CURRENT_TIMESTAMP(6))"
                    + " ON DUPLICATE KEY UPDATE file_name = VALUES(file_name), seq = VALUES(seq), mac = VALUES(mac),"
                    + " checkpointed_at = VALUES(checkpointed_at)";

    private final DataSource catalog;
    private final AuditFileTrail trail;
    private final String instance;
    private final ScheduledExecutorService scheduler;
    private long written = -1;
    private boolean failing;

    AuditCheckpoints(DataSource catalog, AuditFileTrail trail, String instance, Duration interval) {
        this.catalog = catalog;
        this.trail = trail;
        this.instance = instance;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("audit-checkpoint").daemon(true).factory());
        scheduler.scheduleWithFixedDelay(this::checkpoint, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized void checkpoint() {
        ChainHead head = trail.head();
        if (head.seq() == written) {
            return;
        }
        try (Connection connection = catalog.getConnection();
                PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
            upsert.setString(1, instance);
            upsert.setString(2, head.fileName());
            upsert.setLong(3, head.seq());
            upsert.setString(4, head.macHex());
            upsert.executeUpdate();
            written = head.seq();
            if (failing) {
                failing = false;
                log.info("audit checkpoints reach the catalog again (seq {})", head.seq());
            }
        } catch (SQLException | RuntimeException e) {
            if (!failing) {
                failing = true;
                log.warn("the audit checkpoint cannot be written to the catalog: {}", e.getMessage());
            }
        }
    }

    /** Call after the trail is closed: the last checkpoint then covers every record. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        checkpoint();
    }
}
