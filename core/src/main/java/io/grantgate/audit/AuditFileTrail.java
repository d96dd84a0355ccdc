package io.grantgate.audit;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail as a chain of JSON-lines files (docs/audit.md). Sessions hand events to a bounded
 * queue; one writer thread ({@value #THREAD_NAME}, a daemon) drains it in batches, serialises and
 * chains each record, writes them through one buffer and syncs them as {@link AuditFileSettings.Fsync}
 * says, and rotates the file by size and age.
 *
 * <p>When the file cannot be written (an {@link IOException} such as ENOSPC or EFBIG, on write or
 * sync) the writer cuts the file back to its last complete record, so that the chain stays valid, and
 * retries every second. Meanwhile {@link #healthy()} is false and, in block mode, {@link #record}
 * refuses at once; the records it accepted before stay queued and are written, in order, once the file
 * can be written again. In async mode the records that cannot be written are dropped and counted. Each
 * such episode logs one warning when it starts and one line when it ends.
 *
 * <p>Thread-safe: {@link #record} and the metrics may be called from any thread; {@link #close} once
 * the sessions are done.
 */
public final class AuditFileTrail implements AuditTrail {

    static final String THREAD_NAME = "audit-writer";

    private static final Logger log = LoggerFactory.getLogger(AuditFileTrail.class);
    private static final Duration RETRY_DELAY = Duration.ofSeconds(1);
    /** How long {@link #close} keeps retrying a failing file before it gives the records up. */
    private static final Duration CLOSE_RETRIES = Duration.ofSeconds(5);

    private static final int MAX_BATCH = 4096;
    /** A batch smaller than this waits {@link #LINGER_NANOS} for more before it is written. */
    private static final int LINGER_BELOW = 256;

    /**
     * Records reach the file at most this much later; a session never waits for it. Four
     * milliseconds rather than one: at 10,000 statements a second a write then carries about 40
     * records, and the writer's wake-ups and system calls (each costing the sessions' cores more than
     * a record) fall fourfold.
     */
    private static final long LINGER_NANOS = 4_000_000;
    /** How often a block-mode caller waiting for room checks whether the writer has failed meanwhile. */
    private static final long BLOCK_RECHECK_MILLIS = 20;
    /** Put in the queue by {@link #close} to wake the writer; compared by identity, never written. */
    private static final AuditEvent WAKE_UP = new AuditEvent.SessionClosed(0, "", 0, "", "wake-up");

    private final AuditFileSettings settings;
    private final AuditFileWriter writer;
    private final ArrayBlockingQueue<AuditEvent> queue;
    private final Duration retryDelay;
    private final Thread thread;
    private final LongAdder dropped = new LongAdder();
    /** Records written, by type; counted by the writer thread. */
    private final ConcurrentHashMap<String, LongAdder> written;

    private final AtomicBoolean queueFull = new AtomicBoolean();

    private volatile boolean healthy = true;
    private volatile boolean closing;
    private volatile long closeDeadlineNanos;
    // writer thread only
    private long lastSyncNanos = System.nanoTime();

    private AuditFileTrail(
            AuditFileSettings settings,
            AuditFileWriter writer,
            ConcurrentHashMap<String, LongAdder> written,
            Duration retryDelay) {
        this.settings = settings;
        this.writer = writer;
        this.written = written;
        this.retryDelay = retryDelay;
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.thread = Thread.ofPlatform().name(THREAD_NAME).daemon(true).unstarted(this::run);
    }

    /**
     * Opens the trail and starts its writer: continues the current file's chain if it exists (cutting
     * off a partial last line left by a crash), else starts a new trail; either way the first record it
     * writes is on disk when this returns.
     *
     * @param instance the gateway instance id the trail's own file_start records carry
     * @throws IOException when the file cannot be created or written, or its last line is not a record
     */
    public static AuditFileTrail open(AuditFileSettings settings, AuditKey key, String instance) throws IOException {
        return open(settings, key, instance, Clock.systemUTC(), ChannelOpener.FILES, RETRY_DELAY);
    }

    /** With the clock that dates file_start records and times rotation, and how the file is opened: for tests. */
    static AuditFileTrail open(
            AuditFileSettings settings,
            AuditKey key,
            String instance,
            Clock clock,
            ChannelOpener opener,
            Duration retryDelay)
            throws IOException {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(instance, "instance");
        ConcurrentHashMap<String, LongAdder> written = new ConcurrentHashMap<>();
        AuditFileWriter writer = AuditFileWriter.open(
                settings,
                key,
                instance,
                clock,
                opener,
                type -> written.computeIfAbsent(type, t -> new LongAdder()).increment());
        AuditFileTrail trail = new AuditFileTrail(settings, writer, written, retryDelay);
        trail.thread.start();
        return trail;
    }

    @Override
    public boolean record(AuditEvent event) {
        Objects.requireNonNull(event, "event");
        if (closing) {
            dropped.increment();
            return false;
        }
        if (settings.mode() == AuditMode.ASYNC) {
            if (queue.offer(event)) {
                return true;
            }
            dropped.increment();
            if (queueFull.compareAndSet(false, true)) {
                log.warn(
                        "audit queue full ({} events): dropping audit records until the writer catches up",
                        settings.queueCapacity());
            }
            return false;
        }
        boolean taken = recordWaiting(event);
        if (!taken && !(event instanceof AuditEvent.Statement)) {
            // a refused statement did not run; a refused login or session event happened all the same
            dropped.increment();
        }
        return taken;
    }

    /**
     * Block mode: waits for room, but not for a writer that has failed meanwhile, unless the event
     * may not be refused: it then stays queued, in order, until the file can be written again.
     */
    private boolean recordWaiting(AuditEvent event) {
        boolean refusable = event.refusable();
        try {
            while ((healthy || !refusable) && !closing) {
                if (queue.offer(event, BLOCK_RECHECK_MILLIS, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    @Override
    public AuditMode mode() {
        return settings.mode();
    }

    /** False while the file cannot be written: block mode then refuses records at once. */
    @Override
    public boolean healthy() {
        return healthy;
    }

    /** How many records of {@code type} (login, statement, …, file_start) were written to the file. */
    public long written(String type) {
        LongAdder count = written.get(type);
        return count == null ? 0 : count.sum();
    }

    /** Events dropped: async mode with a full queue or a failing file, and events handed over after close. */
    public long dropped() {
        return dropped.sum();
    }

    /** Events waiting for the writer. */
    public int queueDepth() {
        return queue.size();
    }

    /** The last record written and synced (with fsync never: written), for the catalog's checkpoint. */
    public ChainHead head() {
        return writer.head();
    }

    /**
     * Writes and syncs every event handed over before, then stops the writer. While the file cannot be
     * written, keeps retrying for {@code CLOSE_RETRIES} before it gives the rest up (logged, counted as
     * dropped). Events handed over once this has begun are refused. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (!closing) {
            closeDeadlineNanos = System.nanoTime() + CLOSE_RETRIES.toNanos();
            closing = true;
            queue.offer(WAKE_UP);
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        List<AuditEvent> pending = new ArrayList<>(MAX_BATCH);
        try {
            while (true) {
                try {
                    if (pending.isEmpty() && !take(pending)) {
                        break;
                    }
                    try {
                        writer.write(pending);
                    } finally {
                        pending.subList(0, writer.committed()).clear();
                    }
                    syncIfDue();
                    succeeded();
                } catch (IOException e) {
                    writer.rollback();
                    failed(e, pending);
                    if (closing && System.nanoTime() - closeDeadlineNanos > 0) {
                        giveUp(pending);
                        break;
                    }
                    pause();
                } catch (InterruptedException e) {
                    log.debug("audit writer interrupted; it stops only when the trail is closed");
                } catch (RuntimeException e) {
                    // a bug: these records cannot be written, and must not hold up those after them
                    writer.rollback();
                    dropped.add(pending.size());
                    log.error("audit writer failed; {} records dropped", pending.size(), e);
                    pending.clear();
                }
            }
            finish();
        } finally {
            if (!closing) {
                // an Error ended the writer: block-mode sessions must not wait for it forever
                healthy = false;
                log.error("audit writer stopped unexpectedly; the trail records nothing more");
            }
        }
    }

    /**
     * Waits for events and moves up to a batch of them to {@code pending}; syncs when the fsync
     * interval runs out while waiting. False when the trail is closing and nothing is left.
     */
    private boolean take(List<AuditEvent> pending) throws IOException, InterruptedException {
        while (true) {
            if (queue.isEmpty()) {
                caughtUp();
            }
            AuditEvent first;
            if (closing) {
                first = queue.poll();
                if (first == null) {
                    return false;
                }
            } else if (writer.dirty() && settings.fsync() != AuditFileSettings.Fsync.NEVER) {
                long wait = syncDueNanos() - System.nanoTime();
                first = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : queue.poll();
                if (first == null) {
                    sync();
                    succeeded();
                    continue;
                }
            } else {
                first = queue.take();
            }
            pending.add(first);
            queue.drainTo(pending, MAX_BATCH - 1);
            if (!closing && pending.size() < LINGER_BELOW) {
                // a few records: wait a moment for those behind them, so that a busy gateway wakes this
                // thread and writes every few milliseconds rather than once a statement
                LockSupport.parkNanos(LINGER_NANOS);
                queue.drainTo(pending, MAX_BATCH - pending.size());
            }
            if (closing) {
                pending.removeIf(e -> e == WAKE_UP);
            }
            if (!pending.isEmpty()) {
                return true;
            }
        }
    }

    private long syncDueNanos() {
        return settings.fsync() == AuditFileSettings.Fsync.ALWAYS
                ? lastSyncNanos
                : lastSyncNanos + settings.fsyncInterval().toNanos();
    }

    private void syncIfDue() throws IOException {
        if (settings.fsync() != AuditFileSettings.Fsync.NEVER && System.nanoTime() - syncDueNanos() >= 0) {
            sync();
        }
    }

    private void sync() throws IOException {
        writer.sync();
        lastSyncNanos = System.nanoTime();
    }

    private void succeeded() {
        if (!healthy) {
            healthy = true;
            log.info("audit trail {} is writable again ({} records dropped so far)", settings.file(), dropped());
        }
    }

    /**
     * Ends a queue-full episode once the writer has emptied the queue: under sustained overload the
     * queue never empties, and the episode logs one warning, not one per batch.
     */
    private void caughtUp() {
        if (queueFull.get() && queueFull.compareAndSet(true, false)) {
            log.info("audit writer caught up with its queue ({} records dropped so far)", dropped());
        }
    }

    private void failed(IOException e, List<AuditEvent> pending) {
        boolean episodeStarts = healthy;
        healthy = false;
        if (settings.mode() == AuditMode.ASYNC) {
            dropped.add(pending.size());
            pending.clear();
            if (episodeStarts) {
                log.warn(
                        "audit trail {} cannot be written ({}): dropping audit records until it can, retrying every {} ms",
                        settings.file(),
                        e.toString(),
                        retryDelay.toMillis());
            }
        } else if (episodeStarts) {
            log.error(
                    "audit trail {} cannot be written ({}): refusing audited statements until it can, retrying every {} ms",
                    settings.file(),
                    e.toString(),
                    retryDelay.toMillis());
        }
    }

    private void giveUp(List<AuditEvent> pending) {
        int lost = pending.size() + drainRest();
        dropped.add(lost);
        log.error("audit trail {} closed with {} records that could not be written", settings.file(), lost);
    }

    /** Closing: syncs what was written and closes the file. */
    private void finish() {
        try {
            sync();
        } catch (IOException e) {
            log.error("audit trail {}: cannot sync on close ({})", settings.file(), e.toString());
        }
        writer.close();
        int late = drainRest();
        if (late > 0) {
            dropped.add(late);
        }
    }

    /** Takes what is left in the queue, not counting the wake-up; how many events that was. */
    private int drainRest() {
        List<AuditEvent> rest = new ArrayList<>();
        queue.drainTo(rest);
        rest.removeIf(e -> e == WAKE_UP);
        return rest.size();
    }

    private void pause() {
        try {
            Thread.sleep(retryDelay);
        } catch (InterruptedException e) {
            log.debug("audit writer interrupted while waiting to retry");
        }
    }
}
