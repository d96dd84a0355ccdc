package io.grantgate.audit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How an {@link AuditFileTrail} writes: the {@code audit.*} gateway settings that concern the file.
 *
 * @param file the current file, e.g. {@code /var/log/grantgate/audit.jsonl}; rotated files are
 *     renamed next to it (see {@link AuditFiles})
 * @param mode async or block; a file trail is never {@link AuditMode#OFF}
 * @param fsync when written records are forced to disk
 * @param fsyncInterval for {@link Fsync#INTERVAL}: the longest a written record stays unsynced
 * @param rotateBytes the file is rotated once it holds at least this many bytes
 * @param rotateAge the file is rotated once its first record is this old
 * @param queueCapacity how many events may wait for the writer
 */
public record AuditFileSettings(
        Path file,
        AuditMode mode,
        Fsync fsync,
        Duration fsyncInterval,
        long rotateBytes,
        Duration rotateAge,
        int queueCapacity) {

    /** Where the gateway writes the trail unless {@code audit.file} says otherwise: under its data directory. */
    public static final Path DEFAULT_FILE = Path.of("grantgate-data", "audit", "audit.jsonl");

    public static final Duration DEFAULT_FSYNC_INTERVAL = Duration.ofSeconds(1);
    public static final long DEFAULT_ROTATE_BYTES = 100L * 1024 * 1024;
    public static final Duration DEFAULT_ROTATE_AGE = Duration.ofDays(1);
    public static final int DEFAULT_QUEUE_CAPACITY = 65_536;

    /** {@code audit.fsync}. */
    public enum Fsync {
        /** After every batch the writer drains: nothing acknowledged as written is lost on a crash. */
        ALWAYS,
        /** At most once per interval, and at the latest one interval after a write. */
        INTERVAL,
        /** Left to the operating system; only rotation and close force the file. */
        NEVER;

        public static Fsync parse(String text) {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        }

        public String text() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public AuditFileSettings {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(fsync, "fsync");
        Objects.requireNonNull(fsyncInterval, "fsyncInterval");
        Objects.requireNonNull(rotateAge, "rotateAge");
        if (mode == AuditMode.OFF) {
            throw new IllegalArgumentException("an audit file trail needs audit.mode async or block");
        }
        if (file.getFileName() == null) {
            throw new IllegalArgumentException("audit.file " + file + " names no file");
        }
        positive("audit.fsync-interval", fsyncInterval);
        positive("audit.rotate-age", rotateAge);
        if (rotateBytes <= 0) {
            throw new IllegalArgumentException("audit.rotate-bytes must be positive, not " + rotateBytes);
        }
        if (queueCapacity <= 0) {
            throw new IllegalArgumentException("audit.queue-capacity must be positive, not " + queueCapacity);
        }
    }

    /** The defaults: fsync every second, rotate at 100 MiB or after a day, 65 536 queued events. */
    public static AuditFileSettings of(Path file, AuditMode mode) {
        return new AuditFileSettings(
                file,
                mode,
                Fsync.INTERVAL,
                DEFAULT_FSYNC_INTERVAL,
                DEFAULT_ROTATE_BYTES,
                DEFAULT_ROTATE_AGE,
                DEFAULT_QUEUE_CAPACITY);
    }

    public AuditFileSettings withFsync(Fsync policy, Duration interval) {
        return new AuditFileSettings(file, mode, policy, interval, rotateBytes, rotateAge, queueCapacity);
    }

    public AuditFileSettings withRotation(long bytes, Duration age) {
        return new AuditFileSettings(file, mode, fsync, fsyncInterval, bytes, age, queueCapacity);
    }

    public AuditFileSettings withQueueCapacity(int capacity) {
        return new AuditFileSettings(file, mode, fsync, fsyncInterval, rotateBytes, rotateAge, capacity);
    }

    private static void positive(String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, not " + value);
        }
    }
}
