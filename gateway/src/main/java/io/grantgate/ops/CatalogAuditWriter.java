package io.grantgate.ops;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.grantgate.audit.AuditEvent;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the trail's login, session and KILL events to the catalog's {@code audit_event} table, so
 * that {@code admin audit} answers from any admin host. One thread inserts them in batches of up to
 * {@value #BATCH} per transaction, gathered for up to {@link #GATHER} after the first. While the catalog is down the events wait
 * in a bounded queue ({@code capacity}) and the batch is retried every {@link #RETRY}; past the
 * queue's capacity they are dropped here and counted (the audit file, the trail of record, has them
 * all). Closing drains what the catalog accepts within {@link #CLOSE_WAIT}.
 *
 * <p>Threading: {@link #offer} from any thread; everything else on the writer's own thread.
 */
final class CatalogAuditWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CatalogAuditWriter.class);
    private static final int BATCH = 500;
    private static final Duration RETRY = Duration.ofSeconds(2);
    private static final Duration GATHER = Duration.ofMillis(200);
    private static final Duration GATHER_TICK = Duration.ofMillis(20);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
    private static final int MAX_USER = 255;
    private static final String INSERT = "INSERT INTO audit_event (occurred_at, event_type, outcome, reason,"
            + " instance_id, user_name, client_address, client_port, connection_id, detail)"
            + " VALUES (FROM_UNIXTIME(?), ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final DataSource catalog;
    private final BlockingQueue<AuditEvent> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong inserted = new AtomicLong();
    private final Thread thread;
    private final JsonFactory json = new JsonFactory();
    private volatile boolean closing;
    private boolean failing;

    CatalogAuditWriter(DataSource catalog, int capacity) {
        this.catalog = catalog;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.thread = Thread.ofPlatform().name("audit-catalog").daemon(true).start(this::run);
    }

    /** Never waits: the sessions' path must not depend on the catalog. */
    void offer(AuditEvent event) {
        if (!queue.offer(event)) {
            dropped.incrementAndGet();
        }
    }

    long dropped() {
        return dropped.get();
    }

    long inserted() {
        return inserted.get();
    }

    private void run() {
        List<AuditEvent> batch = new ArrayList<>(BATCH);
        while (true) {
            try {
                if (batch.isEmpty()) {
                    AuditEvent first = queue.poll(1, TimeUnit.SECONDS);
                    if (first == null) {
                        if (closing) {
                            return;
                        }
                        continue;
                    }
                    batch.add(first);
                    gather(batch);
                }
                insert(batch);
                batch.clear();
            } catch (InterruptedException e) {
                return;
            } catch (SQLException | RuntimeException e) {
                if (!failing) {
                    failing = true;
                    log.warn(
                            "audit events cannot be written to the catalog (they wait, up to {} queued): {}",
                            queue.remainingCapacity() + queue.size(),
                            e.getMessage());
                }
                if (closing) {
                    dropped.addAndGet(batch.size() + queue.size());
                    return;
                }
                try {
                    Thread.sleep(RETRY.toMillis());
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    /**
     * Waits up to {@link #GATHER} for more events behind the first, or until a batch is full: a batch
     * costs five round trips to the catalog (connection check, autocommit off, the insert, commit,
     * autocommit back on) whatever its size, and a batch per event made this thread a third of the
     * gateway's CPU under connection churn (bench/README.md "Login cost").
     */
    private void gather(List<AuditEvent> batch) throws InterruptedException {
        long deadline = System.nanoTime() + GATHER.toNanos();
        queue.drainTo(batch, BATCH - batch.size());
        while (batch.size() < BATCH && !closing) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            // sleeps rather than waiting on the queue: a waiting taker is woken by every event a
            // session queues (two per login), a futex call on the session's thread and a wake-up of
            // this one each, where a tick's sleep takes them by the hundred
            TimeUnit.NANOSECONDS.sleep(Math.min(left, GATHER_TICK.toNanos()));
            queue.drainTo(batch, BATCH - batch.size());
        }
    }

    private void insert(List<AuditEvent> batch) throws SQLException {
        try (Connection connection = catalog.getConnection();
                PreparedStatement insert = connection.prepareStatement(INSERT)) {
            connection.setAutoCommit(false);
            for (AuditEvent event : batch) {
                bind(insert, event);
                insert.addBatch();
            }
            insert.executeBatch();
            connection.commit();
        }
        inserted.addAndGet(batch.size());
        if (failing) {
            failing = false;
            log.info("audit events reach the catalog again");
        }
    }

    private void bind(PreparedStatement insert, AuditEvent event) throws SQLException {
        // seconds since the epoch, to the microsecond: the server turns them into the TIMESTAMP(6)
        // itself. A java.sql.Timestamp parameter cost a quarter of this thread's CPU under connection
        // churn: Connector/J formats one with a new SimpleDateFormat, twice per row of a rewritten
        // batch (sizing the batch, then writing it); and its text depended on the client's time zone
        insert.setBigDecimal(1, BigDecimal.valueOf(event.timeMicros(), 6));
        insert.setString(2, event.type());
        insert.setString(5, event.instance());
        insert.setLong(9, event.connectionId());
        switch (event) {
            case AuditEvent.Login login -> {
                insert.setString(3, login.outcome());
                insert.setString(4, login.reason().orElse(null));
                insert.setString(6, cut(login.user()));
                insert.setString(7, login.clientAddress());
                insert.setInt(8, login.clientPort());
                insert.setString(10, detail(out -> {
                    writeOptional(out, "tls_version", login.tlsVersion().orElse(null));
                    writeOptional(out, "tls_cipher", login.tlsCipher().orElse(null));
                    writeOptional(out, "auth_plugin", login.authPlugin().isEmpty() ? null : login.authPlugin());
                    writeOptional(out, "host_pattern", login.hostPattern().orElse(null));
                    if (login.via().isPresent()) {
                        out.writeStringField("via", login.via().get().address());
                        out.writeNumberField("via_port", login.via().get().port());
                    }
                }));
            }
            case AuditEvent.SessionEnd end -> {
                insert.setString(3, "ok");
                insert.setString(4, end.ending());
                insert.setString(6, cut(end.user()));
                insert.setString(7, end.clientAddress());
                insert.setNull(8, Types.INTEGER);
                insert.setString(10, detail(out -> {
                    out.writeNumberField("duration_micros", end.durationMicros());
                    out.writeNumberField("commands", end.commands());
                    out.writeNumberField("bytes_from_client", end.bytesFromClient());
                    out.writeNumberField("bytes_to_client", end.bytesToClient());
                }));
            }
            case AuditEvent.Kill kill -> {
                insert.setString(3, kill.outcome());
                insert.setString(4, kill.queryOnly() ? "kill_query" : "kill_connection");
                insert.setString(6, cut(kill.user()));
                insert.setNull(7, Types.VARCHAR);
                insert.setNull(8, Types.INTEGER);
                insert.setString(
                        10, detail(out -> out.writeNumberField("target_connection_id", kill.targetConnectionId())));
            }
            case AuditEvent.SessionClosed closed -> {
                insert.setString(3, "ok");
                insert.setString(4, closed.reason());
                insert.setString(6, cut(closed.user()));
                insert.setNull(7, Types.VARCHAR);
                insert.setNull(8, Types.INTEGER);
                insert.setNull(10, Types.VARCHAR);
            }
            case AuditEvent.Statement statement -> throw new IllegalArgumentException("statements stay in the file");
            case AuditEvent.StatementResult result -> throw new IllegalArgumentException("statements stay in the file");
        }
    }

    private static String cut(String user) {
        return user.length() <= MAX_USER ? user : user.substring(0, MAX_USER);
    }

    @FunctionalInterface
    private interface Fields {
        void write(JsonGenerator out) throws IOException;
    }

    private String detail(Fields fields) {
        StringWriter text = new StringWriter();
        try (JsonGenerator out = json.createGenerator(text)) {
            out.writeStartObject();
            fields.write(out);
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    private static void writeOptional(JsonGenerator out, String name, String value) throws IOException {
        if (value != null) {
            out.writeStringField(name, value);
        }
    }

    /** Stops taking events once the queue is empty or the catalog has refused for {@link #CLOSE_WAIT}. */
    @Override
    public void close() {
        closing = true;
        try {
            thread.join(CLOSE_WAIT.toMillis() + RETRY.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            thread.interrupt();
        }
        long lost = dropped.get();
        if (lost > 0) {
            log.warn("{} audit events did not reach the catalog (the audit file has them)", lost);
        }
    }
}
