package io.grantgate.catalog;

import java.util.Objects;

/**
 * Reads the text form of a {@link GrantScope}: two parts separated by a dot, each {@code *}, a bare
 * identifier or a backtick-quoted one. One instance reads one text.
 */
final class GrantScopeParser {

    /** A part of the scope: {@code name} is null for {@code *}. */
    private record Part(String name) {

        boolean isStar() {
            return name == null;
        }
    }

    private final String text;
    private int pos;

    private GrantScopeParser(String text) {
        this.text = text;
    }

    static GrantScope parse(String text) {
        Objects.requireNonNull(text, "scope");
        return new GrantScopeParser(text).scope();
    }

    private GrantScope scope() {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("grant scope is empty: expected *.*, db.* or db.table");
        }
        Part db = part("database name");
        if (pos == text.length()) {
            throw fail("has no '.': expected *.*, db.* or db.table (a bare name or * would mean the current database)");
        }
        pos++; // the dot: part() stops only at a dot or the end
        Part table = part("table name");
        if (pos != text.length()) {
            throw fail("has more than two parts: quote a name that contains a dot, e.g. `my.db`.*");
        }
        if (db.isStar()) {
            if (!table.isStar()) {
                throw fail("names a table in every database (*.table), which MySQL does not allow");
            }
            return GrantScope.global();
        }
        return table.isStar() ? GrantScope.database(db.name()) : GrantScope.table(db.name(), table.name());
    }

    private Part part(String kind) {
        if (pos == text.length() || text.charAt(pos) == '.') {
            throw fail("has an empty " + kind);
        }
        char first = text.charAt(pos);
        if (first != '*' && first != '`') {
            return new Part(bare(kind));
        }
        Part part;
        if (first == '*') {
            pos++;
            part = new Part(null);
        } else {
            part = new Part(quoted(kind));
        }
        if (!atPartEnd()) {
            throw fail("has " + DisplayText.character(text.codePointAt(pos)) + " after the " + kind);
        }
        return part;
    }

    private boolean atPartEnd() {
        return pos == text.length() || text.charAt(pos) == '.';
    }

    private String quoted(String kind) {
        StringBuilder name = new StringBuilder();
        pos++;
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c != '`') {
                name.append(c);
            } else if (pos < text.length() && text.charAt(pos) == '`') {
                name.append('`');
                pos++;
            } else {
                return name.toString();
            }
        }
        throw fail("has a " + kind + " without its closing backtick");
    }

    private String bare(String kind) {
        int start = pos;
        while (pos < text.length() && isBareIdentifierChar(text.charAt(pos))) {
            pos++;
        }
        String name = text.substring(start, pos);
        if (!atPartEnd()) {
            throw fail("has " + DisplayText.character(text.codePointAt(pos)) + " in a " + kind
                    + ": put names with special characters in backticks");
        }
        if (name.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw fail("has a " + kind + " made of digits only, which MySQL requires in backticks");
        }
        return name;
    }

    /** MySQL's unquoted identifier characters: [0-9a-zA-Z$_] and U+0080 to U+FFFF. */
    private static boolean isBareIdentifierChar(char c) {
        return (c >= '0' && c <= '9')
                || (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || c == '$'
                || c == '_'
                || (c >= 0x80 && !Character.isSurrogate(c));
    }

    private IllegalArgumentException fail(String what) {
        return new IllegalArgumentException("grant scope " + DisplayText.quoted(text) + " " + what);
    }
}
