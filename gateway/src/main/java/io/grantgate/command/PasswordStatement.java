package io.grantgate.command;

import io.grantgate.auth.Secret;
import io.grantgate.command.SqlTokens.Kind;
import io.grantgate.command.SqlTokens.Token;
import java.util.List;
import java.util.Optional;

/**
 * Finds the statements that could change a password in a COM_QUERY or COM_STMT_PREPARE text, so that
 * none reaches the backend, whose account's password the gateway derives: a client that changed it
 * would break every later backend login of its account. No SQL parser: it errs towards refusing.
 *
 * <ul>
 *   <li>{@code SET PASSWORD [FOR whom] = 'hash' | PASSWORD('x')} and {@code ALTER USER
 *       CURRENT_USER()|USER()|whom IDENTIFIED BY [PASSWORD] 'x'}, alone: the gateway carries them out
 *       ({@link PasswordChange});
 *   <li>any other SET naming {@code PASSWORD =} or {@code PASSWORD FOR} ({@code SET @a = 1, PASSWORD =
 *       …}, {@code SET STATEMENT … FOR SET PASSWORD …}, {@code OLD_PASSWORD()}), any other ALTER USER,
 *       a GRANT with IDENTIFIED, a PREPARE or EXECUTE IMMEDIATE of a string holding any of these,
 *       any of them inside a multi-statement or prepared: refused, nothing runs;
 *   <li>{@code PREPARE s FROM @var} and {@code EXECUTE IMMEDIATE @var}, alone: what they run is the
 *       variable's value, which only the backend holds ({@link FromVariable}); the session reads it
 *       there first and judges it with {@link #ofVariableValue};
 *   <li>a PREPARE or EXECUTE IMMEDIATE of any other expression ({@code CONCAT(…)}, a function, a
 *       hex or introduced literal), or of a variable inside a multi-statement: refused, as what it
 *       runs cannot be known before it runs.
 * </ul>
 *
 * A statement whose first word is none of SET, ALTER, GRANT, PREPARE, EXECUTE and that has no
 * {@code ;} is decided after a look at its first word and one pass for that byte.
 */
sealed interface PasswordStatement {

    /** Nothing to do with passwords: relay it. */
    record None() implements PasswordStatement {}

    /** The only statement, one the gateway carries out. */
    record Change(PasswordChange change) implements PasswordStatement {}

    /** @param what the form refused, for the 1235 message: never the statement's text, which holds a password */
    record Refused(String what) implements PasswordStatement {}

    /**
     * {@code PREPARE s FROM @name} or {@code EXECUTE IMMEDIATE @name [USING …]}, the only statement:
     * decided by the value of the user variable {@code name} (unquoted), read on the backend.
     */
    record FromVariable(String name) implements PasswordStatement {}

    None NONE = new None();

    /** The first words of a statement that can touch a password. */
    List<String> FIRST_WORDS = List.of("SET", "ALTER", "GRANT", "PREPARE", "EXECUTE");

    /** A COM_QUERY payload whose command byte is {@code bytes[offset]}, {@code length} bytes in all. */
    static PasswordStatement ofQuery(byte[] bytes, int offset, int length) {
        return of(bytes, offset + 1, offset + length, false);
    }

    /** A COM_STMT_PREPARE payload: any password statement is refused, as its values would come later. */
    static PasswordStatement ofPrepare(byte[] bytes, int offset, int length) {
        return of(bytes, offset + 1, offset + length, true);
    }

    /**
     * The value of a variable a PREPARE or EXECUTE IMMEDIATE names ({@link FromVariable}), as UTF-8:
     * read as a literal of {@code PREPARE s FROM '…'} would be. Never a {@link Change}: a password
     * statement in it is refused, as one in a literal is.
     */
    static PasswordStatement ofVariableValue(byte[] text) {
        for (byte b : text) {
            if (b == 0) {
                // a text in a two-byte character set read as UTF-8 hides its words behind NULs
                return new Refused("PREPARE or EXECUTE IMMEDIATE of a variable holding a NUL byte");
            }
        }
        PasswordStatement inner = of(text, 0, text.length, true);
        return inner instanceof None ? NONE : new Refused("PREPARE or EXECUTE IMMEDIATE of a password statement");
    }

    private static PasswordStatement of(byte[] bytes, int from, int end, boolean prepared) {
        if (!worthReading(bytes, from, end)) {
            return NONE;
        }
        List<List<Token>> statements = new SqlTokens(bytes, from, end).statements();
        PasswordStatement found = NONE;
        for (List<Token> statement : statements) {
            PasswordStatement one = statement(statement);
            if (!(one instanceof None)) {
                if (statements.size() > 1) {
                    // a variable read before the batch runs might be set by the batch itself
                    return new Refused(
                            one instanceof FromVariable
                                    ? "PREPARE or EXECUTE IMMEDIATE of a variable inside a multi-statement"
                                    : "a password statement inside a multi-statement");
                }
                found = one;
            }
        }
        if (prepared && !(found instanceof None) && !(found instanceof FromVariable)) {
            return new Refused("preparing a password statement");
        }
        return found;
    }

    /** Whether the text starts with one of {@link #FIRST_WORDS} (or a comment) or holds a {@code ;}. */
    private static boolean worthReading(byte[] bytes, int from, int end) {
        int at = from;
        while (at < end && (bytes[at] == ' ' || bytes[at] == '\t' || bytes[at] == '\n' || bytes[at] == '\r')) {
            at++;
        }
        if (at < end && (bytes[at] == '/' || bytes[at] == '#' || bytes[at] == '-')) {
            return true;
        }
        for (String word : FIRST_WORDS) {
            if (startsWithWord(bytes, at, end, word)) {
                return true;
            }
        }
        for (int i = at; i < end; i++) {
            if (bytes[i] == ';') {
                return true;
            }
        }
        return false;
    }

    private static boolean startsWithWord(byte[] bytes, int at, int end, String upper) {
        int n = upper.length();
        if (end - at < n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if ((bytes[at + i] & 0xDF) != upper.charAt(i)) {
                return false;
            }
        }
        return true; // a longer word (SETTINGS) only costs a closer look
    }

    private static PasswordStatement statement(List<Token> tokens) {
        Token first = tokens.get(0);
        if (first.is("SET")) {
            return set(tokens);
        }
        if (first.is("ALTER") && tokens.size() > 1 && tokens.get(1).is("USER")) {
            return alterUser(tokens);
        }
        if (first.is("GRANT") && tokens.stream().anyMatch(t -> t.is("IDENTIFIED"))) {
            return new Refused("GRANT ... IDENTIFIED");
        }
        if (first.is("PREPARE")) {
            // PREPARE name FROM 'text' | @variable; anything else is an expression
            return tokens.size() > 3 && tokens.get(2).is("FROM") ? dynamic(tokens, 3, false) : NONE;
        }
        if (first.is("EXECUTE") && tokens.size() > 2 && tokens.get(1).is("IMMEDIATE")) {
            // EXECUTE IMMEDIATE 'text' | @variable [USING …]
            return dynamic(tokens, 2, true);
        }
        return NONE;
    }

    /**
     * The statement text of a PREPARE or EXECUTE IMMEDIATE, from {@code tokens[at]}: a string literal
     * (read here), a user variable (read on the backend), or any other expression (refused: a
     * function or a concatenation would have to run to be known, and may do more than give a text).
     */
    private static PasswordStatement dynamic(List<Token> tokens, int at, boolean using) {
        int end = tokens.size();
        if (using) {
            for (int i = at; i < tokens.size(); i++) {
                if (tokens.get(i).is("USING")) {
                    end = i;
                    break;
                }
            }
        }
        if (end == at + 1 && tokens.get(at).kind() == Kind.STRING) {
            return inString(tokens.get(at));
        }
        if (end == at + 2 && tokens.get(at).isSymbol('@') && tokens.get(at + 1).kind() != Kind.SYMBOL) {
            return new FromVariable(tokens.get(at + 1).text());
        }
        return new Refused("PREPARE or EXECUTE IMMEDIATE of an expression other than a literal or a user variable");
    }

    private static PasswordStatement inString(Token token) {
        if (token.kind() != Kind.STRING) {
            return NONE;
        }
        byte[] text = token.text().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        PasswordStatement inner = of(text, 0, text.length, true);
        return inner instanceof None ? NONE : new Refused("PREPARE or EXECUTE IMMEDIATE of a password statement");
    }

    /** {@code SET PASSWORD [FOR whom] = value}; any other SET that names PASSWORD = or PASSWORD FOR is refused. */
    private static PasswordStatement set(List<Token> tokens) {
        Cursor c = new Cursor(tokens, 1);
        if (c.word("PASSWORD") && (c.peekSymbol('=') || c.peekWord("FOR"))) {
            Optional<PasswordChange> change = c.setPassword();
            return change.<PasswordStatement>map(Change::new).orElseGet(() -> new Refused("this form of SET PASSWORD"));
        }
        for (int i = 1; i + 1 < tokens.size(); i++) {
            Token next = tokens.get(i + 1);
            boolean variable = tokens.get(i - 1).isSymbol('@'); // SET @password = …
            if (tokens.get(i).is("PASSWORD") && !variable && (next.isSymbol('=') || next.is("FOR"))) {
                return new Refused("SET PASSWORD with other SET statements");
            }
        }
        return NONE;
    }

    private static PasswordStatement alterUser(List<Token> tokens) {
        Optional<PasswordChange> change = new Cursor(tokens, 2).alterUser();
        return change.<PasswordStatement>map(Change::new)
                .orElseGet(() -> new Refused("ALTER USER other than ALTER USER CURRENT_USER() IDENTIFIED BY '...'"));
    }

    /** Reads the two forms the gateway carries out, token by token; empty at anything else. */
    final class Cursor {
        private final List<Token> tokens;
        private int at;

        Cursor(List<Token> tokens, int at) {
            this.tokens = tokens;
            this.at = at;
        }

        /** After SET PASSWORD: {@code [FOR whom] = 'x' | PASSWORD('x')}, the end. */
        Optional<PasswordChange> setPassword() {
            Optional<PasswordChange.Target> whom = word("FOR") ? target() : Optional.of(PasswordChange.Target.OWN);
            if (whom.isEmpty()) {
                return Optional.empty();
            }
            PasswordChange.Target target = whom.get();
            if (!symbol('=')) {
                return Optional.empty();
            }
            Optional<PasswordChange.NewPassword> password;
            if (word("PASSWORD")) {
                password = symbol('(')
                        ? string().filter(s -> symbol(')')).map(PasswordChange.NewPassword.Cleartext::new)
                        : Optional.empty();
            } else {
                password = string().map(s -> new PasswordChange.NewPassword.Literal(s, false));
            }
            return password.filter(p -> atEnd())
                    .map(p -> new PasswordChange(PasswordChange.Statement.SET_PASSWORD, target, p));
        }

        /** After ALTER USER: {@code whom IDENTIFIED BY [PASSWORD] 'x'}, the end. */
        Optional<PasswordChange> alterUser() {
            Optional<PasswordChange.Target> whom = target();
            if (whom.isEmpty() || !word("IDENTIFIED") || !word("BY")) {
                return Optional.empty();
            }
            boolean hash = word("PASSWORD");
            Optional<Secret> value = string();
            if (value.isEmpty() || !atEnd()) {
                return Optional.empty();
            }
            PasswordChange.NewPassword password = hash
                    ? new PasswordChange.NewPassword.Literal(value.get(), true)
                    : new PasswordChange.NewPassword.Cleartext(value.get());
            return Optional.of(new PasswordChange(PasswordChange.Statement.ALTER_USER, whom.get(), password));
        }

        /** {@code CURRENT_USER[()]}, {@code USER()}, or {@code name[@host]}, each part a word, string or identifier. */
        Optional<PasswordChange.Target> target() {
            if (word("CURRENT_USER")) {
                if (symbol('(') && !symbol(')')) {
                    return Optional.empty();
                }
                return Optional.of(PasswordChange.Target.OWN);
            }
            if (peekWord("USER")
                    && at + 2 < tokens.size()
                    && tokens.get(at + 1).isSymbol('(')
                    && tokens.get(at + 2).isSymbol(')')) {
                at += 3;
                return Optional.of(PasswordChange.Target.OWN);
            }
            Optional<String> user = name();
            if (user.isEmpty()) {
                return Optional.empty();
            }
            if (!symbol('@')) {
                return Optional.of(new PasswordChange.Target.Named(user.get(), Optional.empty()));
            }
            return name().map(host -> new PasswordChange.Target.Named(user.get(), Optional.of(host)));
        }

        private Optional<String> name() {
            if (at < tokens.size() && tokens.get(at).kind() != Kind.SYMBOL) {
                Token token = tokens.get(at);
                if (token.kind() == Kind.WORD
                        && List.of("IDENTIFIED", "FOR").contains(token.text().toUpperCase())) {
                    return Optional.empty();
                }
                at++;
                return Optional.of(token.text());
            }
            return Optional.empty();
        }

        private Optional<Secret> string() {
            if (at < tokens.size() && tokens.get(at).kind() == Kind.STRING) {
                return Optional.of(new Secret(tokens.get(at++).text()));
            }
            return Optional.empty();
        }

        boolean word(String upper) {
            if (peekWord(upper)) {
                at++;
                return true;
            }
            return false;
        }

        boolean peekWord(String upper) {
            return at < tokens.size() && tokens.get(at).is(upper);
        }

        boolean peekSymbol(char c) {
            return at < tokens.size() && tokens.get(at).isSymbol(c);
        }

        private boolean symbol(char c) {
            if (peekSymbol(c)) {
                at++;
                return true;
            }
            return false;
        }

        private boolean atEnd() {
            return at == tokens.size();
        }
    }
}
