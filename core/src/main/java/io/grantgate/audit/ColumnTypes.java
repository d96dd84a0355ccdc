package io.grantgate.audit;

/**
 * The column type codes a client binds parameters with, named as in MySQL's field_types.h without
 * the {@code MYSQL_TYPE_} prefix. The names are built once, so naming a parameter allocates nothing.
 * Immutable; safe on any thread.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/field__types_8h.html">field_types.h: enum_field_types</a>
 */
final class ColumnTypes {

    static final int DECIMAL = 0;
    static final int TINY = 1;
    static final int SHORT = 2;
    static final int LONG = 3;
    static final int FLOAT = 4;
    static final int DOUBLE = 5;
    static final int NULL = 6;
    static final int TIMESTAMP = 7;
    static final int LONGLONG = 8;
    static final int INT24 = 9;
    static final int DATE = 10;
    static final int TIME = 11;
    static final int DATETIME = 12;
    static final int YEAR = 13;
    static final int VARCHAR = 15;
    static final int BIT = 16;
    static final int VECTOR = 242;
    static final int JSON = 245;
    static final int NEWDECIMAL = 246;
    static final int ENUM = 247;
    static final int SET = 248;
    static final int TINY_BLOB = 249;
    static final int MEDIUM_BLOB = 250;
    static final int LONG_BLOB = 251;
    static final int BLOB = 252;
    static final int VAR_STRING = 253;
    static final int STRING = 254;
    static final int GEOMETRY = 255;

    private static final String[] NAMES = new String[256];
    private static final String[] UNSIGNED_NAMES = new String[256];

    static {
        for (int code = 0; code < 256; code++) {
            NAMES[code] = "TYPE_" + code;
        }
        String[] known = {
            "DECIMAL",
            "TINY",
            "SHORT",
            "LONG",
            "FLOAT",
            "DOUBLE",
            "NULL",
            "TIMESTAMP",
            "LONGLONG",
            "INT24",
            "DATE",
            "TIME",
            "DATETIME",
            "YEAR",
            "NEWDATE",
            "VARCHAR",
            "BIT",
            "TIMESTAMP2",
            "DATETIME2",
            "TIME2",
            "TYPED_ARRAY"
        };
        System.arraycopy(known, 0, NAMES, 0, known.length);
        String[] high = {
            "VECTOR",
            "INVALID",
            "BOOL",
            "JSON",
            "NEWDECIMAL",
            "ENUM",
            "SET",
            "TINY_BLOB",
            "MEDIUM_BLOB",
            "LONG_BLOB",
            "BLOB",
            "VAR_STRING",
            "STRING",
            "GEOMETRY"
        };
        System.arraycopy(high, 0, NAMES, VECTOR, high.length);
        for (int code = 0; code < 256; code++) {
            UNSIGNED_NAMES[code] = isInteger(code) ? NAMES[code] + " UNSIGNED" : NAMES[code];
        }
    }

    private ColumnTypes() {}

    /** The audit's name for a bound type; the unsigned flag shows only on integer types. */
    static String name(int code, boolean unsigned) {
        return unsigned ? UNSIGNED_NAMES[code & 0xFF] : NAMES[code & 0xFF];
    }

    /** Types whose binary value is a little-endian integer, for which the unsigned flag means something. */
    static boolean isInteger(int code) {
        return switch (code) {
            case TINY, SHORT, LONG, INT24, LONGLONG, YEAR -> true;
            default -> false;
        };
    }

    /**
     * Types whose bytes the audit always shows as base64: BLOB and GEOMETRY values are usually not
     * text, and a value that only happens to decode as UTF-8 would read as text it never was. BIT and
     * VECTOR are bit patterns and packed floats.
     */
    static boolean isBinary(int code) {
        return switch (code) {
            case TINY_BLOB, MEDIUM_BLOB, LONG_BLOB, BLOB, GEOMETRY, BIT, VECTOR -> true;
            default -> false;
        };
    }
}
