package io.grantgate.catalog;

import static io.grantgate.catalog.GrantLevel.DATABASE;
import static io.grantgate.catalog.GrantLevel.GLOBAL;
import static io.grantgate.catalog.GrantLevel.TABLE;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The static MySQL privileges a gateway account can be granted at the global, database or table
 * level, with the levels each applies at. Names and levels follow MySQL's table of permissible
 * static privileges; MariaDB 10.11/11.x accepts the same names. Left out: column and routine
 * levels, {@code PROXY}, MySQL-only {@code CREATE ROLE} / {@code DROP ROLE} (MariaDB has no such
 * privileges), and dynamic privileges ({@code BINLOG_ADMIN}, ...).
 *
 * <p><b>Dangerous privileges.</b> A gateway account is mirrored by a backend account, and the
 * gateway's whole promise (who, from where, with what, audited, revocable) holds only while that
 * backend account cannot reach past its own grants. Some privileges break that: they create or
 * empower other accounts, read other sessions' statements, touch the server's files, stream every
 * change, or stop the server. Those carry a {@link #dangerReason()}, and {@link #parse(String)}
 * refuses them unless the caller passes {@link PrivilegePolicy#ALLOW_DANGEROUS}, so that granting
 * one is always a deliberate, visible act and never a typo in a list.
 *
 * @see <a href="https://dev.mysql.com/doc/refman/8.4/en/privileges-provided.html">Privileges Provided by MySQL</a>
 */
public enum Privilege {
    ALL_PRIVILEGES("ALL PRIVILEGES", all(), null),
    ALTER("ALTER", all(), null),
    ALTER_ROUTINE("ALTER ROUTINE", globalAndDatabase(), null),
    CREATE("CREATE", all(), null),
    CREATE_ROUTINE("CREATE ROUTINE", globalAndDatabase(), null),
    CREATE_TABLESPACE("CREATE TABLESPACE", globalOnly(), null),
    CREATE_TEMPORARY_TABLES("CREATE TEMPORARY TABLES", globalAndDatabase(), null),
    CREATE_USER(
            "CREATE USER",
            globalOnly(),
            "it lets the account create, alter and drop other accounts, including the gateway's own backend accounts"),
    CREATE_VIEW("CREATE VIEW", all(), null),
    DELETE("DELETE", all(), null),
    DROP("DROP", all(), null),
    EVENT("EVENT", globalAndDatabase(), null),
    EXECUTE("EXECUTE", globalAndDatabase(), null),
    FILE(
            "FILE",
            globalOnly(),
            "it reads and writes files on the database server's host (LOAD DATA INFILE, SELECT ... INTO OUTFILE)"),
    GRANT_OPTION(
            "GRANT OPTION", all(), "it lets the account hand its privileges to accounts the gateway does not know"),
    INDEX("INDEX", all(), null),
    INSERT("INSERT", all(), null),
    LOCK_TABLES("LOCK TABLES", globalAndDatabase(), null),
    PROCESS(
            "PROCESS",
            globalOnly(),
            "it shows every session's statements, including other accounts' queries and the values in them"),
    REFERENCES("REFERENCES", all(), null),
    RELOAD("RELOAD", globalOnly(), "it flushes privileges, logs and caches for the whole server"),
    REPLICATION_CLIENT(
            "REPLICATION CLIENT",
            globalOnly(),
            "it shows the server's binary log and replication state, which the gateway does not mediate"),
    REPLICATION_SLAVE(
            "REPLICATION SLAVE",
            globalOnly(),
            "it lets the account stream the binary log: every change to every database, past any grant"),
    SELECT("SELECT", all(), null),
    SHOW_DATABASES("SHOW DATABASES", globalOnly(), null),
    SHOW_VIEW("SHOW VIEW", all(), null),
    SHUTDOWN("SHUTDOWN", globalOnly(), "it stops the database server"),
    SUPER(
            "SUPER",
            globalOnly(),
            "it bypasses read_only and connection limits, kills other sessions and changes server-wide settings"),
    TRIGGER("TRIGGER", all(), null),
    UPDATE("UPDATE", all(), null),
    /** "No privileges": lets an account exist and log in. */
    USAGE("USAGE", all(), null);

    private final String sqlName;
    private final Set<GrantLevel> levels;
    private final String dangerReason;

    Privilege(String sqlName, Set<GrantLevel> levels, String dangerReason) {
        this.sqlName = sqlName;
        this.levels = levels;
        this.dangerReason = dangerReason;
    }

    /** The name in GRANT and REVOKE statements and in {@code account_grant.privilege}, e.g. {@code CREATE VIEW}. */
    public String sqlName() {
        return sqlName;
    }

    /** The levels MySQL accepts this privilege at. */
    public Set<GrantLevel> levels() {
        return levels;
    }

    public boolean appliesAt(GrantLevel level) {
        return levels.contains(level);
    }

    /** Why this privilege lets an account escape the gateway's model; empty when it does not. */
    public Optional<String> dangerReason() {
        return Optional.ofNullable(dangerReason);
    }

    public boolean isDangerous() {
        return dangerReason != null;
    }

    /** The privilege stored as {@code sqlName} in the catalog: exact, case-sensitive, no policy. */
    public static Privilege fromSqlName(String sqlName) {
        return Arrays.stream(values())
                .filter(p -> p.sqlName.equals(sqlName))
                .findFirst()
                .orElseThrow(() -> unknown(sqlName));
    }

    /** {@link #parse(String, PrivilegePolicy)} refusing dangerous privileges. */
    public static Privilege parse(String text) {
        return parse(text, PrivilegePolicy.SAFE_ONLY);
    }

    /**
     * Admin input: case-insensitive, words separated by any whitespace ({@code create  view}),
     * {@code ALL} meaning {@code ALL PRIVILEGES}.
     */
    public static Privilege parse(String text, PrivilegePolicy policy) {
        Objects.requireNonNull(text, "privilege");
        Objects.requireNonNull(policy, "policy");
        String words = String.join(" ", text.strip().toUpperCase(Locale.ROOT).split("\\s+"));
        Privilege privilege = words.equals("ALL") ? ALL_PRIVILEGES : find(words, text);
        if (privilege.isDangerous() && policy == PrivilegePolicy.SAFE_ONLY) {
            throw new IllegalArgumentException(privilege.sqlName + " is refused because " + privilege.dangerReason
                    + "; grant it only deliberately, with the allow-dangerous option");
        }
        return privilege;
    }

    /** {@link #parseList(String, PrivilegePolicy)} refusing dangerous privileges. */
    public static Set<Privilege> parseList(String text) {
        return parseList(text, PrivilegePolicy.SAFE_ONLY);
    }

    /**
     * A comma-separated list such as {@code SELECT,insert, update}. Repeats collapse; the result
     * is in declaration order. {@code ALL} cannot be combined with other privileges, as in MySQL.
     */
    public static Set<Privilege> parseList(String text, PrivilegePolicy policy) {
        Objects.requireNonNull(text, "privileges");
        if (text.isBlank()) {
            throw new IllegalArgumentException("privilege list is empty");
        }
        EnumSet<Privilege> privileges = EnumSet.noneOf(Privilege.class);
        for (String item : text.split(",", -1)) {
            if (item.isBlank()) {
                throw new IllegalArgumentException(
                        "privilege list " + DisplayText.quoted(text) + " has an empty entry");
            }
            privileges.add(parse(item, policy));
        }
        if (privileges.contains(ALL_PRIVILEGES) && privileges.size() > 1) {
            throw new IllegalArgumentException("ALL PRIVILEGES cannot be combined with other privileges");
        }
        return Collections.unmodifiableSet(privileges);
    }

    private static Privilege find(String words, String original) {
        return Arrays.stream(values())
                .filter(p -> p.sqlName.equals(words))
                .findFirst()
                .orElseThrow(() -> unknown(original));
    }

    private static IllegalArgumentException unknown(String text) {
        String known = Arrays.stream(values()).map(Privilege::sqlName).collect(Collectors.joining(", "));
        return new IllegalArgumentException(
                "unknown privilege " + DisplayText.quoted(text) + ": expected one of " + known);
    }

    private static Set<GrantLevel> all() {
        return Collections.unmodifiableSet(EnumSet.of(GLOBAL, DATABASE, TABLE));
    }

    private static Set<GrantLevel> globalAndDatabase() {
        return Collections.unmodifiableSet(EnumSet.of(GLOBAL, DATABASE));
    }

    private static Set<GrantLevel> globalOnly() {
        return Collections.unmodifiableSet(EnumSet.of(GLOBAL));
    }
}
