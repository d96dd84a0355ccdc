package io.grantgate.ops.config;

import io.grantgate.audit.AuditFileSettings;
import io.grantgate.audit.AuditMode;
import io.grantgate.catalog.AuditLevel;
import io.grantgate.command.AuditPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code audit.*} settings: whether and how the gateway writes its audit trail (docs/audit.md).
 *
 * @param mode {@code audit.mode}: async (the default), block or off
 * @param file where the trail is written and how, empty when the mode is off: {@code audit.file} (default {@code <data dir>/audit/audit.jsonl}), {@code audit.fsync}
 *     (interval, the default; always; never) and {@code audit.fsync-interval} (1s),
 *     {@code audit.rotate-bytes} (100M), {@code audit.rotate-age} (1d), {@code audit.queue-capacity}
 *     (65536)
 * @param defaultLevel for accounts that set none ({@code audit.default-level}: logins, the default;
 *     statements; off)
 * @param maxStatementBytes where statement text and parameter values are cut
 *     ({@code audit.max-statement-bytes}, 64k)
 * @param checkpointInterval how often the chain head is written to the catalog
 *     ({@code audit.checkpoint-interval}, 10s, at most 10s)
 */
public record AuditConfig(
        AuditMode mode,
        Optional<AuditFileSettings> file,
        AuditLevel defaultLevel,
        int maxStatementBytes,
        Duration checkpointInterval) {

    public AuditConfig {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(defaultLevel, "defaultLevel");
        Objects.requireNonNull(checkpointInterval, "checkpointInterval");
        if ((mode == AuditMode.OFF) != file.isEmpty()
                || file.filter(f -> f.mode() != mode).isPresent()) {
            throw new IllegalArgumentException("audit mode " + mode + " with file settings " + file);
        }
    }

    static AuditConfig from(Settings settings, Path dataDir) {
        AuditMode mode = parse(settings, "audit.mode", "async", AuditMode::parse, "async, block or off");
        Path file = settings.get("audit.file")
                .map(Path::of)
                .orElse(dataDir.resolve("audit").resolve("audit.jsonl"))
                .toAbsolutePath()
                .normalize();
        AuditFileSettings.Fsync fsync =
                parse(settings, "audit.fsync", "interval", AuditFileSettings.Fsync::parse, "interval, always or never");
        Duration interval = settings.getDuration("audit.fsync-interval", AuditFileSettings.DEFAULT_FSYNC_INTERVAL);
        // with audit.mode=off no file is written, but the file's settings are checked all the same, so
        // that a wrong one fails at start whatever the mode (a file trail itself is never off)
        AuditFileSettings fileSettings = AuditFileSettings.of(file, mode == AuditMode.OFF ? AuditMode.ASYNC : mode)
                .withFsync(fsync, interval)
                .withRotation(
                        settings.getSize(
                                "audit.rotate-bytes", AuditFileSettings.DEFAULT_ROTATE_BYTES, 64 * 1024, 1L << 40),
                        settings.getDuration("audit.rotate-age", AuditFileSettings.DEFAULT_ROTATE_AGE))
                .withQueueCapacity(settings.getInt(
                        "audit.queue-capacity", AuditFileSettings.DEFAULT_QUEUE_CAPACITY, 16, 16 * 1024 * 1024));
        Duration checkpoint = settings.getDuration("audit.checkpoint-interval", Duration.ofSeconds(10));
        if (checkpoint.isNegative() || checkpoint.isZero() || checkpoint.compareTo(Duration.ofSeconds(10)) > 0) {
            throw new ConfigException("audit.checkpoint-interval", "must be more than 0 and at most 10s");
        }
        return new AuditConfig(
                mode,
                mode == AuditMode.OFF ? Optional.empty() : Optional.of(fileSettings),
                parse(settings, "audit.default-level", "logins", AuditLevel::parse, "logins, statements or off"),
                (int) settings.getSize(
                        "audit.max-statement-bytes", AuditPolicy.DEFAULT_MAX_STATEMENT_BYTES, 256, 16 * 1024 * 1024),
                checkpoint);
    }

    private static <T> T parse(
            Settings settings,
            String key,
            String defaultValue,
            java.util.function.Function<String, T> parser,
            String expected) {
        String value = settings.get(key, defaultValue).trim().toLowerCase(Locale.ROOT);
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key, "must be " + expected + ", not '" + value + "'");
        }
    }
}
