package io.grantgate.catalog;

/**
 * The rules user names and role names share (see {@link UserName}): 1 to {@value #MAX_LENGTH}
 * characters, no quotes, backslash, control or invisible characters, no surrounding whitespace.
 */
final class AccountNameRules {

    /** MySQL's limit for user names, in characters; role names share the column size. */
    static final int MAX_LENGTH = 32;

    private AccountNameRules() {}

    /** @param kind what the name is, for the message: {@code user name}, {@code role name} */
    static void check(String kind, String value) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException(kind + " is empty");
        }
        if (value.codePointCount(0, value.length()) > MAX_LENGTH) {
            throw problem(kind, value, "is longer than " + MAX_LENGTH + " characters");
        }
        value.codePoints().forEach(cp -> checkCharacter(kind, value, cp));
        if (isBlank(value.codePointAt(0)) || isBlank(value.codePointBefore(value.length()))) {
            throw problem(kind, value, "starts or ends with whitespace");
        }
    }

    private static void checkCharacter(String kind, String value, int cp) {
        if (cp == '\'' || cp == '"' || cp == '`') {
            throw problem(kind, value, "contains a quote character " + DisplayText.character(cp));
        }
        if (cp == '\\') {
            throw problem(kind, value, "contains a backslash");
        }
        if (DisplayText.isInvisible(cp)) {
            throw problem(kind, value, "contains the control or invisible character " + DisplayText.character(cp));
        }
    }

    private static boolean isBlank(int cp) {
        // isWhitespace misses the no-break spaces, isSpaceChar misses tab: either counts
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp);
    }

    private static IllegalArgumentException problem(String kind, String value, String what) {
        return new IllegalArgumentException(kind + " " + DisplayText.quoted(value) + " " + what);
    }
}
