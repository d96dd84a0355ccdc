package io.grantgate.account;

import io.grantgate.catalog.DisplayText;
import io.grantgate.catalog.ObjectName;
import io.grantgate.catalog.UserName;
import java.util.Objects;

/**
 * Quotes untrusted names and values into the SQL that provisions backend accounts, so that the
 * statement means the same whatever the backend's SQL mode.
 *
 * <p><b>Identifiers</b> go in backticks with backticks doubled; see {@link ObjectName} for the rules.
 *
 * <p><b>String literals</b> go in single quotes with single quotes doubled, and a backslash or
 * U+0000 is refused rather than escaped. Why: a backslash is an escape character unless the
 * session has {@code NO_BACKSLASH_ESCAPES}, and then it is an ordinary character. No escaping of it
 * reads the same in both modes ({@code \\} is one backslash in one and two in the other), and a
 * literal that is wrong in one mode either fails or, worse, ends early and lets the rest of the
 * value run as SQL. A doubled quote is one quote in every mode, and with no backslash left in the
 * value nothing else inside single quotes is special, so the literal is exact in both modes.
 * Hex literals ({@code X'...'}) would carry any value, but MySQL's grammar takes only quoted
 * strings or identifiers for the parts of an account name and for {@code IDENTIFIED BY}, which is
 * where our literals go. The values GrantGate writes need no backslash: user names refuse it, host
 * patterns refuse it, and backend passwords are derived by the gateway from an alphabet it picks.
 * Not emitting backslashes also keeps the literal sound under a multi-byte connection character
 * set: the known escaping attacks on GBK or SJIS hide a backslash byte inside a character, while
 * the quote byte (0x27) is never part of a multi-byte character in any client character set MySQL
 * supports. (A character the connection's set cannot encode still changes the value, not the
 * statement: the backend should be reached with utf8mb4.)
 *
 * @see <a href="https://dev.mysql.com/doc/refman/8.4/en/string-literals.html">String Literals</a>
 */
public final class SqlQuoting {

    /** MySQL's limit for the host part of an account name, in characters. */
    private static final int MAX_HOST_LENGTH = 255;

    private SqlQuoting() {}

    /**
     * {@code my`db} becomes {@code `my``db`}. Refuses an empty name, U+0000, a trailing space,
     * characters outside the Basic Multilingual Plane and more than 64 characters, as MySQL does.
     */
    public static String identifier(String name) {
        return ObjectName.of("identifier", name).quoted();
    }

    /**
     * {@code it's} becomes {@code 'it''s'}, the same in every SQL mode. Refuses a backslash, U+0000
     * and unpaired surrogates (which would reach the server as {@code ?}).
     */
    public static String literal(String value) {
        Objects.requireNonNull(value, "value");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\') {
                throw refused(value, "a backslash, which means different things with and without NO_BACKSLASH_ESCAPES");
            }
            if (c == 0) {
                throw refused(value, "U+0000");
            }
            if (Character.isSurrogate(c) && !isPairedAt(value, i)) {
                throw refused(value, "an unpaired surrogate, which is not a character");
            }
            if (Character.isHighSurrogate(c)) {
                i++; // the low half of the pair checked above
            }
        }
        return "'" + value.replace("'", "''") + "'";
    }

    /** {@code 'user'@'host'}, both parts as {@link #literal(String) literals}. */
    public static String account(UserName user, String host) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(host, "host");
        if (host.isEmpty()) {
            throw new IllegalArgumentException("account host is empty: use '%' for any host");
        }
        if (host.codePointCount(0, host.length()) > MAX_HOST_LENGTH) {
            throw new IllegalArgumentException(
                    "account host " + DisplayText.quoted(host) + " is longer than " + MAX_HOST_LENGTH + " characters");
        }
        return literal(user.value()) + "@" + literal(host);
    }

    private static boolean isPairedAt(String value, int i) {
        return Character.isHighSurrogate(value.charAt(i))
                && i + 1 < value.length()
                && Character.isLowSurrogate(value.charAt(i + 1));
    }

    private static IllegalArgumentException refused(String value, String what) {
        return new IllegalArgumentException("SQL string " + DisplayText.quoted(value) + " contains " + what);
    }
}
