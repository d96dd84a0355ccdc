package io.grantgate.admin;

import io.grantgate.catalog.Account;
import io.grantgate.catalog.HostPattern;
import io.grantgate.provision.AuditLevelPlanner;
import io.grantgate.provision.Grants;
import io.grantgate.provision.ShowGrants;
import java.util.List;

/**
 * An account as {@code admin user list|show} print it (JSON field names are part of the CLI's contract).
 *
 * @param auditLevel off, logins, statements, or default (the gateways' audit.default-level)
 * @param passwordExpired its next logins may only change the password ({@code admin user password --expire})
 */
record AccountView(
        String user,
        String status,
        String authPlugin,
        boolean requireTls,
        Integer maxConnections,
        String auditLevel,
        List<String> hosts,
        String grants,
        List<String> showGrants,
        String backendUser,
        String backendHost,
        String backendState,
        boolean passwordExpired) {

    static AccountView of(Account a) {
        return new AccountView(
                a.user().value(),
                a.status().code(),
                a.authPlugin().pluginName(),
                a.requireTls(),
                a.maxConnections().isPresent() ? a.maxConnections().getAsInt() : null,
                AuditLevelPlanner.describe(a.auditLevel()),
                a.hosts().stream().map(HostPattern::text).toList(),
                a.grants().isEmpty() ? "USAGE" : Grants.describe(a.grants()),
                ShowGrants.lines(a),
                a.backend().map(b -> b.user()).orElse(null),
                a.backend().map(b -> b.host()).orElse(null),
                a.backend().map(b -> b.state().code()).orElse(null),
                a.passwordExpired());
    }
}
