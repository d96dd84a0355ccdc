package io.grantgate.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Times in the catalog's {@code DATETIME(3)} expiry columns, which hold UTC: written as UTC text and
 * read back through {@code DATE_FORMAT}, so that neither the session's time zone nor the driver's
 * time zone settings shift them. The catalog server's clock ({@link #NOW}) is the one clock every
 * gateway and admin judges expiry by.
 */
public final class CatalogTime {

    /** The catalog server's clock in UTC, whatever the session's time zone. */
    public static final String NOW = "UTC_TIMESTAMP(3)";

    private static final DateTimeFormatter WRITTEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    // DATE_FORMAT's %f prints microseconds
    private static final DateTimeFormatter READ = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    private CatalogTime() {}

    /** The select expression that reads a column (or {@link #NOW}) back as {@link #parse} reads it. */
    public static String select(String expression) {
        return "DATE_FORMAT(" + expression + ", '%Y-%m-%d %H:%i:%s.%f')";
    }

    /** The text a DATETIME(3) column stores for {@code instant}, to the millisecond. */
    public static String text(Instant instant) {
        return WRITTEN.format(LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MILLIS), ZoneOffset.UTC));
    }

    public static Instant parse(String text) {
        return LocalDateTime.parse(text, READ).toInstant(ZoneOffset.UTC);
    }

    /** The catalog server's time now. */
    public static Instant now(Connection connection) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("SELECT " + select(NOW));
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return parse(rs.getString(1));
        }
    }
}
