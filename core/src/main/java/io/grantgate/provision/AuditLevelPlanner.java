package io.grantgate.provision;

import io.grantgate.catalog.Account;
import io.grantgate.catalog.AuditLevel;
import io.grantgate.catalog.CatalogWrites;
import io.grantgate.catalog.UserName;
import java.util.List;
import java.util.Optional;

/**
 * Plans {@code admin user audit USER --level}. Only the catalog changes: what a gateway records is
 * the gateway's business, and the backend account is the same whatever is recorded of its sessions.
 */
public final class AuditLevelPlanner {

    private AuditLevelPlanner() {}

    /** @param wanted empty for the gateways' {@code audit.default-level} */
    public static ChangePlan plan(UserName user, Optional<Account> current, Optional<AuditLevel> wanted) {
        Account account = current.orElseThrow(() -> new IllegalArgumentException("no account '" + user.value() + "'"));
        if (account.auditLevel().equals(wanted)) {
            return ChangePlan.nothing(
                    "audit",
                    user,
                    "nothing to change: account '" + user.value() + "' already has audit level " + describe(wanted));
        }
        return new ChangePlan(
                "audit",
                user,
                List.of(CatalogWrites.setAuditLevel(account.id(), wanted)),
                List.of(),
                List.of(),
                List.of("audit level of account '" + user.value() + "' set to " + describe(wanted) + " (was "
                        + describe(account.auditLevel()) + ")"),
                Optional.empty());
    }

    /** {@code statements}, or {@code default} for an account that follows the gateways' setting. */
    public static String describe(Optional<AuditLevel> level) {
        return level.map(AuditLevel::text).orElse("default");
    }
}
