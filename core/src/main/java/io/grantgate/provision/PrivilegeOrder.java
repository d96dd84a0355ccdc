package io.grantgate.provision;

import io.grantgate.catalog.Privilege;
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
            Privilege.GRANT_OPTION,
            Privilege.USAGE);

    private static final Map<Privilege, Integer> RANK = rank();

    /** Server order; a privilege added to the enum but not here sorts last, by name. */
    static final Comparator<Privilege> SERVER_ORDER = Comparator.comparingInt(
                    (Privilege p) -> RANK.getOrDefault(p, Integer.MAX_VALUE))
            .thenComparing(Privilege::sqlName);

    private PrivilegeOrder() {}

    private static Map<Privilege, Integer> rank() {
        Map<Privilege, Integer> rank = new EnumMap<>(Privilege.class);
        for (int i = 0; i < ORDER.size(); i++) {
            rank.put(ORDER.get(i), i);
        }
        return rank;
    }
}
