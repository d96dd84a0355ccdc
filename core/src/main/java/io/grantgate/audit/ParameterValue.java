package io.grantgate.audit;

import static io.grantgate.audit.ColumnTypes.BIT;
import static io.grantgate.audit.ColumnTypes.BLOB;
import static io.grantgate.audit.ColumnTypes.DATE;
import static io.grantgate.audit.ColumnTypes.DATETIME;
import static io.grantgate.audit.ColumnTypes.DECIMAL;
import static io.grantgate.audit.ColumnTypes.DOUBLE;
import static io.grantgate.audit.ColumnTypes.ENUM;
import static io.grantgate.audit.ColumnTypes.FLOAT;
import static io.grantgate.audit.ColumnTypes.GEOMETRY;
import static io.grantgate.audit.ColumnTypes.INT24;
import static io.grantgate.audit.ColumnTypes.JSON;
import static io.grantgate.audit.ColumnTypes.LONG;
import static io.grantgate.audit.ColumnTypes.LONGLONG;
import static io.grantgate.audit.ColumnTypes.LONG_BLOB;
import static io.grantgate.audit.ColumnTypes.MEDIUM_BLOB;
import static io.grantgate.audit.ColumnTypes.NEWDECIMAL;
import static io.grantgate.audit.ColumnTypes.NULL;
import static io.grantgate.audit.ColumnTypes.SET;
import static io.grantgate.audit.ColumnTypes.SHORT;
import static io.grantgate.audit.ColumnTypes.STRING;
import static io.grantgate.audit.ColumnTypes.TIME;
import static io.grantgate.audit.ColumnTypes.TIMESTAMP;
import static io.grantgate.audit.ColumnTypes.TINY;
import static io.grantgate.audit.ColumnTypes.TINY_BLOB;
import static io.grantgate.audit.ColumnTypes.VARCHAR;
import static io.grantgate.audit.ColumnTypes.VAR_STRING;
import static io.grantgate.audit.ColumnTypes.VECTOR;
import static io.grantgate.audit.ColumnTypes.YEAR;

import io.grantgate.audit.AuditValue.Kind;
import java.util.Optional;

/**
 * Decodes one parameter value that a COM_STMT_EXECUTE carries inline, in the binary form of its
 * bound type, and reads past it. Stateless.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_binary_resultset.html">Binary Protocol Value</a>
 * @see <a href="https://mariadb.com/docs/server/reference/clientserver-protocol/3-binary-protocol-prepared-statements/com_stmt_execute">MariaDB: COM_STMT_EXECUTE</a>
 */
final class ParameterValue {

    private ParameterValue() {}

    static AuditValue nullValue(String type) {
        return new AuditValue(type, Kind.NULL, Optional.empty(), 0, Optional.empty());
    }

    /**
     * @param type the audit's name for the bound type
     * @param cap the most bytes of a string or binary value to keep
     * @throws Undecodable when the value runs past the payload or the type has no binary form, so
     *     that nothing after it can be found either
     */
    static AuditValue read(ValueReader in, int code, boolean unsigned, String type, int cap) {
        return switch (code) {
            case TINY -> integer(type, unsigned ? in.int1() : (byte) in.int1(), 1);
            case SHORT, YEAR -> integer(type, unsigned ? in.fixed(2) : (short) in.fixed(2), 2);
            case LONG, INT24 -> integer(type, unsigned ? in.fixed(4) : (int) in.fixed(4), 4);
            case LONGLONG -> {
                long bits = in.fixed(8);
                yield number(type, unsigned ? Long.toUnsignedString(bits) : Long.toString(bits), 8);
            }
            case FLOAT -> {
                float value = Float.intBitsToFloat((int) in.fixed(4));
                yield Float.isFinite(value)
                        ? number(type, Float.toString(value), 4)
                        : text(type, Float.toString(value), 4);
            }
            case DOUBLE -> {
                double value = Double.longBitsToDouble(in.fixed(8));
                yield Double.isFinite(value)
                        ? number(type, Double.toString(value), 8)
                        : text(type, Double.toString(value), 8);
            }
            case NULL -> nullValue(type); // a NULL-typed value has no bytes, whatever the bitmap says
            case DATE, DATETIME, TIMESTAMP -> {
                int length = in.int1();
                if (!TemporalText.dateLength(length)) {
                    throw in.failure("a " + type + " of " + length + " bytes");
                }
                int at = in.take(length);
                yield text(
                        type,
                        code == DATE
                                ? TemporalText.date(in.buffer(), at, length)
                                : TemporalText.dateTime(in.buffer(), at, length),
                        length);
            }
            case TIME -> {
                int length = in.int1();
                if (!TemporalText.timeLength(length)) {
                    throw in.failure("a TIME of " + length + " bytes");
                }
                int at = in.take(length);
                yield text(type, TemporalText.time(in.buffer(), at, length), length);
            }
            case DECIMAL,
                    NEWDECIMAL,
                    VARCHAR,
                    VAR_STRING,
                    STRING,
                    ENUM,
                    SET,
                    JSON,
                    BIT,
                    VECTOR,
                    TINY_BLOB,
                    MEDIUM_BLOB,
                    LONG_BLOB,
                    BLOB,
                    GEOMETRY -> {
                int length = in.lengthEncoded();
                int at = in.take(length);
                yield ShownBytes.inline(type, ColumnTypes.isBinary(code), in.buffer(), at, length, cap);
            }
            default -> throw in.failure("no binary value of column type " + code);
        };
    }

    private static AuditValue integer(String type, long value, int length) {
        return number(type, Long.toString(value), length);
    }

    private static AuditValue number(String type, String value, int length) {
        return new AuditValue(type, Kind.NUMBER, Optional.of(value), length, Optional.empty());
    }

    private static AuditValue text(String type, String value, int length) {
        return new AuditValue(type, Kind.TEXT, Optional.of(value), length, Optional.empty());
    }
}
