package io.grantgate.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends chained records to the trail's current file, and rotates it. Serialised lines collect in one
 * buffer; {@link #flush} writes the buffer to the file and only then commits them (sequence number,
 * MAC, file size). When an {@link IOException} interrupts a write, {@link #rollback} cuts the file
 * back to the last committed record, so that no partial line stays in it and the same records can be
 * written again, with the same sequence numbers and MACs.
 *
 * <p>Not thread-safe: opened on one thread, then used by the trail's writer thread only; {@link #head}
 * alone may be read from any thread.
 */
final class AuditFileWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AuditFileWriter.class);
    private static final HexFormat HEX = HexFormat.of();
    /** Written to the file whenever this much is buffered: bounds the buffer, not the batch. */
    private static final int FLUSH_BYTES = 256 * 1024;

    private final Path current;
    private final AuditFileSettings settings;
    private final AuditJson json;
    private final String instance;
    private final Clock clock;
    private final ChannelOpener opener;
    private final Consumer<String> written;
    private final LineBuffer buffer = new LineBuffer(FLUSH_BYTES + 64 * 1024);

    /** Null between a rotation's rename and the creation of the next current file. */
    private FileChannel channel;

    private boolean truncatePending;

    // committed: in the file
    private long size;
    private long seq;
    private byte[] mac;
    private long fileFirstSeq;
    private long fileStartMicros;
    private long fileRecords;
    private int committedEvents;
    private boolean dirty;

    // buffered: serialised, not yet in the file
    private long bufferedSeq;
    private byte[] bufferedMac;
    private final List<String> bufferedTypes = new ArrayList<>();
    private int bufferedEvents;
    private boolean bufferedStart;

    /** Written before anything else goes into the current file; kept until it is committed. */
    private FileStart nextStart;

    private volatile ChainHead head;

    private AuditFileWriter(
            AuditFileSettings settings,
            AuditKey key,
            String instance,
            Clock clock,
            ChannelOpener opener,
            Consumer<String> written) {
        this.current = settings.file().toAbsolutePath();
        this.settings = settings;
        this.json = new AuditJson(key);
        this.instance = instance;
        this.clock = clock;
        this.opener = opener;
        this.written = written;
    }

    /**
     * Opens the trail: takes up the current file where it ends (cutting off a partial last line), or
     * starts a new one, and writes and syncs its file_start record.
     *
     * @param written told the type of every record committed to the file
     */
    static AuditFileWriter open(
            AuditFileSettings settings,
            AuditKey key,
            String instance,
            Clock clock,
            ChannelOpener opener,
            Consumer<String> written)
            throws IOException {
        AuditFileWriter writer = new AuditFileWriter(settings, key, instance, clock, opener, written);
        try {
            writer.resume();
            writer.write(List.of());
            writer.sync();
        } catch (IOException | RuntimeException e) {
            writer.close();
            throw e;
        }
        return writer;
    }

    private void resume() throws IOException {
        createDirectory(AuditFiles.directory(current));
        ResumePoint here = Files.exists(current)
                ? ResumePoint.read(current)
                : new ResumePoint(0, 0, Optional.empty(), Optional.empty());
        if (here.hasRecords()) {
            AuditLine first = here.first().get();
            AuditLine last = here.last().get();
            channel = opener.open(current, false);
            size = here.completeBytes();
            seq = last.seq();
            mac = last.mac();
            fileFirstSeq = first.seq();
            fileStartMicros = first.timeMicros();
            fileRecords = last.seq() - first.seq() + 1;
            if (here.partialBytes() > 0) {
                channel.truncate(size);
                channel.force(true);
                log.warn(
                        "audit file {} ended in a partial line ({} bytes), cut off: the writer was stopped mid-write",
                        current,
                        here.partialBytes());
                nextStart = fileStart(FileStart.RESUME, Optional.empty(), here.partialBytes());
            }
            log.info("audit trail {} continues after its record {}", current, seq);
        } else {
            // no record in the current file: the chain continues from the last rotated file, if any
            List<Path> rotated = AuditFiles.rotated(current);
            Optional<String> previousFile = Optional.empty();
            seq = 0;
            mac = AuditKey.firstPreviousMac();
            if (!rotated.isEmpty()) {
                Path previous = rotated.getLast();
                ResumePoint end = ResumePoint.read(previous);
                if (!end.hasRecords()) {
                    throw new IOException("audit file " + previous + " holds no record to continue the chain from");
                }
                seq = end.last().get().seq();
                mac = end.last().get().mac();
                previousFile = Optional.of(previous.getFileName().toString());
            }
            String reason = here.partialBytes() > 0
                    ? FileStart.RESUME
                    : previousFile.isPresent() ? FileStart.ROTATE : FileStart.START;
            if (Files.exists(current)) {
                channel = opener.open(current, false);
                channel.truncate(0);
            }
            nextStart = fileStart(reason, previousFile, here.partialBytes());
            log.info(
                    "audit trail {} {} at seq {}",
                    current,
                    reason.equals(FileStart.START) ? "starts" : "continues",
                    seq + 1);
        }
        head = new ChainHead(current.getFileName().toString(), seq, HEX.formatHex(mac));
    }

    private FileStart fileStart(String reason, Optional<String> previousFile, long droppedBytes) {
        Optional<String> previousMac = seq == 0 ? Optional.empty() : Optional.of(HEX.formatHex(mac));
        return new FileStart(nowMicros(), instance, reason, previousFile, previousMac, droppedBytes);
    }

    /**
     * Writes {@code events} after a pending file_start record, rotating the file where due. On an
     * {@link IOException}, the first {@link #committed()} of them are in the file; call {@link
     * #rollback} before writing again.
     */
    void write(List<AuditEvent> events) throws IOException {
        committedEvents = 0;
        prepare();
        // one clock read per batch: a batch is written within a millisecond or so, and a rotation by
        // age need not be more exact than that
        long nowMicros = nowMicros();
        for (AuditEvent event : events) {
            if (rotationDue(nowMicros)) {
                rotate();
                prepare();
            }
            bufferedMac = json.append(event, bufferedSeq + 1, bufferedMac, buffer);
            bufferedSeq++;
            bufferedTypes.add(event.type());
            bufferedEvents++;
            if (buffer.size() >= FLUSH_BYTES) {
                flush();
            }
        }
        flush();
    }

    /** How many events of the last {@link #write} reached the file. */
    int committed() {
        return committedEvents;
    }

    /** Forgets what is buffered and cuts the file back to its last committed record. */
    void rollback() {
        buffer.reset();
        bufferedTypes.clear();
        bufferedEvents = 0;
        bufferedStart = false;
        bufferedSeq = seq;
        bufferedMac = mac;
        if (channel != null) {
            truncatePending = true;
            try {
                truncateBack();
            } catch (IOException e) {
                log.debug("cannot cut {} back to {} bytes yet", current, size, e);
            }
        }
    }

    /** Whether records were written since the last {@link #sync}. */
    boolean dirty() {
        return dirty;
    }

    /** Forces what was written to disk; the last record written becomes the {@link #head}. */
    void sync() throws IOException {
        if (channel == null) {
            return; // rotated, the next file not created yet: the head names the rotated file
        }
        if (dirty) {
            channel.force(false);
            dirty = false;
        }
        head = new ChainHead(current.getFileName().toString(), seq, HEX.formatHex(mac));
    }

    /** The last record on disk; safe to call from any thread. */
    ChainHead head() {
        return head;
    }

    /** Closes the file without syncing; {@link #sync} first to keep what was written. */
    @Override
    public void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                log.warn("cannot close audit file {}: {}", current, e.toString());
            }
            channel = null;
        }
    }

    /** Cuts a failed write off, creates the next current file, and buffers a pending file_start. */
    private void prepare() throws IOException {
        bufferedSeq = seq;
        bufferedMac = mac;
        truncateBack();
        if (channel == null) {
            channel = opener.open(current, true);
            size = 0;
            syncDirectory();
        }
        if (nextStart != null && !bufferedStart) {
            if (size == 0) {
                fileFirstSeq = bufferedSeq + 1;
                fileStartMicros = nextStart.timeMicros();
            }
            bufferedMac = json.append(nextStart, bufferedSeq + 1, bufferedMac, buffer);
            bufferedSeq++;
            bufferedTypes.add(FileStart.TYPE);
            bufferedStart = true;
        }
    }

    private void truncateBack() throws IOException {
        if (truncatePending && channel != null) {
            channel.truncate(size);
            truncatePending = false;
        }
    }

    private void flush() throws IOException {
        if (buffer.size() == 0) {
            return;
        }
        ByteBuffer bytes = buffer.view();
        long at = size;
        while (bytes.hasRemaining()) {
            at += channel.write(bytes, at);
        }
        size = at;
        seq = bufferedSeq;
        mac = bufferedMac;
        fileRecords += bufferedTypes.size();
        committedEvents += bufferedEvents;
        if (bufferedStart) {
            nextStart = null;
            bufferedStart = false;
        }
        bufferedTypes.forEach(written);
        bufferedTypes.clear();
        bufferedEvents = 0;
        buffer.reset();
        dirty = true;
        if (settings.fsync() == AuditFileSettings.Fsync.NEVER) {
            head = new ChainHead(current.getFileName().toString(), seq, HEX.formatHex(mac));
        }
    }

    /** Only a file that holds a record beside its file_start is rotated: a tiny limit must not loop. */
    private boolean rotationDue(long nowMicros) {
        long records = fileRecords + bufferedTypes.size();
        if (records < 2) {
            return false;
        }
        if (size + buffer.size() >= settings.rotateBytes()) {
            return true;
        }
        return nowMicros - fileStartMicros >= settings.rotateAge().toNanos() / 1000;
    }

    /**
     * Syncs and renames the current file, then arranges for the next one to start with a file_start
     * naming it. A failure before the rename leaves the current file as it was, to be rotated on the
     * next try; after it, the next {@link #prepare} creates the new current file.
     */
    private void rotate() throws IOException {
        flush();
        channel.force(false);
        dirty = false;
        String rotatedName = AuditFiles.rotatedName(current, instantOf(fileStartMicros), fileFirstSeq);
        Path rotated = current.resolveSibling(rotatedName);
        if (Files.exists(rotated)) {
            // a rename would replace it silently
            throw new FileAlreadyExistsException(rotated.toString(), null, "cannot rotate the audit file to it");
        }
        Files.move(current, rotated, StandardCopyOption.ATOMIC_MOVE);
        head = new ChainHead(rotatedName, seq, HEX.formatHex(mac));
        close();
        fileRecords = 0;
        nextStart = fileStart(FileStart.ROTATE, Optional.of(rotatedName), 0);
        log.info("audit file rotated to {} (seq {} to {})", rotatedName, fileFirstSeq, seq);
    }

    /** Makes a created or renamed file's directory entry durable. */
    private void syncDirectory() {
        try (FileChannel dir = FileChannel.open(AuditFiles.directory(current), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            log.debug("cannot sync directory of {}", current, e);
        }
    }

    private static void createDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createDirectories(
                    dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectories(dir);
        }
    }

    private long nowMicros() {
        return ChronoUnit.MICROS.between(Instant.EPOCH, clock.instant());
    }

    private static Instant instantOf(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }
}
