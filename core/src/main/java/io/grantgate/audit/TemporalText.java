package io.grantgate.audit;

/**
 * Writes the binary forms of DATE, DATETIME/TIMESTAMP and TIME the way MySQL prints them:
 * {@code 2024-02-29}, {@code 2024-02-29 13:05:09.000250}, {@code -838:59:59}. Fractions appear only
 * when the client sent non-zero microseconds, as MySQL gives such a parameter six decimals and
 * otherwise none. Fields are printed as sent, out of range or not (month 13, hour 99): the record
 * says what the client bound, not what the server made of it. Stateless.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_binary_resultset.html">Binary Protocol Value: DATE, DATETIME, TIMESTAMP, TIME</a>
 */
final class TemporalText {

    private TemporalText() {}

    /** Whether a DATE, DATETIME or TIMESTAMP value may have this many bytes. */
    static boolean dateLength(int length) {
        return length == 0 || length == 4 || length == 7 || length == 11 || length == 13;
    }

    /** Whether a TIME value may have this many bytes. */
    static boolean timeLength(int length) {
        return length == 0 || length == 8 || length == 12;
    }

    /** DATE: the date part only, as the server reads no more of it whatever the length. */
    static String date(byte[] b, int at, int length) {
        StringBuilder text = new StringBuilder(10);
        appendDate(text, b, at, length);
        return text.toString();
    }

    /**
     * DATETIME and TIMESTAMP: 0 bytes is the zero date, 4 a date at midnight, 7 adds the time, 11
     * microseconds and 13 (MySQL 8.0.19 and later) a time zone offset in minutes, printed {@code +hh:mm}.
     */
    static String dateTime(byte[] b, int at, int length) {
        StringBuilder text = new StringBuilder(32);
        appendDate(text, b, at, length);
        text.append(' ');
        if (length >= 7) {
            appendTime(text, b[at + 4] & 0xFF, b[at + 5] & 0xFF, b[at + 6] & 0xFF);
        } else {
            text.append("00:00:00");
        }
        if (length >= 11) {
            appendMicros(text, int4(b, at + 7));
        }
        if (length >= 13) {
            int minutes = (short) ((b[at + 11] & 0xFF) | (b[at + 12] & 0xFF) << 8);
            text.append(minutes < 0 ? '-' : '+');
            pad(text, Math.abs(minutes) / 60, 2).append(':');
            pad(text, Math.abs(minutes) % 60, 2);
        }
        return text.toString();
    }

    /**
     * TIME: a sign byte, days, hours, minutes, seconds and (12 bytes) microseconds. MySQL shows the
     * days as hours ({@code 1 day 2 hours} is {@code 26:00:00}), at least two digits of them.
     */
    static String time(byte[] b, int at, int length) {
        if (length == 0) {
            return "00:00:00";
        }
        StringBuilder text = new StringBuilder(24);
        if (b[at] != 0) {
            text.append('-');
        }
        long hours = int4(b, at + 1) * 24 + (b[at + 5] & 0xFF);
        pad(text, hours, 2).append(':');
        pad(text, b[at + 6] & 0xFF, 2).append(':');
        pad(text, b[at + 7] & 0xFF, 2);
        if (length >= 12) {
            appendMicros(text, int4(b, at + 8));
        }
        return text.toString();
    }

    private static void appendDate(StringBuilder text, byte[] b, int at, int length) {
        if (length == 0) {
            text.append("0000-00-00");
            return;
        }
        pad(text, (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8, 4).append('-');
        pad(text, b[at + 2] & 0xFF, 2).append('-');
        pad(text, b[at + 3] & 0xFF, 2);
    }

    private static void appendTime(StringBuilder text, int hour, int minute, int second) {
        pad(text, hour, 2).append(':');
        pad(text, minute, 2).append(':');
        pad(text, second, 2);
    }

    private static void appendMicros(StringBuilder text, long micros) {
        if (micros != 0) {
            pad(text.append('.'), micros, 6);
        }
    }

    /** {@code value} in decimal with leading zeros up to {@code width} digits; wider values print whole. */
    private static StringBuilder pad(StringBuilder text, long value, int width) {
        int digits = 1;
        for (long rest = value; rest >= 10; rest /= 10) {
            digits++;
        }
        for (; digits < width; digits++) {
            text.append('0');
        }
        return text.append(value);
    }

    private static long int4(byte[] b, int at) {
        return (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16 | (b[at + 3] & 0xFFL) << 24;
    }
}
