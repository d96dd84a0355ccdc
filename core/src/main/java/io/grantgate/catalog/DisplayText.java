package io.grantgate.catalog;

/**
 * Shows untrusted input inside an error message: quoted, cut after {@value #MAX_SHOWN} characters,
 * and with control, format and quote characters written as {@code \}{@code uXXXX}.
 *
 * <p>Why: these messages reach the admin's terminal, the gateway log and the audit trail. A name
 * carrying a newline, an ANSI escape or a right-to-left override must not forge a log line or
 * disguise itself on screen, and a 100 kB name must not flood the log.
 */
public final class DisplayText {

    /** Characters of the input shown before it is cut with {@code ...}. */
    public static final int MAX_SHOWN = 40;

    private DisplayText() {}

    /** {@code abc} becomes {@code 'abc'}; a longer input becomes {@code 'first 40 characters...'}. */
    public static String quoted(String raw) {
        StringBuilder out = new StringBuilder("'");
        int shown = 0;
        for (int i = 0; i < raw.length(); ) {
            if (shown == MAX_SHOWN) {
                out.append("...");
                break;
            }
            int cp = raw.codePointAt(i);
            appendVisible(out, cp);
            shown++;
            i += Character.charCount(cp);
        }
        return out.append('\'').toString();
    }

    /**
     * The whole input, with control, format and line separator characters written as
     * {@code \}{@code uXXXX}: for a table cell, where a newline or a terminal escape in untrusted text
     * (a user name a client sent) must not break the table or reach the terminal.
     */
    public static String visible(String raw) {
        StringBuilder out = new StringBuilder(raw.length());
        raw.codePoints().forEach(cp -> {
            if (isInvisible(cp)) {
                out.append(String.format("\\u%04X", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }

    /** One character as a message shows it, e.g. {@code '*'} or {@code U+000A}. */
    public static String character(int cp) {
        if (isInvisible(cp) || cp == '\'') {
            return String.format("U+%04X", cp);
        }
        return "'" + Character.toString(cp) + "'";
    }

    private static void appendVisible(StringBuilder out, int cp) {
        // the quote is escaped too, so that the closing quote of the message is unambiguous
        if (isInvisible(cp) || cp == '\'') {
            out.append(String.format("\\u%04X", cp));
        } else {
            out.appendCodePoint(cp);
        }
    }

    static boolean isInvisible(int cp) {
        int type = Character.getType(cp);
        return type == Character.CONTROL
                || type == Character.FORMAT
                || type == Character.SURROGATE
                || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR;
    }
}
