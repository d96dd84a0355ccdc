package io.grantgate.audit;

import java.util.Objects;
import java.util.Optional;

/**
 * One parameter value of a COM_STMT_EXECUTE, decoded from the binary protocol for the audit.
 *
 * @param type the MySQL column type the client bound, as in field_types.h without the prefix:
 *     LONGLONG, VAR_STRING, BLOB, DATETIME … ({@code UNSIGNED} appended when the unsigned flag is set)
 * @param kind how {@code value} reads
 * @param value NULL, DEFAULT, IGNORE: empty; NUMBER: a JSON number's text; TEXT: the string (UTF-8 decoded, or the
 *     date/time/decimal in MySQL's text form); BASE64: bytes that are not UTF-8 text
 * @param length the value's length in bytes before any cut (long data: all pieces together)
 * @param sha256 hex SHA-256 of the whole value, present when the value was cut
 */
public record AuditValue(String type, Kind kind, Optional<String> value, long length, Optional<String> sha256) {

    public enum Kind {
        NULL,
        NUMBER,
        TEXT,
        BASE64,
        /** A bulk execute's DEFAULT indicator: the column's default value, no bytes sent. */
        DEFAULT,
        /** A bulk execute's IGNORE indicator: the default for an insert, the column left as is for an update. */
        IGNORE
    }

    public AuditValue {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(sha256, "sha256");
    }

    public boolean cut() {
        return sha256.isPresent();
    }
}
