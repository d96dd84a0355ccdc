package io.grantgate.provision;

import io.grantgate.account.BackendLogin;
import io.grantgate.account.SqlQuoting;
import io.grantgate.auth.Secret;
import io.grantgate.catalog.Grant;
import io.grantgate.catalog.GrantLevel;
import io.grantgate.catalog.GrantScope;
import io.grantgate.catalog.ObjectName;
import io.grantgate.catalog.Privilege;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The SQL that creates, changes and drops backend accounts, in the backend's dialect. Plans only:
 * nothing here runs a statement ({@link BackendExecutor} does). Everything goes through
 * {@code CREATE USER}, {@code ALTER USER}, {@code GRANT}, {@code REVOKE} and {@code DROP USER},
 * never through writes to the {@code mysql.*} tables, so the server validates and caches each
 * change itself. Names are quoted by {@link BackendLogin#sql()}, {@link GrantScope#toSql()} and
 * {@link SqlQuoting}; statements that set a password show {@code '<derived secret>'} instead.
 */
public final class BackendStatements {

    // lambdas: GrantScope::table would be ambiguous between the accessor and the static factory
    private static final Comparator<GrantScope> SCOPE_ORDER = Comparator.comparing((GrantScope scope) -> scope.level())
            .thenComparing(scope -> scope.db())
            .thenComparing(scope -> scope.table());

    /**
     * For a privilege the backend lacks, the other server's privilege that does nearly the same,
     * named in the refusal so the admin need not look it up.
     */
    private static final Map<Privilege, Privilege> NEAREST = Map.of(
            Privilege.SET_USER, Privilege.SET_ANY_DEFINER,
            Privilege.SET_ANY_DEFINER, Privilege.SET_USER,
            Privilege.SET_USER_ID, Privilege.SET_USER,
            Privilege.SHOW_CREATE_ROUTINE, Privilege.SHOW_ROUTINE,
            Privilege.SHOW_ROUTINE, Privilege.SHOW_CREATE_ROUTINE,
            Privilege.SLAVE_MONITOR, Privilege.REPLICATION_CLIENT,
            Privilege.REPLICATION_MASTER_ADMIN, Privilege.REPLICATION_SLAVE_ADMIN,
            Privilege.READ_ONLY_ADMIN, Privilege.CONNECTION_ADMIN,
            Privilege.SYSTEM_VARIABLES_ADMIN, Privilege.SUPER);

    private final Dialect dialect;

    public BackendStatements(Dialect dialect) {
        this.dialect = Objects.requireNonNull(dialect, "dialect");
    }

    public Dialect dialect() {
        return dialect;
    }

    /**
     * Creates the account if it is missing, then sets its plugin and password in a second
     * statement, so that an account that already exists (a retry, or one changed by hand) ends
     * with the right ones too. Neither touches the account's grants or lock state.
     */
    public List<BackendStatement> create(BackendLogin login, Secret password) {
        return List.of(identified("CREATE USER IF NOT EXISTS " + login.sql(), password), setPassword(login, password));
    }

    /**
     * MySQL: {@code ALTER USER ... IDENTIFIED WITH caching_sha2_password BY '...'}; MariaDB:
     * {@code ALTER USER ... IDENTIFIED VIA mysql_native_password USING PASSWORD('...')}.
     */
    public BackendStatement setPassword(BackendLogin login, Secret password) {
        return identified("ALTER USER " + login.sql(), password);
    }

    /**
     * One {@code GRANT} per scope, scopes in the order global, database, table, then by name.
     * {@code GRANT OPTION} becomes {@code WITH GRANT OPTION}; {@code ALL PRIVILEGES} stands alone,
     * as the grammar requires and as it includes the rest; {@code USAGE} grants nothing and is left
     * out, so a scope holding nothing else yields no statement. Privileges are written in the
     * backend's spelling ({@code CONNECTION_ADMIN} on MySQL, {@code CONNECTION ADMIN} on MariaDB).
     * Refuses a privilege the backend does not have (see {@link #checkBackendHas}) and a
     * database-level scope whose escaped name would not fit the server's 64 characters (see
     * {@link #checkPatternFits}).
     */
    public List<BackendStatement> grant(BackendLogin login, Collection<Grant> grants) {
        Objects.requireNonNull(login, "login");
        List<BackendStatement> statements = new ArrayList<>();
        byScope(grants).forEach((scope, privileges) -> {
            boolean grantOption = privileges.remove(Privilege.GRANT_OPTION);
            if (privileges.isEmpty() && !grantOption) {
                return;
            }
            String list = privileges.isEmpty() ? "USAGE" : names(privileges);
            statements.add(BackendStatement.of("GRANT " + list + " ON " + scope.toSql() + " TO " + login.sql()
                    + (grantOption ? " WITH GRANT OPTION" : "")));
        });
        return List.copyOf(statements);
    }

    /**
     * {@code REVOKE} per scope, in the same order and with the same rules as {@link #grant}.
     * {@code GRANT OPTION} is revoked in the list, except beside {@code ALL PRIVILEGES}, which
     * the grammar wants alone: then it takes a second statement. The server refuses to revoke
     * from a scope where the account holds nothing (errors 1141 and 1147), so revoke what
     * {@link BackendGrants#read} reports as held. Refuses the same scopes {@link #grant} does.
     */
    public List<BackendStatement> revoke(BackendLogin login, Collection<Grant> grants) {
        Objects.requireNonNull(login, "login");
        List<BackendStatement> statements = new ArrayList<>();
        byScope(grants).forEach((scope, privileges) -> {
            String from = " ON " + scope.toSql() + " FROM " + login.sql();
            if (privileges.contains(Privilege.ALL_PRIVILEGES)) {
                statements.add(BackendStatement.of("REVOKE ALL PRIVILEGES" + from));
                if (privileges.contains(Privilege.GRANT_OPTION)) {
                    statements.add(BackendStatement.of("REVOKE GRANT OPTION" + from));
                }
            } else if (!privileges.isEmpty()) {
                statements.add(BackendStatement.of("REVOKE " + names(privileges) + from));
            }
        });
        return List.copyOf(statements);
    }

    /** Takes every privilege at every level, leaving the account with USAGE only. */
    public BackendStatement revokeAll(BackendLogin login) {
        return BackendStatement.of("REVOKE ALL PRIVILEGES, GRANT OPTION FROM " + login.sql());
    }

    /** Refuses new logins; sessions already open stay (the gateway ends those itself). */
    public BackendStatement lock(BackendLogin login) {
        return BackendStatement.of("ALTER USER " + login.sql() + " ACCOUNT LOCK");
    }

    public BackendStatement unlock(BackendLogin login) {
        return BackendStatement.of("ALTER USER " + login.sql() + " ACCOUNT UNLOCK");
    }

    /** Drops the account and all its grants; does nothing when it does not exist. */
    public BackendStatement drop(BackendLogin login) {
        return BackendStatement.of("DROP USER IF EXISTS " + login.sql());
    }

    private BackendStatement identified(String head, Secret password) {
        Objects.requireNonNull(password, "password");
        String plugin = dialect.backendAuthPlugin().pluginName();
        String[] around = switch (dialect) {
            case MYSQL -> new String[] {head + " IDENTIFIED WITH " + plugin + " BY ", ""};
            case MARIADB -> new String[] {head + " IDENTIFIED VIA " + plugin + " USING PASSWORD(", ")"};
        };
        return new BackendStatement(
                around[0] + SqlQuoting.literal(password.reveal()) + around[1],
                around[0] + BackendStatement.SECRET_PLACEHOLDER + around[1]);
    }

    /** Privileges by scope, USAGE left out, ALL PRIVILEGES standing for every other privilege but GRANT OPTION. */
    private Map<GrantScope, Set<Privilege>> byScope(Collection<Grant> grants) {
        Objects.requireNonNull(grants, "grants");
        Map<GrantScope, Set<Privilege>> byScope = new TreeMap<>(SCOPE_ORDER);
        for (Grant grant : grants) {
            Objects.requireNonNull(grant, "grant");
            checkBackendHas(grant.privilege());
            checkPatternFits(grant.scope());
            if (grant.privilege() != Privilege.USAGE) {
                byScope.computeIfAbsent(grant.scope(), s -> new TreeSet<>(PrivilegeOrder.SERVER_ORDER))
                        .add(grant.privilege());
            }
        }
        byScope.values().forEach(privileges -> {
            if (privileges.contains(Privilege.ALL_PRIVILEGES)) {
                privileges.removeIf(p -> p != Privilege.ALL_PRIVILEGES && p != Privilege.GRANT_OPTION);
            }
        });
        return byScope;
    }

    /**
     * Refuses a privilege only the other server has, before anything runs: the server would
     * answer with a syntax error (MariaDB, 1064) or an unknown dynamic privilege (MySQL, 3929),
     * neither of which says what to use instead. Spelling differences are not refused: the
     * backend's spelling is written.
     */
    private void checkBackendHas(Privilege privilege) {
        if (dialect.privilegeName(privilege).isPresent()) {
            return;
        }
        Dialect other = dialect == Dialect.MYSQL ? Dialect.MARIADB : Dialect.MYSQL;
        String nearest = Optional.ofNullable(NEAREST.get(privilege))
                .flatMap(dialect::privilegeName)
                .map(name -> "; the nearest " + dialect.productName() + " privilege is " + name)
                .orElse("");
        throw new IllegalArgumentException(privilege.sqlName() + " is a " + other.productName()
                + " privilege; this backend is " + dialect.productName() + ", which has no such privilege" + nearest);
    }

    /**
     * Refuses a database-level scope whose escaped name ({@code \_}, {@code \%}) is longer than
     * the 64 characters {@code mysql.db.Db} holds. MariaDB 11.4 accepts such a GRANT, keeps the
     * full pattern in memory, and silently stores it cut to 64 characters: after the next
     * {@code FLUSH PRIVILEGES} or restart the grant names a different, shorter database.
     */
    private static void checkPatternFits(GrantScope scope) {
        if (scope.level() != GrantLevel.DATABASE) {
            return;
        }
        long escapes = scope.db().chars().filter(c -> c == '_' || c == '%').count();
        long length = scope.db().codePointCount(0, scope.db().length()) + escapes;
        if (length > ObjectName.MAX_LENGTH) {
            throw new IllegalArgumentException("cannot grant on " + scope.toSql() + ": with its _ and % escaped, "
                    + "the database name is " + length + " characters, and the server stores at most "
                    + ObjectName.MAX_LENGTH + " (MariaDB silently cuts the rest, so the grant would later name "
                    + "another database); grant on its tables instead, or use a shorter name");
        }
    }

    private String names(Set<Privilege> privileges) {
        return privileges.stream()
                .map(p -> dialect.privilegeName(p).orElseThrow())
                .collect(Collectors.joining(", "));
    }
}
