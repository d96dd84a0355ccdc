package io.grantgate.provision;

import io.grantgate.catalog.Grant;
import io.grantgate.catalog.GrantLevel;
import io.grantgate.catalog.GrantScope;
import io.grantgate.catalog.Privilege;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the gateways' own catalog login may do: read the whole catalog schema, and write only the
 * rows a running gateway writes. It cannot create users, grant anything, change accounts' status,
 * host patterns or grants, or touch any other schema; of an account it may change only the password
 * verifier, when the account's own client changes its password through the gateway (SET PASSWORD),
 * and then bump the catalog version so that every gateway sees the new password. The backend sees this login once per gateway
 * start, for the probe that learns the server's version (a login, nothing else); clients' SQL runs
 * as the backend accounts, and KILLs come from a second connection of the same backend account.
 *
 * <p>Table privileges are granted only on tables that exist: the server refuses a table-level
 * GRANT on a missing table, and a table a later migration adds is granted when {@code admin init}
 * runs again after {@code admin migrate}.
 */
public final class GatewayCatalogAccess {

    /** A table the gateways write, and the privileges that takes. */
    public enum WrittenTable {
        /** Logins, session ends and kills ({@code CatalogAuditWriter}). */
        AUDIT_EVENT("audit_event", Privilege.INSERT),
        /** The head of each gateway's audit chain, one row per instance ({@code INSERT ... ON DUPLICATE KEY UPDATE}). */
        AUDIT_CHECKPOINT("audit_checkpoint", Privilege.INSERT, Privilege.UPDATE),
        /** Each gateway's own row: registered at start, heartbeat, removed on a clean stop. */
        GATEWAY_INSTANCE("gateway_instance", Privilege.INSERT, Privilege.UPDATE, Privilege.DELETE),
        /** The sessions of each gateway, as of its last heartbeat (catalog version 3 on). */
        GATEWAY_SESSION("gateway_session", Privilege.INSERT, Privilege.UPDATE, Privilege.DELETE),
        /** Kill requests: the gateway that holds the session records the outcome (catalog version 3 on). */
        SESSION_KILL("session_kill", Privilege.UPDATE),
        /** A client's own password change (SET PASSWORD, ALTER USER ... IDENTIFIED BY): the verifier and its expiry. */
        ACCOUNT_VERIFIER("account_verifier", Privilege.UPDATE),
        /** Bumped after such a change, in the same transaction, as every admin change bumps it. */
        CATALOG_VERSION("catalog_version", Privilege.UPDATE);

        private final String table;
        private final List<Privilege> privileges;

        WrittenTable(String table, Privilege... privileges) {
            this.table = table;
            this.privileges = List.of(privileges);
        }

        public String table() {
            return table;
        }

        public List<Privilege> privileges() {
            return privileges;
        }
    }

    private GatewayCatalogAccess() {}

    /**
     * {@code SELECT} on the whole schema, and each written table's privileges where that table is
     * among {@code existingTables}.
     *
     * @param schema the catalog schema's name, unquoted
     * @param existingTables the tables the schema holds now (names as the server reports them)
     */
    public static Set<Grant> grants(String schema, Collection<String> existingTables) {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(existingTables, "existingTables");
        Set<Grant> grants = new LinkedHashSet<>();
        grants.add(new Grant(Privilege.SELECT, GrantScope.database(schema)));
        for (WrittenTable written : WrittenTable.values()) {
            if (existingTables.contains(written.table())) {
                for (Privilege privilege : written.privileges()) {
                    grants.add(new Grant(privilege, GrantScope.table(schema, written.table())));
                }
            }
        }
        return grants;
    }

    /**
     * The grants of {@code wanted} the login does not hold yet, directly or through a broader
     * grant: {@code SELECT} on the schema covers {@code SELECT} on each of its tables, and
     * {@code ALL PRIVILEGES} on a scope covers every privilege on it.
     */
    public static Set<Grant> missing(Set<Grant> wanted, Set<Grant> held) {
        Set<Grant> missing = new LinkedHashSet<>();
        for (Grant grant : wanted) {
            if (!covered(grant, held)) {
                missing.add(grant);
            }
        }
        return missing;
    }

    private static boolean covered(Grant grant, Set<Grant> held) {
        for (Grant holding : held) {
            boolean privilege =
                    holding.privilege() == grant.privilege() || holding.privilege() == Privilege.ALL_PRIVILEGES;
            if (privilege && encloses(holding.scope(), grant.scope())) {
                return true;
            }
        }
        return false;
    }

    private static boolean encloses(GrantScope outer, GrantScope inner) {
        return switch (outer.level()) {
            case GLOBAL -> true;
            case DATABASE -> inner.level() != GrantLevel.GLOBAL && outer.db().equals(inner.db());
            case TABLE -> outer.equals(inner);
        };
    }
}
