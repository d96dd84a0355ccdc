package io.grantgate.admin;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * {@code --since} and {@code --until}: a time ago ({@code 90s}, {@code 30m}, {@code 1h}, {@code 2d},
 * or an ISO-8601 duration such as {@code PT1H30M}) or an ISO-8601 point in time. A time without an
 * offset is UTC, as the audit trail's times are: the same command gives the same answer from any
 * machine.
 */
record PointInTime(Instant instant) {

    private static final Pattern AGO = Pattern.compile("(\\d{1,9})([smhd])");

    static PointInTime parse(String text, Instant now) {
        Matcher ago = AGO.matcher(text);
        if (ago.matches()) {
            long amount = Long.parseLong(ago.group(1));
            Duration unit = switch (ago.group(2)) {
                case "s" -> Duration.ofSeconds(1);
                case "m" -> Duration.ofMinutes(1);
                case "h" -> Duration.ofHours(1);
                default -> Duration.ofDays(1);
            };
            return new PointInTime(now.minus(unit.multipliedBy(amount)));
        }
        try {
            if (text.startsWith("P")) {
                return new PointInTime(now.minus(Duration.parse(text)));
            }
            if (text.length() == 10) {
                return new PointInTime(LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC));
            }
            if (text.endsWith("Z") || text.matches(".*[+-]\\d\\d(:?\\d\\d)?$")) {
                return new PointInTime(OffsetDateTime.parse(text).toInstant());
            }
            return new PointInTime(LocalDateTime.parse(text).toInstant(ZoneOffset.UTC));
        } catch (DateTimeException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is neither a time ago (30m, 1h, 2d) nor an ISO-8601"
                    + " time (2025-06-01, 2025-06-01T12:00:00Z, 2025-06-01T14:00:00+02:00)");
        }
    }

    /** Reads the option's text; a refused one is a usage error (exit 2). */
    static final class Converter implements CommandLine.ITypeConverter<PointInTime> {

        private final Clock clock = Clock.systemUTC();

        @Override
        public PointInTime convert(String text) {
            try {
                return parse(text, clock.instant());
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
