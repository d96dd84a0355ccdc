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
                                                .sorted(PrivilegeOrder.SERVER_ORDER)
                                                .toList()))));
    }

    /** The grants in SHOW GRANTS' order (by scope, then MySQL's privilege order), so that a plan is stable. */
    public static List<Grant> ordered(Collection<Grant> grants) {
        return byScope(grants).entrySet().stream()
                .flatMap(e -> e.getValue().stream().map(p -> new Grant(p, e.getKey())))
                .toList();
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
