package io.grantgate.command;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes passwords out of statement text before it is audited, as MySQL's own audit and general logs
 * do: the string literal after {@code IDENTIFIED BY|AS}, after {@code PASSWORD =} or {@code PASSWORD(}
 * becomes {@code '<secret>'}. A statement that names neither word is returned as it is after one
 * case-insensitive scan; the patterns run only on the rare statement that does. A prepared statement
 * whose text names either word has all its parameter values withheld instead ({@link #mentionsSecrets}).
 */
final class SecretRedaction {

    static final String SECRET = "'<secret>'";

    /** A quoted string, with backslash escapes and doubled quotes, in either quote. */
    private static final String LITERAL = "(?:'(?:[^'\\\\]|\\\\.|'')*'|\"(?:[^\"\\\\]|\\\\.|\"\")*\")";

    private static final Pattern IDENTIFIED = Pattern.compile(
            "(\\bIDENTIFIED\\s+(?:WITH\\s+\\S+\\s+)?(?:BY|AS)\\s+(?:PASSWORD\\s*)?)" + LITERAL,
            Pattern.CASE_INSENSITIVE);
    /** SET PASSWORD [FOR user] = 'x', and = PASSWORD('x'). */
    private static final Pattern PASSWORD_SET = Pattern.compile(
            "(\\bPASSWORD\\s*(?:FOR\\s+\\S+\\s*)?=\\s*(?:PASSWORD\\s*\\(\\s*)?)" + LITERAL, Pattern.CASE_INSENSITIVE);
    /** PASSWORD('x'), OLD_PASSWORD('x'). */
    private static final Pattern PASSWORD_CALL =
            Pattern.compile("((?<![A-Za-z0-9])PASSWORD\\s*\\(\\s*)" + LITERAL, Pattern.CASE_INSENSITIVE);

    private SecretRedaction() {}

    /** Whether the text names IDENTIFIED or PASSWORD anywhere (case-insensitive). */
    static boolean mentionsSecrets(String text) {
        return containsIgnoreCase(text, "identified") || containsIgnoreCase(text, "password");
    }

    static String redact(String text) {
        if (!mentionsSecrets(text)) {
            return text;
        }
        return replace(PASSWORD_CALL, replace(PASSWORD_SET, replace(IDENTIFIED, text)));
    }

    private static String replace(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        return matcher.replaceAll(match -> Matcher.quoteReplacement(match.group(1) + SECRET));
    }

    private static boolean containsIgnoreCase(String text, String lowerWord) {
        int last = text.length() - lowerWord.length();
        char first = lowerWord.charAt(0);
        for (int i = 0; i <= last; i++) {
            if (Character.toLowerCase(text.charAt(i)) == first
                    && text.regionMatches(true, i, lowerWord, 0, lowerWord.length())) {
                return true;
            }
        }
        return false;
    }
}
