package io.grantgate.provision;

import io.grantgate.account.BackendLogin;
import io.grantgate.catalog.Grant;
import io.grantgate.catalog.GrantScope;
import io.grantgate.catalog.Privilege;
import io.grantgate.provision.GrantLineTokens.Kind;
import io.grantgate.provision.GrantLineTokens.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads one line of {@code SHOW GRANTS FOR account} into the grants GrantGate models, and names
 * what it holds that GrantGate does not model, so that such a privilege is reported rather than
 * silently dropped. The line has the form
 * <pre>GRANT priv[, priv ...] ON scope TO `user`@`host` [IDENTIFIED BY PASSWORD '...'] [WITH GRANT OPTION ...]</pre>
 * on both servers (MariaDB adds the IDENTIFIED clause to the global line). Read as follows:
 * <ul>
 *   <li>{@code USAGE} grants nothing; {@code WITH GRANT OPTION} adds {@link Privilege#GRANT_OPTION}
 *       on the scope. Privilege names are read in either server's spelling
 *       ({@link Privilege#fromServerName}): MariaDB's {@code CONNECTION ADMIN} and MySQL's
 *       {@code CONNECTION_ADMIN} are the same privilege, and MariaDB's {@code BINLOG MONITOR} is
 *       what it shows for a granted {@code REPLICATION CLIENT}. MySQL prints dynamic privileges
 *       on a line of their own, comma-separated without spaces.</li>
 *   <li>A database-level name is a pattern: {@link GrantScope#toSql()} writes {@code my\_db}, so
 *       {@code \_} and {@code \%} are read back as {@code _} and {@code %}. An unescaped {@code _}
 *       or {@code %} is a wildcard grant GrantGate never makes, and is reported. Table-level names
 *       are literal.</li>
 *   <li>Reported, not read: role grants, column and routine privileges, {@code PROXY}, privileges
 *       the {@link Privilege} enum lacks (plugins' dynamic privileges such as
 *       {@code FIREWALL_ADMIN}, privileges of later server versions, ...), lines naming another account, and anything else.</li>
 * </ul>
 * A report quotes the line only up to its {@code TO}, where a password hash may follow, with
 * control and format characters escaped.
 */
final class GrantLine {

    /** What one line holds: the grants read, and descriptions of what could not be read. */
    record Content(List<Grant> grants, List<String> unrecognised) {

        Content {
            grants = List.copyOf(grants);
            unrecognised = List.copyOf(unrecognised);
        }
    }

    /** MySQL writes {@code ALL} where it means {@code ALL PRIVILEGES} in some lines. */
    private static final Map<String, Privilege> ALIASES = Map.of("ALL", Privilege.ALL_PRIVILEGES);

    private final String line;
    private final List<Token> tokens;
    private final BackendLogin login;
    private int pos;

    private GrantLine(String line, List<Token> tokens, BackendLogin login) {
        this.line = line;
        this.tokens = tokens;
        this.login = login;
    }

    static Content read(String line, BackendLogin login) {
        List<Token> tokens;
        try {
            tokens = GrantLineTokens.of(line);
        } catch (IllegalArgumentException e) {
            int to = line.toUpperCase(Locale.ROOT).indexOf(" TO ");
            return new Content(List.of(), List.of(ServerMessages.visible(to < 0 ? line : line.substring(0, to))));
        }
        return new GrantLine(line, tokens, login).content();
    }

    private Content content() {
        if (!accept("GRANT")) {
            return unrecognised();
        }
        List<String> privileges = privilegeNames();
        if (privileges == null || !accept("ON") || isRoutine()) {
            return unrecognised();
        }
        accept("TABLE");
        int scopeStart = pos;
        Optional<GrantScope> scope = scope();
        String scopeText = scopeStart < pos
                ? line.substring(
                        tokens.get(scopeStart).start(), tokens.get(pos - 1).end())
                : "";
        if (!accept("TO") || !isOurAccount()) {
            return unrecognised();
        }
        if (scope.isEmpty()) {
            String shown = ServerMessages.visible(String.join(", ", privileges) + " ON " + scopeText);
            return new Content(List.of(), List.of(shown));
        }
        List<Grant> grants = new ArrayList<>();
        List<String> unrecognised = new ArrayList<>();
        for (String name : privileges) {
            if (!name.equals("USAGE")) {
                grant(name, scope.get())
                        .ifPresentOrElse(
                                grants::add, () -> unrecognised.add(ServerMessages.visible(name + " ON " + scopeText)));
            }
        }
        if (withGrantOption()) {
            grants.add(new Grant(Privilege.GRANT_OPTION, scope.get()));
        }
        return new Content(grants, unrecognised);
    }

    /** The comma-separated privilege names before ON, upper case; null for a role or column grant. */
    private List<String> privilegeNames() {
        List<String> names = new ArrayList<>();
        do {
            List<String> words = new ArrayList<>();
            while (pos < tokens.size() && tokens.get(pos).kind() == Kind.WORD && !peekWord("ON") && !peekWord("TO")) {
                words.add(tokens.get(pos++).text().toUpperCase(Locale.ROOT));
            }
            if (words.isEmpty() || peekSymbol('(')) {
                return null;
            }
            names.add(String.join(" ", words));
        } while (acceptSymbol(','));
        return names;
    }

    private Optional<GrantScope> scope() {
        String db = scopePart();
        if (db == null || !acceptSymbol('.')) {
            return Optional.empty();
        }
        String table = scopePart();
        if (table == null) {
            return Optional.empty();
        }
        try {
            if (db.equals("*")) {
                return table.equals("*") ? Optional.of(GrantScope.global()) : Optional.empty();
            }
            if (table.equals("*")) {
                return DatabasePattern.literal(db).map(GrantScope::database);
            }
            return Optional.of(GrantScope.table(db, table));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // a name GrantGate refuses, so not one it granted on
        }
    }

    /** {@code *}, or a quoted or bare name; null when the token is neither. */
    private String scopePart() {
        if (acceptSymbol('*')) {
            return "*";
        }
        if (pos < tokens.size()
                && (tokens.get(pos).kind() == Kind.NAME || tokens.get(pos).kind() == Kind.WORD)) {
            return tokens.get(pos++).text();
        }
        return null;
    }

    private boolean isOurAccount() {
        String user = accountPart();
        if (user == null || !acceptSymbol('@')) {
            return false;
        }
        String host = accountPart();
        // the servers store host names in lower case; the user part is compared exactly
        return user.equals(login.user()) && host != null && host.equalsIgnoreCase(login.host());
    }

    private String accountPart() {
        if (pos < tokens.size() && tokens.get(pos).kind() != Kind.SYMBOL) {
            return tokens.get(pos++).text();
        }
        return null;
    }

    /** WITH GRANT OPTION, anywhere after the account: MariaDB may put IDENTIFIED ... before it. */
    private boolean withGrantOption() {
        for (int i = pos; i + 1 < tokens.size(); i++) {
            if (tokens.get(i).isWord("GRANT") && tokens.get(i + 1).isWord("OPTION")) {
                return true;
            }
        }
        return false;
    }

    private static Optional<Grant> grant(String name, GrantScope scope) {
        Privilege privilege = ALIASES.get(name);
        try {
            return Optional.ofNullable(privilege)
                    .or(() -> Privilege.fromServerName(name))
                    .map(p -> new Grant(p, scope));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // not at this level
        }
    }

    /** The whole line as unrecognised, shown up to its TO (or FROM) and no further. */
    private Content unrecognised() {
        int end = line.length();
        for (Token token : tokens) {
            if (token.isWord("TO") || token.isWord("FROM")) {
                end = token.start();
                break;
            }
        }
        return new Content(List.of(), List.of(ServerMessages.visible(line.substring(0, end))));
    }

    private boolean isRoutine() {
        return peekWord("FUNCTION") || peekWord("PROCEDURE") || peekWord("PACKAGE");
    }

    private boolean accept(String word) {
        if (peekWord(word)) {
            pos++;
            return true;
        }
        return false;
    }

    private boolean peekWord(String word) {
        return pos < tokens.size() && tokens.get(pos).isWord(word);
    }

    private boolean acceptSymbol(char symbol) {
        if (peekSymbol(symbol)) {
            pos++;
            return true;
        }
        return false;
    }

    private boolean peekSymbol(char symbol) {
        return pos < tokens.size() && tokens.get(pos).isSymbol(symbol);
    }
}
