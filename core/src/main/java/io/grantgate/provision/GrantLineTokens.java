package io.grantgate.provision;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits one line of SHOW GRANTS output into tokens: words, quoted names, string literals and
 * single-character symbols. Names come in backticks, or in double quotes when the session has
 * {@code ANSI_QUOTES} (both servers quote SHOW GRANTS output the way the session's SQL mode
 * reads identifiers); a doubled quote inside is one quote.
 */
final class GrantLineTokens {

    enum Kind {
        WORD,
        NAME,
        STRING,
        SYMBOL
    }

    /**
     * @param text the word, the unquoted name or string, or the symbol
     * @param start offset of the token's first character in the line
     * @param end offset just past its last character
     */
    record Token(Kind kind, String text, int start, int end) {

        boolean isWord(String word) {
            return kind == Kind.WORD && text.toUpperCase(Locale.ROOT).equals(word);
        }

        boolean isSymbol(char symbol) {
            return kind == Kind.SYMBOL && text.charAt(0) == symbol;
        }
    }

    private final String line;
    private int pos;

    private GrantLineTokens(String line) {
        this.line = line;
    }

    /** @throws IllegalArgumentException when a quote is not closed */
    static List<Token> of(String line) {
        return new GrantLineTokens(line).all();
    }

    private List<Token> all() {
        List<Token> tokens = new ArrayList<>();
        while (true) {
            while (pos < line.length() && Character.isWhitespace(line.charAt(pos))) {
                pos++;
            }
            if (pos == line.length()) {
                return tokens;
            }
            tokens.add(next());
        }
    }

    private Token next() {
        int start = pos;
        char c = line.charAt(pos);
        if (c == '`' || c == '"') {
            return new Token(Kind.NAME, quoted(c, false), start, pos);
        }
        if (c == '\'') {
            return new Token(Kind.STRING, quoted(c, true), start, pos);
        }
        if (isWordChar(c)) {
            while (pos < line.length() && isWordChar(line.charAt(pos))) {
                pos++;
            }
            return new Token(Kind.WORD, line.substring(start, pos), start, pos);
        }
        pos++;
        return new Token(Kind.SYMBOL, String.valueOf(c), start, pos);
    }

    /** Reads up to the closing quote; in a string literal a backslash also escapes the next character. */
    private String quoted(char quote, boolean backslashEscapes) {
        StringBuilder value = new StringBuilder();
        pos++;
        while (pos < line.length()) {
            char c = line.charAt(pos++);
            if (backslashEscapes && c == '\\' && pos < line.length()) {
                value.append(line.charAt(pos++));
            } else if (c != quote) {
                value.append(c);
            } else if (pos < line.length() && line.charAt(pos) == quote) {
                value.append(quote);
                pos++;
            } else {
                return value.toString();
            }
        }
        throw new IllegalArgumentException("a quote is not closed");
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c >= 0x80;
    }
}
