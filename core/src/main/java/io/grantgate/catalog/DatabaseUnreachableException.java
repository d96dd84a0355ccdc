package io.grantgate.catalog;

import java.sql.SQLException;

/**
 * A pool could not make its first connection: the database is down, the address or the login is
 * wrong. Its message is one line an operator can act on (where, as whom, the driver's first line and
 * SQLSTATE), instead of the pool's wrapper and the driver's multi-line text; the cause keeps the rest.
 * The URL is shown without its query string, which may hold options an operator did not mean to print.
 */
public final class DatabaseUnreachableException extends RuntimeException {

    public DatabaseUnreachableException(String jdbcUrl, String user, Throwable cause) {
        super(message(jdbcUrl, user, cause), cause);
    }

    private static String message(String jdbcUrl, String user, Throwable cause) {
        int query = jdbcUrl.indexOf('?');
        String where = query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
        String text = String.valueOf(cause.getMessage()).strip();
        int newline = text.indexOf('\n');
        String first = newline < 0 ? text : text.substring(0, newline).strip();
        String state = cause instanceof SQLException sql && sql.getSQLState() != null
                ? " (SQLSTATE " + sql.getSQLState() + ")"
                : "";
        String hint = cause instanceof SQLException sql
                        && sql.getSQLState() != null
                        && sql.getSQLState().startsWith("08")
                ? "; is it running, and is the address right?"
                : "";
        return "cannot connect to " + where + " as '" + user + "': " + first + state + hint;
    }
}
