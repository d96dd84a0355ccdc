package io.grantgate.provision;

import io.grantgate.catalog.Privilege;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The order GRANT and REVOKE statements list privileges in: the servers' own (the order of the
 * privilege bits, which SHOW GRANTS prints in), so a generated statement reads like the server's
 * answer and the same grants always give the same text.
 */
final class PrivilegeOrder {

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
            // MariaDB's bits after the shared ones, as its SHOW GRANTS prints them (11.4)
            Privilege.DELETE_HISTORY,
            Privilege.SET_USER,
            Privilege.FEDERATED_ADMIN,
            Privilege.CONNECTION_ADMIN,
            Privilege.READ_ONLY_ADMIN,
            Privilege.REPLICATION_SLAVE_ADMIN,
            Privilege.REPLICATION_MASTER_ADMIN,
            Privilege.BINLOG_ADMIN,
            Privilege.BINLOG_REPLAY,
            Privilege.SLAVE_MONITOR,
            Privilege.SHOW_CREATE_ROUTINE,
            // MySQL's static CREATE ROLE and DROP ROLE; its dynamic privileges follow, by name
            Privilege.CREATE_ROLE,
            Privilege.DROP_ROLE);

    /** Last, as the servers print GRANT OPTION apart ({@code WITH GRANT OPTION}) and USAGE alone. */
    private static final List<Privilege> TAIL = List.of(Privilege.GRANT_OPTION, Privilege.USAGE);

    private static final Map<Privilege, Integer> RANK = rank();

    /** Server order; MySQL's dynamic privileges, which it prints on a line of their own, after the static ones by name. */
    static final Comparator<Privilege> SERVER_ORDER = Comparator.comparingInt((Privilege p) -> RANK.get(p));

    private PrivilegeOrder() {}

    private static Map<Privilege, Integer> rank() {
        List<Privilege> order = new ArrayList<>(ORDER);
        Arrays.stream(Privilege.values())
                .filter(p -> !ORDER.contains(p) && !TAIL.contains(p))
                .sorted(Comparator.comparing(Privilege::sqlName))
                .forEach(order::add);
        order.addAll(TAIL);
        Map<Privilege, Integer> rank = new EnumMap<>(Privilege.class);
        for (int i = 0; i < order.size(); i++) {
            rank.put(order.get(i), i);
        }
        return rank;
    }
}
