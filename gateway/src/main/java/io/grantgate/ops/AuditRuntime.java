package io.grantgate.ops;

import io.grantgate.account.MasterKey;
import io.grantgate.audit.AuditFileSettings;
import io.grantgate.audit.AuditFileTrail;
import io.grantgate.audit.AuditKey;
import io.grantgate.audit.AuditMode;
import io.grantgate.command.AuditPolicy;
import io.grantgate.ops.config.AuditConfig;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's audit, started and stopped as one part: the audit file (chained with a key derived
 * from the master key), the copy of session events to the catalog, the chain-head checkpoints, and
 * their metrics. Stopping closes them in the order that loses nothing: the file trail first (it
 * drains its queue), then the last checkpoint (which then covers every record), then the catalog
 * copy.
 */
final class AuditRuntime implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AuditRuntime.class);
    private static final List<String> TYPES =
            List.of("login", "session_end", "statement", "statement_result", "kill", "session_closed");

    private final AuditPolicy policy;
    private final AuditFileTrail file;
    private final CatalogAuditWriter catalogCopy;
    private final AuditCheckpoints checkpoints;

    private AuditRuntime(
            AuditPolicy policy, AuditFileTrail file, CatalogAuditWriter catalogCopy, AuditCheckpoints checkpoints) {
        this.policy = policy;
        this.file = file;
        this.catalogCopy = catalogCopy;
        this.checkpoints = checkpoints;
    }

    static AuditRuntime start(
            AuditConfig config, String instance, DataSource catalog, MasterKey masterKey, MeterRegistry registry)
            throws IOException {
        if (config.mode() == AuditMode.OFF) {
            log.info("audit trail off (audit.mode=off): logins and statements are not recorded");
            return new AuditRuntime(AuditPolicy.off(), null, null, null);
        }
        AuditFileSettings settings = config.file().orElseThrow();
        AuditFileTrail file = AuditFileTrail.open(settings, AuditKey.derive(masterKey), instance);
        CatalogAuditWriter catalogCopy = new CatalogAuditWriter(catalog, settings.queueCapacity());
        AuditCheckpoints checkpoints = new AuditCheckpoints(catalog, file, instance, config.checkpointInterval());
        AuditPolicy policy = new AuditPolicy(
                new GatewayTrail(file, catalogCopy),
                instance,
                config.defaultLevel(),
                config.maxStatementBytes(),
                Clock.systemUTC());
        for (String type : TYPES) {
            FunctionCounter.builder("grantgate_audit_events", file, f -> f.written(type))
                    .tag("type", type)
                    .description("audit records written to the audit file")
                    .register(registry);
        }
        FunctionCounter.builder("grantgate_audit_dropped", file, AuditFileTrail::dropped)
                .description("audit records dropped: the queue was full (async mode) or the file could not be written")
                .register(registry);
        Gauge.builder("grantgate_audit_queue_depth", file, AuditFileTrail::queueDepth)
                .description("audit records waiting for the writer")
                .register(registry);
        FunctionCounter.builder("grantgate_audit_catalog_dropped", catalogCopy, CatalogAuditWriter::dropped)
                .description("session events not copied to the catalog (the audit file has them)")
                .register(registry);
        // not "started" or "continues": the file trail has said which, and its head is never 0 by now
        log.info(
                "audit: mode {}, fsync {}, default level {}",
                config.mode().text(),
                settings.fsync().text(),
                config.defaultLevel().text());
        return new AuditRuntime(policy, file, catalogCopy, checkpoints);
    }

    AuditPolicy policy() {
        return policy;
    }

    @Override
    public void close() {
        if (file == null) {
            return;
        }
        file.close();
        checkpoints.close();
        catalogCopy.close();
        log.info("audit trail closed at seq {}", file.head().seq());
    }
}
