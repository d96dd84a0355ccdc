package io.grantgate.catalog;

import io.grantgate.auth.AuthPlugin;
import io.grantgate.auth.PasswordVerifier;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Reads accounts from the catalog, on a connection the caller owns (so that a reader inside an
 * admin change sees that change's locked, consistent state).
 */
public final class CatalogReader {

    private static final String ACCOUNT_COLUMNS =
            "a.id, a.user_name, a.auth_plugin, a.status, a.require_tls, a.max_connections,"
                    + " v.verifier, b.backend_user, b.backend_host, b.auth_plugin, b.secret_version, b.state,"
                    + " a.audit_level, v.password_expired"
                    + " FROM account a"
                    + " JOIN account_verifier v ON v.account_id = a.id AND v.auth_plugin = a.auth_plugin AND v.slot = 'primary'"
                    + " LEFT JOIN backend_account b ON b.account_id = a.id";

    private final Connection connection;

    public CatalogReader(Connection connection) {
        this.connection = connection;
    }

    /** The catalog version; with {@code forUpdate}, locks it so that admin changes happen one at a time. */
    public long version(boolean forUpdate) throws SQLException {
        String sql = "SELECT version FROM catalog_version WHERE id = 1" + (forUpdate ? " FOR UPDATE" : "");
        try (PreparedStatement s = connection.prepareStatement(sql);
                ResultSet rs = s.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("the catalog has no version row: is it migrated? (admin migrate)", "42S02");
            }
            return rs.getLong(1);
        }
    }

    public Optional<Account> find(UserName user) throws SQLException {
        List<Account> found = read(" WHERE a.user_name = ?", user.value());
        return found.stream().findFirst();
    }

    /** Every account, by user name. */
    public List<Account> all() throws SQLException {
        return read(" ORDER BY a.user_name", null);
    }

    /** The next free account id; only meaningful while the version row is locked. */
    public long nextAccountId() throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("SELECT COALESCE(MAX(id), 0) + 1 FROM account");
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private List<Account> read(String where, String parameter) throws SQLException {
        Map<Long, Row> rows = new LinkedHashMap<>();
        try (PreparedStatement s = connection.prepareStatement("SELECT " + ACCOUNT_COLUMNS + where)) {
            if (parameter != null) {
                s.setString(1, parameter);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getLong(1), Row.of(rs));
                }
            }
        }
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<Long, Map<HostPattern, Optional<Instant>>> hosts = hosts(rows.keySet());
        Map<Long, Map<Grant, Optional<Instant>>> grants = grants(rows.keySet());
        Map<Long, Map<RoleName, Set<Grant>>> roles = memberships(rows.keySet());
        List<Account> accounts = new ArrayList<>();
        for (Map.Entry<Long, Row> e : rows.entrySet()) {
            accounts.add(e.getValue()
                    .toAccount(
                            hosts.getOrDefault(e.getKey(), Map.of()),
                            grants.getOrDefault(e.getKey(), Map.of()),
                            roles.getOrDefault(e.getKey(), Map.of())));
        }
        return accounts;
    }

    /** Every role, by name, with its grants and members. */
    public List<Role> roles() throws SQLException {
        Map<RoleName, Instant> created = new LinkedHashMap<>();
        try (PreparedStatement s = connection.prepareStatement(
                        "SELECT role_name, " + CatalogTime.select("created_at") + " FROM role ORDER BY role_name");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                created.put(new RoleName(rs.getString(1)), CatalogTime.parse(rs.getString(2)));
            }
        }
        Map<RoleName, Set<Grant>> grants = new HashMap<>();
        try (PreparedStatement s = connection.prepareStatement(
                        "SELECT r.role_name, g.scope_level, g.scope_db, g.scope_table, g.privilege"
                                + " FROM role_grant g JOIN role r ON r.id = g.role_id");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                grants.computeIfAbsent(new RoleName(rs.getString(1)), r -> new HashSet<>())
                        .add(grant(rs, 2));
            }
        }
        Map<RoleName, List<UserName>> members = new HashMap<>();
        try (PreparedStatement s = connection.prepareStatement("SELECT r.role_name, a.user_name FROM account_role m"
                        + " JOIN role r ON r.id = m.role_id JOIN account a ON a.id = m.account_id");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                members.computeIfAbsent(new RoleName(rs.getString(1)), r -> new ArrayList<>())
                        .add(new UserName(rs.getString(2)));
            }
        }
        List<Role> roles = new ArrayList<>();
        created.forEach((name, at) -> roles.add(
                new Role(name, at, grants.getOrDefault(name, Set.of()), members.getOrDefault(name, List.of()))));
        return roles;
    }

    /** The role of that name, with its grants and members. */
    public Optional<Role> findRole(RoleName name) throws SQLException {
        return roles().stream().filter(r -> r.name().equals(name)).findFirst();
    }

    /** Each account's roles, with each role's grants. */
    private Map<Long, Map<RoleName, Set<Grant>>> memberships(Set<Long> ids) throws SQLException {
        Map<Long, Map<RoleName, Set<Grant>>> roles = new HashMap<>();
        try (PreparedStatement s = connection.prepareStatement("SELECT m.account_id, r.role_name, g.scope_level,"
                + " g.scope_db, g.scope_table, g.privilege FROM account_role m JOIN role r ON r.id = m.role_id"
                + " LEFT JOIN role_grant g ON g.role_id = r.id WHERE m.account_id IN ("
                + placeholders(ids.size()) + ")")) {
            bind(s, ids);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Set<Grant> granted = roles.computeIfAbsent(rs.getLong(1), id -> new HashMap<>())
                            .computeIfAbsent(new RoleName(rs.getString(2)), r -> new HashSet<>());
                    if (rs.getString(3) != null) {
                        granted.add(grant(rs, 3));
                    }
                }
            }
        }
        return roles;
    }

    /** The grant in the four columns from {@code first}: scope level, database, table, privilege. */
    private static Grant grant(ResultSet rs, int first) throws SQLException {
        GrantScope scope = new GrantScope(
                GrantLevel.fromCode(rs.getString(first)), rs.getString(first + 1), rs.getString(first + 2));
        return new Grant(Privilege.fromSqlName(rs.getString(first + 3)), scope);
    }

    /** The catalog server's time now, the clock expiries are judged by. */
    public Instant now() throws SQLException {
        return CatalogTime.now(connection);
    }

    /** Each account's host patterns, with when each ends (empty: never). */
    private Map<Long, Map<HostPattern, Optional<Instant>>> hosts(Set<Long> ids) throws SQLException {
        Map<Long, Map<HostPattern, Optional<Instant>>> hosts = new HashMap<>();
        try (PreparedStatement s = connection.prepareStatement("SELECT account_id, host_pattern, "
                + CatalogTime.select("expires_at") + " FROM account_host WHERE account_id IN ("
                + placeholders(ids.size()) + ")")) {
            bind(s, ids);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    hosts.computeIfAbsent(rs.getLong(1), id -> new HashMap<>())
                            .put(HostPattern.parse(rs.getString(2)), expiry(rs.getString(3)));
                }
            }
        }
        return hosts;
    }

    private Map<Long, Map<Grant, Optional<Instant>>> grants(Set<Long> ids) throws SQLException {
        Map<Long, Map<Grant, Optional<Instant>>> grants = new HashMap<>();
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT account_id, scope_level, scope_db, scope_table, privilege, " + CatalogTime.select("expires_at")
                        + " FROM account_grant WHERE account_id IN (" + placeholders(ids.size()) + ")")) {
            bind(s, ids);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    GrantScope scope =
                            new GrantScope(GrantLevel.fromCode(rs.getString(2)), rs.getString(3), rs.getString(4));
                    grants.computeIfAbsent(rs.getLong(1), id -> new HashMap<>())
                            .put(new Grant(Privilege.fromSqlName(rs.getString(5)), scope), expiry(rs.getString(6)));
                }
            }
        }
        return grants;
    }

    private static Optional<Instant> expiry(String text) {
        return Optional.ofNullable(text).map(CatalogTime::parse);
    }

    private static String placeholders(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }

    private static void bind(PreparedStatement s, Set<Long> ids) throws SQLException {
        int i = 1;
        for (long id : ids) {
            s.setLong(i++, id);
        }
    }

    /** One account row with its verifier and backend account, before hosts and grants are attached. */
    private record Row(
            long id,
            UserName user,
            AuthPlugin plugin,
            PasswordVerifier verifier,
            AccountStatus status,
            boolean requireTls,
            OptionalInt maxConnections,
            Optional<BackendAccount> backend,
            Optional<AuditLevel> auditLevel,
            boolean passwordExpired) {

        static Row of(ResultSet rs) throws SQLException {
            AuthPlugin plugin = plugin(rs.getString(3));
            int max = rs.getInt(6);
            OptionalInt maxConnections = rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(max);
            String stored = new String(rs.getBytes(7), StandardCharsets.UTF_8);
            Optional<BackendAccount> backend = rs.getString(8) == null
                    ? Optional.empty()
                    : Optional.of(new BackendAccount(
                            rs.getString(8),
                            rs.getString(9),
                            plugin(rs.getString(10)),
                            rs.getInt(11),
                            BackendState.fromCode(rs.getString(12))));
            return new Row(
                    rs.getLong(1),
                    new UserName(rs.getString(2)),
                    plugin,
                    PasswordVerifier.parse(plugin, stored),
                    AccountStatus.fromCode(rs.getString(4)),
                    rs.getBoolean(5),
                    maxConnections,
                    backend,
                    Optional.ofNullable(rs.getString(13)).map(AuditLevel::parse),
                    rs.getBoolean(14));
        }

        Account toAccount(
                Map<HostPattern, Optional<Instant>> hosts,
                Map<Grant, Optional<Instant>> grants,
                Map<RoleName, Set<Grant>> roles) {
            Expiries expiries = new Expiries(ending(hosts), ending(grants), Set.of(), Set.of());
            return new Account(
                    id,
                    user,
                    plugin,
                    verifier,
                    status,
                    requireTls,
                    maxConnections,
                    List.copyOf(hosts.keySet()),
                    Set.copyOf(grants.keySet()),
                    backend,
                    auditLevel,
                    expiries,
                    passwordExpired,
                    roles);
        }

        private static <T> Map<T, Instant> ending(Map<T, Optional<Instant>> entries) {
            Map<T, Instant> ending = new HashMap<>();
            entries.forEach((entry, end) -> end.ifPresent(e -> ending.put(entry, e)));
            return ending;
        }

        private static AuthPlugin plugin(String name) {
            return AuthPlugin.fromName(name)
                    .orElseThrow(
                            () -> new IllegalArgumentException("unknown auth plugin '" + name + "' in the catalog"));
        }
    }
}
