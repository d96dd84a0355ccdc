package io.grantgate.catalog;

import java.util.Objects;

/**
 * A database or table name that MySQL and MariaDB accept as a quoted identifier, and its
 * backtick-quoted SQL form.
 *
 * <p>The rules are MySQL's for quoted identifiers: 1 to {@value #MAX_LENGTH} characters, counted as
 * Unicode code points as MySQL counts characters; no U+0000; no trailing space (database and table
 * names cannot end with one); characters of the Basic Multilingual Plane only. Inside backticks
 * nothing is special but the backtick itself, which is doubled, and no SQL mode changes that:
 * {@code NO_BACKSLASH_ESCAPES} and {@code ANSI_QUOTES} concern string literals and double quotes.
 *
 * @param value the name as stored, unquoted
 * @see <a href="https://dev.mysql.com/doc/refman/8.4/en/identifiers.html">Schema Object Names</a>
 */
public record ObjectName(String value) {

    /** MySQL's limit for database and table names, in characters. */
    public static final int MAX_LENGTH = 64;

    public ObjectName {
        check("identifier", value);
    }

    /**
     * Validates {@code value}, naming it {@code kind} in the error message (e.g. {@code database name}).
     */
    public static ObjectName of(String kind, String value) {
        check(kind, value);
        return new ObjectName(value);
    }

    /** {@code my`db} becomes {@code `my``db`}. */
    public String quoted() {
        return "`" + value.replace("`", "``") + "`";
    }

    @Override
    public String toString() {
        return value;
    }

    private static void check(String kind, String value) {
        Objects.requireNonNull(value, kind);
        if (value.isEmpty()) {
            throw new IllegalArgumentException(kind + " is empty");
        }
        if (value.codePointCount(0, value.length()) > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    kind + " " + DisplayText.quoted(value) + " is longer than " + MAX_LENGTH + " characters");
        }
        if (value.endsWith(" ")) {
            throw new IllegalArgumentException(kind + " " + DisplayText.quoted(value) + " ends with a space");
        }
        value.codePoints().forEach(cp -> checkCharacter(kind, value, cp));
    }

    private static void checkCharacter(String kind, String value, int cp) {
        if (cp == 0) {
            throw new IllegalArgumentException(kind + " " + DisplayText.quoted(value) + " contains U+0000");
        }
        // an unpaired surrogate is a broken Java string: encoding it to UTF-8 would send '?'
        if (!Character.isBmpCodePoint(cp) || Character.isSurrogate((char) cp)) {
            throw new IllegalArgumentException(
                    kind + " " + DisplayText.quoted(value)
                            + " contains a character outside the Basic Multilingual Plane, which MySQL does not allow in names");
        }
    }
}
