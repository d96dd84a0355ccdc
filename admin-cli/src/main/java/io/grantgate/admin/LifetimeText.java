package io.grantgate.admin;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * The values of {@code admin grant --for}, {@code --until} and {@code --extend}: a duration such as
 * {@code 90m}, {@code 8h}, {@code 2d}, {@code 1h30m} (or ISO-8601 {@code PT1H30M}), and an ISO-8601
 * instant with its zone ({@code 2026-12-31T18:00Z}, {@code 2026-12-31T19:00+01:00}). A time without
 * an offset is refused rather than read in some zone: access would end an hour or more off.
 */
final class LifetimeText {

    /** Far enough for any grant, near enough that the end fits the catalog's DATETIME (year 9999). */
    static final Duration LONGEST = Duration.ofDays(36_500);

    private static final Pattern PARTS = Pattern.compile("(?:\\d{1,7}[dhms])+");
    private static final Pattern PART = Pattern.compile("(\\d{1,7})([dhms])");
    private static final Pattern OFFSET = Pattern.compile(".*T.*(Z|[+-]\\d\\d(:?\\d\\d)?)$");

    private LifetimeText() {}

    static Duration duration(String text) {
        Duration duration = parseDuration(text.strip());
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("'" + text + "' is not a positive duration");
        }
        if (duration.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException("'" + text + "' is longer than " + LONGEST.toDays() + "d");
        }
        return duration;
    }

    static Instant instant(String text) {
        String t = text.strip();
        if (!OFFSET.matcher(t).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not an ISO-8601 time with its zone: write e.g."
                    + " 2026-12-31T18:00Z (UTC) or 2026-12-31T19:00+01:00");
        }
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("'" + text + "' is not an ISO-8601 time with its zone: write e.g."
                    + " 2026-12-31T18:00Z (UTC) or 2026-12-31T19:00+01:00");
        }
    }

    private static Duration parseDuration(String text) {
        try {
            if (text.startsWith("P")) {
                return Duration.parse(text);
            }
            if (PARTS.matcher(text).matches()) {
                Duration total = Duration.ZERO;
                Matcher part = PART.matcher(text);
                while (part.find()) {
                    long amount = Long.parseLong(part.group(1));
                    total = total.plus(
                            switch (part.group(2)) {
                                case "d" -> Duration.ofDays(amount);
                                case "h" -> Duration.ofHours(amount);
                                case "m" -> Duration.ofMinutes(amount);
                                default -> Duration.ofSeconds(amount);
                            });
                }
                return total;
            }
        } catch (DateTimeException | ArithmeticException e) {
            // the message below says what is expected
        }
        throw new IllegalArgumentException(
                "'" + text + "' is not a duration: write e.g. 90m, 8h, 2d, 1h30m (or ISO-8601 PT1H30M)");
    }

    /** Reads a duration option; a refused one is a usage error (exit 2). */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String text) {
            try {
                return duration(text);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** Reads a time option; a refused one is a usage error (exit 2). */
    static final class InstantConverter implements CommandLine.ITypeConverter<Instant> {
        @Override
        public Instant convert(String text) {
            try {
                return instant(text);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
