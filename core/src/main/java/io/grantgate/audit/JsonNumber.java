package io.grantgate.audit;

/**
 * Whether a decoded parameter value may be written as a bare JSON number (RFC 8259 section 6). A
 * DECIMAL parameter arrives as text the client chose, so it is checked before it goes unquoted.
 * Scanned by hand: the audit writer checks every numeric parameter, and a regular expression cost it
 * more than the rest of the record.
 */
final class JsonNumber {

    private JsonNumber() {}

    static boolean valid(CharSequence text) {
        int n = text.length();
        int i = 0;
        if (i < n && text.charAt(i) == '-') {
            i++;
        }
        if (i >= n) {
            return false;
        }
        if (text.charAt(i) == '0') {
            i++;
        } else {
            int start = i;
            i = digits(text, i);
            if (i == start) {
                return false;
            }
        }
        if (i < n && text.charAt(i) == '.') {
            int start = ++i;
            i = digits(text, i);
            if (i == start) {
                return false;
            }
        }
        if (i < n && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            i++;
            if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
                i++;
            }
            int start = i;
            i = digits(text, i);
            if (i == start) {
                return false;
            }
        }
        return i == n;
    }

    private static int digits(CharSequence text, int from) {
        int i = from;
        while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            i++;
        }
        return i;
    }
}
