package io.grantgate.admin;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Times to and from the catalog's TIMESTAMP(6) columns as text in UTC, on a session whose time zone
 * is UTC ({@link #SESSION_UTC}): neither the JVM's zone nor the driver's time zone settings can
 * shift them.
 */
final class AuditTimes {

    static final String SESSION_UTC = "SET time_zone = '+00:00'";

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    // a TIMESTAMP holds 1970-01-01 00:00:01 to 2038-01-19 03:14:07 UTC; a bound outside is clamped
    // to a time that still compares right, as the server reads an out-of-range text as NULL
    private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private AuditTimes() {}

    /** The select expression that reads a column back as {@link #parse} reads it. */
    static String select(String column) {
        return "DATE_FORMAT(" + column + ", '%Y-%m-%d %H:%i:%s.%f')";
    }

    static String sql(Instant instant) {
        Instant clamped = instant.isBefore(EARLIEST) ? EARLIEST : instant.isAfter(LATEST) ? LATEST : instant;
        return FORMAT.format(LocalDateTime.ofInstant(clamped, ZoneOffset.UTC));
    }

    static Instant parse(String text) {
        return LocalDateTime.parse(text, FORMAT).toInstant(ZoneOffset.UTC);
    }
}
