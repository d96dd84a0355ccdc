package io.grantgate.catalog;

import static io.grantgate.catalog.GrantLevel.DATABASE;
import static io.grantgate.catalog.GrantLevel.GLOBAL;
import static io.grantgate.catalog.GrantLevel.TABLE;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The privileges a gateway account can be granted at the global, database or table level, with the
 * levels each applies at: the static privileges both servers share, MariaDB 10.5+'s own
 * ({@code DELETE HISTORY}, {@code SET USER}, ...), and MySQL 8's {@code CREATE ROLE}, {@code DROP
 * ROLE} and dynamic privileges ({@code SYSTEM_VARIABLES_ADMIN}, ...). Each knows its name on each
 * server ({@link #mysqlName()}, {@link #mariaDbName()}); the three both servers have under
 * different spellings ({@code CONNECTION ADMIN} / {@code CONNECTION_ADMIN}, {@code BINLOG ADMIN},
 * {@code REPLICATION SLAVE ADMIN}) are one constant, written in the backend's spelling. Left out:
 * column and routine levels, {@code PROXY}, and privileges only plugins or NDB register
 * ({@code FIREWALL_ADMIN}, {@code NDB_STORED_USER}, ...).
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
    ALL_PRIVILEGES(same("ALL PRIVILEGES"), all(), null),
    ALTER(same("ALTER"), all(), null),
    ALTER_ROUTINE(same("ALTER ROUTINE"), globalAndDatabase(), null),
    CREATE(same("CREATE"), all(), null),
    CREATE_ROUTINE(same("CREATE ROUTINE"), globalAndDatabase(), null),
    CREATE_TABLESPACE(same("CREATE TABLESPACE"), globalOnly(), null),
    CREATE_TEMPORARY_TABLES(same("CREATE TEMPORARY TABLES"), globalAndDatabase(), null),
    CREATE_USER(
            same("CREATE USER"),
            globalOnly(),
            "it lets the account create, alter and drop other accounts, including the gateway's own backend accounts"),
    CREATE_VIEW(same("CREATE VIEW"), all(), null),
    DELETE(same("DELETE"), all(), null),
    DROP(same("DROP"), all(), null),
    EVENT(same("EVENT"), globalAndDatabase(), null),
    EXECUTE(same("EXECUTE"), globalAndDatabase(), null),
    FILE(
            same("FILE"),
            globalOnly(),
            "it reads and writes files on the database server's host (LOAD DATA INFILE, SELECT ... INTO OUTFILE)"),
    GRANT_OPTION(
            same("GRANT OPTION"),
            all(),
            "it lets the account hand its privileges to accounts the gateway does not know"),
    INDEX(same("INDEX"), all(), null),
    INSERT(same("INSERT"), all(), null),
    LOCK_TABLES(same("LOCK TABLES"), globalAndDatabase(), null),
    PROCESS(
            same("PROCESS"),
            globalOnly(),
            "it shows every session's statements, including other accounts' queries and the values in them"),
    REFERENCES(same("REFERENCES"), all(), null),
    RELOAD(same("RELOAD"), globalOnly(), "it flushes privileges, logs and caches for the whole server"),
    /**
     * MariaDB 10.5 renamed it BINLOG MONITOR and prints that name; it still accepts this one, which
     * 10.4 also knows, so statements keep it.
     */
    REPLICATION_CLIENT(
            same("REPLICATION CLIENT", "BINLOG MONITOR"),
            globalOnly(),
            "it shows the server's binary log and replication state, which the gateway does not mediate"),
    REPLICATION_SLAVE(
            same("REPLICATION SLAVE"),
            globalOnly(),
            "it lets the account stream the binary log: every change to every database, past any grant"),
    SELECT(same("SELECT"), all(), null),
    SHOW_DATABASES(same("SHOW DATABASES"), globalOnly(), null),
    SHOW_VIEW(same("SHOW VIEW"), all(), null),
    SHUTDOWN(same("SHUTDOWN"), globalOnly(), "it stops the database server"),
    SUPER(
            same("SUPER"),
            globalOnly(),
            "it bypasses read_only and connection limits, kills other sessions and changes server-wide settings"),
    TRIGGER(same("TRIGGER"), all(), null),
    UPDATE(same("UPDATE"), all(), null),
    /** "No privileges": lets an account exist and log in. */
    USAGE(same("USAGE"), all(), null),

    // Both servers, spelled differently: MariaDB with spaces, MySQL (a dynamic privilege) with underscores.
    BINLOG_ADMIN(
            spelled("BINLOG ADMIN", "BINLOG_ADMIN"),
            globalOnly(),
            "it purges the binary log and changes its server-wide settings, which replicas and backups rely on"),
    CONNECTION_ADMIN(
            spelled("CONNECTION ADMIN", "CONNECTION_ADMIN"),
            globalOnly(),
            "it kills other accounts' sessions and ignores the server's connection limits and read_only"),
    REPLICATION_SLAVE_ADMIN(
            spelled("REPLICATION SLAVE ADMIN", "REPLICATION_SLAVE_ADMIN"),
            globalOnly(),
            "it starts, stops and repoints replication, which writes to every database past any grant"),

    // MariaDB 10.5+ only.
    BINLOG_REPLAY(
            mariaDbOnly("BINLOG REPLAY"),
            globalOnly(),
            "it replays binary log events (BINLOG '...'), which apply changes as their original accounts"),
    /** Removes history rows of system-versioned tables the account can reach: within its own grants. */
    DELETE_HISTORY(mariaDbOnly("DELETE HISTORY"), all(), null),
    FEDERATED_ADMIN(
            mariaDbOnly("FEDERATED ADMIN"),
            globalOnly(),
            "it defines servers for FEDERATED and CONNECT tables, connections to other databases the gateway never sees"),
    READ_ONLY_ADMIN(
            mariaDbOnly("READ_ONLY ADMIN", "READ ONLY ADMIN"),
            globalOnly(),
            "it writes while the server is read_only and may switch read_only itself, for every account"),
    REPLICATION_MASTER_ADMIN(
            mariaDbOnly("REPLICATION MASTER ADMIN"),
            globalOnly(),
            "it shows and controls the replicas connected to this server"),
    SET_USER(
            mariaDbOnly("SET USER"),
            globalOnly(),
            "it names any account as DEFINER of views, routines, triggers and events, which then run with that account's privileges"),
    SLAVE_MONITOR(
            mariaDbOnly("SLAVE MONITOR", "REPLICA MONITOR"),
            globalOnly(),
            "it shows replication state (SHOW REPLICA STATUS, SHOW RELAYLOG EVENTS), including other accounts' changes"),
    /**
     * MariaDB 11.3+: at database level it shows the bodies of that database's routines, within the
     * account's grants; on {@code *.*} every database's, see {@link Grant#dangerReason()}.
     */
    SHOW_CREATE_ROUTINE(mariaDbOnly("SHOW CREATE ROUTINE"), globalAndDatabase(), null),

    // MySQL 8.0+ only: the static CREATE ROLE, DROP ROLE and the dynamic privileges, global only.
    CREATE_ROLE(
            mysqlOnly("CREATE ROLE"),
            globalOnly(),
            "it creates roles, which are locked accounts other accounts' privileges can be routed through"),
    DROP_ROLE(mysqlOnly("DROP ROLE"), globalOnly(), "it drops roles and, since roles are accounts, other accounts"),
    ALLOW_NONEXISTENT_DEFINER(
            mysqlOnly("ALLOW_NONEXISTENT_DEFINER"),
            globalOnly(),
            "it creates objects whose DEFINER does not exist yet, to run with that account's privileges once it does"),
    APPLICATION_PASSWORD_ADMIN(
            mysqlOnly("APPLICATION_PASSWORD_ADMIN"),
            globalOnly(),
            "it keeps a second password on the backend account, one the account chose rather than the gateway's derived one"),
    AUDIT_ABORT_EXEMPT(
            mysqlOnly("AUDIT_ABORT_EXEMPT"),
            globalOnly(),
            "it runs statements the server's audit log filters would abort"),
    AUDIT_ADMIN(mysqlOnly("AUDIT_ADMIN"), globalOnly(), "it configures the server's audit log, for every account"),
    AUTHENTICATION_POLICY_ADMIN(
            mysqlOnly("AUTHENTICATION_POLICY_ADMIN"),
            globalOnly(),
            "it changes the server-wide authentication policy and accounts' authentication factors"),
    BACKUP_ADMIN(
            mysqlOnly("BACKUP_ADMIN"),
            globalOnly(),
            "it blocks writes server-wide (LOCK INSTANCE FOR BACKUP) for backups of every database"),
    BINLOG_ENCRYPTION_ADMIN(
            mysqlOnly("BINLOG_ENCRYPTION_ADMIN"),
            globalOnly(),
            "it switches and rotates binary log encryption server-wide"),
    CLONE_ADMIN(
            mysqlOnly("CLONE_ADMIN"),
            globalOnly(),
            "it replaces this server's data with a clone of another server, or copies every database out"),
    ENCRYPTION_KEY_ADMIN(
            mysqlOnly("ENCRYPTION_KEY_ADMIN"), globalOnly(), "it rotates the server's InnoDB encryption keys"),
    FIREWALL_EXEMPT(
            mysqlOnly("FIREWALL_EXEMPT"), globalOnly(), "it exempts the account from the server's SQL firewall"),
    FLUSH_OPTIMIZER_COSTS(
            mysqlOnly("FLUSH_OPTIMIZER_COSTS"),
            globalOnly(),
            "it reloads the optimizer cost tables for the whole server"),
    FLUSH_PRIVILEGES(
            mysqlOnly("FLUSH_PRIVILEGES"),
            globalOnly(),
            "it reloads every account's privileges from the grant tables, server-wide"),
    FLUSH_STATUS(mysqlOnly("FLUSH_STATUS"), globalOnly(), "it resets the whole server's status counters"),
    FLUSH_TABLES(
            mysqlOnly("FLUSH_TABLES"),
            globalOnly(),
            "it flushes and may lock every table (FLUSH TABLES WITH READ LOCK), blocking every account"),
    FLUSH_USER_RESOURCES(
            mysqlOnly("FLUSH_USER_RESOURCES"), globalOnly(), "it resets every account's resource-limit counters"),
    GROUP_REPLICATION_ADMIN(
            mysqlOnly("GROUP_REPLICATION_ADMIN"), globalOnly(), "it starts, stops and reconfigures group replication"),
    GROUP_REPLICATION_STREAM(
            mysqlOnly("GROUP_REPLICATION_STREAM"),
            globalOnly(),
            "it opens group replication's connections, which carry every change to every database"),
    INNODB_REDO_LOG_ARCHIVE(
            mysqlOnly("INNODB_REDO_LOG_ARCHIVE"),
            globalOnly(),
            "it archives the redo log, every change to every database, to a directory on the server's host"),
    INNODB_REDO_LOG_ENABLE(
            mysqlOnly("INNODB_REDO_LOG_ENABLE"),
            globalOnly(),
            "it disables the redo log server-wide, which gives up crash safety for every database"),
    OPTIMIZE_LOCAL_TABLE(
            mysqlOnly("OPTIMIZE_LOCAL_TABLE"),
            globalOnly(),
            "it runs table maintenance kept out of the binary log, so replicas and binlog-based backups never see it"),
    PASSWORDLESS_USER_ADMIN(
            mysqlOnly("PASSWORDLESS_USER_ADMIN"),
            globalOnly(),
            "it creates and changes passwordless accounts and replicates them"),
    PERSIST_RO_VARIABLES_ADMIN(
            mysqlOnly("PERSIST_RO_VARIABLES_ADMIN"),
            globalOnly(),
            "it persists read-only server settings, applied at the next restart"),
    REPLICATION_APPLIER(
            mysqlOnly("REPLICATION_APPLIER"),
            globalOnly(),
            "it applies replicated changes (and BINLOG statements) as a replication channel's privileged account"),
    RESOURCE_GROUP_ADMIN(
            mysqlOnly("RESOURCE_GROUP_ADMIN"),
            globalOnly(),
            "it creates resource groups and moves any account's threads between them"),
    /** Puts the account's own threads in an existing resource group: nothing beyond its own session. */
    RESOURCE_GROUP_USER(mysqlOnly("RESOURCE_GROUP_USER"), globalOnly(), null),
    ROLE_ADMIN(
            mysqlOnly("ROLE_ADMIN"), globalOnly(), "it grants and revokes any role, to any account, including its own"),
    SENSITIVE_VARIABLES_OBSERVER(
            mysqlOnly("SENSITIVE_VARIABLES_OBSERVER"),
            globalOnly(),
            "it reads sensitive server settings, such as keys and passwords in system variables"),
    SERVICE_CONNECTION_ADMIN(
            mysqlOnly("SERVICE_CONNECTION_ADMIN"),
            globalOnly(),
            "it connects through the administrative connection interface, past the connection limits"),
    SESSION_VARIABLES_ADMIN(
            mysqlOnly("SESSION_VARIABLES_ADMIN"),
            globalOnly(),
            "it sets restricted session variables such as sql_log_bin, keeping its changes out of the binary log"),
    SET_ANY_DEFINER(
            mysqlOnly("SET_ANY_DEFINER"),
            globalOnly(),
            "it names any account as DEFINER of views, routines, triggers and events, which then run with that account's privileges"),
    /** MySQL 8.0 only: 8.4 replaced it with SET_ANY_DEFINER and ALLOW_NONEXISTENT_DEFINER. */
    SET_USER_ID(
            mysqlOnly("SET_USER_ID"),
            globalOnly(),
            "it names any account as DEFINER of views and routines, which then run with that account's privileges"),
    SHOW_ROUTINE(
            mysqlOnly("SHOW_ROUTINE"),
            globalOnly(),
            "it shows the bodies of every routine in every database, including ones the account has no grant on"),
    SKIP_QUERY_REWRITE(
            mysqlOnly("SKIP_QUERY_REWRITE"),
            globalOnly(),
            "it lets the account's statements skip the server's query rewrite rules"),
    SYSTEM_USER(
            mysqlOnly("SYSTEM_USER"),
            globalOnly(),
            "it makes the account a system account, which regular administrators can no longer change or kill"),
    SYSTEM_VARIABLES_ADMIN(
            mysqlOnly("SYSTEM_VARIABLES_ADMIN"),
            globalOnly(),
            "it changes and persists server-wide settings (SET GLOBAL, SET PERSIST) for every account"),
    TABLE_ENCRYPTION_ADMIN(
            mysqlOnly("TABLE_ENCRYPTION_ADMIN"),
            globalOnly(),
            "it overrides the server's default table encryption policy"),
    TELEMETRY_LOG_ADMIN(
            mysqlOnly("TELEMETRY_LOG_ADMIN"), globalOnly(), "it configures telemetry logging for the whole server"),
    TRANSACTION_GTID_TAG(
            mysqlOnly("TRANSACTION_GTID_TAG"),
            globalOnly(),
            "it sets tagged GTIDs on its transactions, which replication uses to decide what to apply"),
    XA_RECOVER_ADMIN(
            mysqlOnly("XA_RECOVER_ADMIN"), globalOnly(), "it lists and ends every account's prepared XA transactions");

    /** How the privilege is named: in the catalog, by each server (absent where it lacks it), and else. */
    private record Names(String catalog, String mysql, String mariaDb, List<String> aliases) {

        /** Every name admin input and SHOW GRANTS may use for it. */
        List<String> all() {
            List<String> all = new ArrayList<>(aliases);
            all.add(catalog);
            Optional.ofNullable(mysql).ifPresent(all::add);
            Optional.ofNullable(mariaDb).ifPresent(all::add);
            return all;
        }
    }

    /** Every spelling, upper case: the catalog's, each server's and the aliases. */
    private static final Map<String, Privilege> BY_NAME = byName();

    private final String sqlName;
    private final Names names;
    private final Set<GrantLevel> levels;
    private final String dangerReason;

    Privilege(Names names, Set<GrantLevel> levels, String dangerReason) {
        this.sqlName = names.catalog();
        this.names = names;
        this.levels = levels;
        this.dangerReason = dangerReason;
    }

    /**
     * The name in {@code account_grant.privilege} and in admin output, e.g. {@code CREATE VIEW}:
     * the name both servers use, MariaDB's for the three they spell differently ({@code CONNECTION
     * ADMIN}), the server's own for the rest. Statements use {@link #mysqlName()} or
     * {@link #mariaDbName()}.
     */
    public String sqlName() {
        return sqlName;
    }

    /** The name in a MySQL 8 GRANT statement; empty when MySQL has no such privilege. */
    public Optional<String> mysqlName() {
        return Optional.ofNullable(names.mysql());
    }

    /** The name in a MariaDB GRANT statement; empty when MariaDB has no such privilege. */
    public Optional<String> mariaDbName() {
        return Optional.ofNullable(names.mariaDb());
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

    /**
     * The privilege a server names {@code name} in SHOW GRANTS (upper case, words separated by
     * single spaces), in either server's spelling or an alias such as MariaDB's {@code BINLOG
     * MONITOR}; empty for a name GrantGate does not model.
     */
    public static Optional<Privilege> fromServerName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** {@link #parse(String, PrivilegePolicy)} refusing dangerous privileges. */
    public static Privilege parse(String text) {
        return parse(text, PrivilegePolicy.SAFE_ONLY);
    }

    /**
     * Admin input: case-insensitive, words separated by any whitespace ({@code create  view}),
     * {@code ALL} meaning {@code ALL PRIVILEGES}, in either server's spelling ({@code CONNECTION
     * ADMIN} or {@code connection_admin}). Whether the backend has the privilege is checked where
     * the backend is known, when the statements are planned.
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
        return fromServerName(words).orElseThrow(() -> unknown(original));
    }

    private static Map<String, Privilege> byName() {
        Map<String, Privilege> byName = new HashMap<>();
        for (Privilege privilege : values()) {
            for (String name : privilege.names.all()) {
                Privilege clash = byName.put(name, privilege);
                if (clash != null && clash != privilege) {
                    throw new IllegalStateException(name + " names both " + clash + " and " + privilege);
                }
            }
        }
        return Map.copyOf(byName);
    }

    private static Names same(String name, String... aliases) {
        return new Names(name, name, name, List.of(aliases));
    }

    private static Names spelled(String mariaDb, String mysql) {
        return new Names(mariaDb, mysql, mariaDb, List.of());
    }

    private static Names mariaDbOnly(String name, String... aliases) {
        return new Names(name, null, name, List.of(aliases));
    }

    private static Names mysqlOnly(String name) {
        return new Names(name, name, null, List.of());
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
