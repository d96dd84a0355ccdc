package io.grantgate.command;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts statement text into words, strings, quoted identifiers and symbols, statement by statement,
 * for the few statements the gateway must understand ({@link PasswordStatement}); no grammar. Blanks
 * and comments separate tokens. An executable comment ({@code /*!}, {@code /*!50700}, {@code /*M!})
 * is read as the SQL it holds, since the server runs it: only its opening and closing marks are
 * dropped. String literals are unescaped as the default SQL mode reads them (backslash escapes,
 * doubled quotes) and decoded as UTF-8.
 */
final class SqlTokens {

    /** What a token is; words keep their text and an upper-case copy for keyword tests. */
    enum Kind {
        WORD,
        /** {@code 'text'} or {@code "text"}, unescaped. */
        STRING,
        /** {@code `name`}, unquoted. */
        IDENTIFIER,
        /** Any other single character: {@code = ( ) @ , .} */
        SYMBOL
    }

    record Token(Kind kind, String text) {

        boolean is(String upperWord) {
            return kind == Kind.WORD && text.equalsIgnoreCase(upperWord);
        }

        boolean isSymbol(char c) {
            return kind == Kind.SYMBOL && text.length() == 1 && text.charAt(0) == c;
        }
    }

    private final byte[] text;
    private final int end;
    private int at;

    /** Over {@code text[from, end)}. */
    SqlTokens(byte[] text, int from, int end) {
        this.text = text;
        this.at = from;
        this.end = end;
    }

    /** Every statement's tokens, a {@code ;} ending each; statements with no token (blanks, comments) are left out. */
    List<List<Token>> statements() {
        List<List<Token>> statements = new ArrayList<>();
        List<Token> current = new ArrayList<>();
        while (true) {
            Token token = next();
            if (token == null || token.isSymbol(';')) {
                if (!current.isEmpty()) {
                    statements.add(current);
                    current = new ArrayList<>();
                }
                if (token == null) {
                    return statements;
                }
            } else {
                current.add(token);
            }
        }
    }

    /** The next token, or null at the end. */
    private Token next() {
        skipBlanks();
        if (at >= end) {
            return null;
        }
        byte b = text[at];
        if (b == '\'' || b == '"') {
            return new Token(Kind.STRING, quoted(b));
        }
        if (b == '`') {
            return new Token(Kind.IDENTIFIER, quoted(b));
        }
        if (wordByte(b)) {
            int start = at;
            while (at < end && wordByte(text[at])) {
                at++;
            }
            return new Token(Kind.WORD, new String(text, start, at - start, StandardCharsets.UTF_8));
        }
        at++;
        return new Token(Kind.SYMBOL, String.valueOf((char) (b & 0xFF)));
    }

    private static boolean wordByte(byte b) {
        return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '_' || b == '$' || b < 0;
    }

    /** Blanks, comments, and the marks of executable comments (their content is statement text). */
    private void skipBlanks() {
        while (at < end) {
            byte b = text[at];
            if (b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\f') {
                at++;
            } else if (b == '#' || b == '-' && lineCommentAt()) {
                while (at < end && text[at] != '\n') {
                    at++;
                }
            } else if (b == '/' && at + 1 < end && text[at + 1] == '*') {
                if (executableAt()) {
                    at += text[at + 2] == '!' ? 3 : 4;
                    while (at < end && text[at] >= '0' && text[at] <= '9') {
                        at++; // the version the server must at least be: it is, or the gateway errs towards reading
                    }
                } else {
                    at += 2;
                    while (at + 1 < end && !(text[at] == '*' && text[at + 1] == '/')) {
                        at++;
                    }
                    at = Math.min(at + 2, end);
                }
            } else if (b == '*' && at + 1 < end && text[at + 1] == '/') {
                at += 2; // the end of an executable comment
            } else {
                return;
            }
        }
    }

    private boolean executableAt() {
        return at + 2 < end
                && (text[at + 2] == '!'
                        || at + 3 < end && (text[at + 2] == 'M' || text[at + 2] == 'm') && text[at + 3] == '!');
    }

    /** {@code -- } is a comment only with a blank (or the end) after the two dashes. */
    private boolean lineCommentAt() {
        if (at + 1 >= end || text[at + 1] != '-') {
            return false;
        }
        if (at + 2 == end) {
            return true;
        }
        byte after = text[at + 2];
        return after == ' ' || after == '\t' || after == '\n' || after == '\r';
    }

    /** The text between {@code quote} at {@code at} and its closing quote, unescaped; the cursor ends past it. */
    private String quoted(byte quote) {
        ByteArrayOutputStream value = new ByteArrayOutputStream();
        at++;
        while (at < end) {
            byte b = text[at];
            if (b == '\\' && quote != '`' && at + 1 < end) {
                byte escaped = text[at + 1];
                if (escaped == '%' || escaped == '_') {
                    value.write(b); // kept with its backslash, as the server keeps it
                }
                value.write(unescaped(escaped));
                at += 2;
            } else if (b == quote) {
                if (at + 1 < end && text[at + 1] == quote) {
                    value.write(b);
                    at += 2;
                } else {
                    at++;
                    break;
                }
            } else {
                value.write(b);
                at++;
            }
        }
        return value.toString(StandardCharsets.UTF_8);
    }

    private static int unescaped(byte escaped) {
        return switch (escaped) {
            case '0' -> 0;
            case 'b' -> '\b';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'Z' -> 0x1A;
            default -> escaped;
        };
    }
}
