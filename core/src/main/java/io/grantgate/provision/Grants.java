package io.grantgate.provision;

import io.grantgate.catalog.Grant;
import io.grantgate.catalog.GrantScope;
import io.grantgate.catalog.Privilege;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Grants grouped by scope, in the order MySQL's SHOW GRANTS lists privileges, for display. */
public final class Grants {

    /** MySQL's own order of static privileges in SHOW GRANTS; ALL PRIVILEGES and USAGE stand alone. */
    private static final List<Privilege> ORDER = List.of(
            Privilege.ALL_PRIVILEGES,
            Privilege.SELECT,
            Privilege.INSERT,
            Privilege.UPDATE,
            Privilege.DELETE,
            Privilege.CREATE,
            Privilege.DROP,
            Privilege.RELOAD,
            Privilege.SHUTDOWN,
            Privilege.PROCESS,
            Privilege.FILE,
            Privilege.REFERENCES,
            Privilege.INDEX,
            Privilege.ALTER,
            Privilege.SHOW_DATABASES,
            Privilege.SUPER,
            Privilege.CREATE_TEMPORARY_TABLES,
            Privilege.LOCK_TABLES,
            Privilege.EXECUTE,
            Privilege.REPLICATION_SLAVE,
            Privilege.REPLICATION_CLIENT,
            Privilege.CREATE_VIEW,
            Privilege.SHOW_VIEW,
            Privilege.CREATE_ROUTINE,
            Privilege.ALTER_ROUTINE,
            Privilege.CREATE_USER,
            Privilege.EVENT,
            Privilege.TRIGGER,
            Privilege.CREATE_TABLESPACE,
            Privilege.USAGE,
            Privilege.GRANT_OPTION);

    /** Global first, then databases, then tables, each by name. */
    public static final Comparator<GrantScope> SCOPE_ORDER = Comparator.comparing(GrantScope::level)
            .thenComparing(scope -> scope.db())
            .thenComparing(scope -> scope.table());

    private Grants() {}

    /** Privileges per scope, each list in MySQL's order. */
    public static Map<GrantScope, List<Privilege>> byScope(Collection<Grant> grants) {
        return grants.stream()
                .collect(Collectors.groupingBy(
                        Grant::scope,
                        () -> new TreeMap<>(SCOPE_ORDER),
                        Collectors.mapping(
                                Grant::privilege,
                                Collectors.collectingAndThen(
                                        Collectors.toList(),
                                        list -> list.stream()
                                                .sorted(Comparator.comparingInt(ORDER::indexOf))
                                                .toList()))));
    }

    /** e.g. {@code 4 privileges on `shop`.* (SELECT, INSERT, UPDATE, DELETE)}. */
    public static String describe(Collection<Grant> grants) {
        return byScope(grants).entrySet().stream()
                .map(e -> count(e.getValue().size()) + " on " + e.getKey().toSql() + " ("
                        + e.getValue().stream().map(Privilege::sqlName).collect(Collectors.joining(", ")) + ")")
                .collect(Collectors.joining("; "));
    }

    private static String count(int n) {
        return n == 1 ? "1 privilege" : n + " privileges";
    }
}
