package io.grantgate.catalog;

import io.grantgate.auth.PasswordVerifier;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The catalog's write statements, built but not run, so that an admin change can print them
 * ({@code --dry-run}) and run them with exactly the same text. Every method is a pure function.
 */
public final class CatalogWrites {

    private CatalogWrites() {}

    public static CatalogStatement insertAccount(
            long id,
            UserName user,
            PasswordVerifier verifier,
            AccountStatus status,
            boolean requireTls,
            OptionalInt maxConnections) {
        return CatalogStatement.of(
                "INSERT INTO account (id, user_name, auth_plugin, status, require_tls, max_connections,"
                        + " password_changed_at) VALUES (?, ?, ?, ?, ?, ?, CURRENT_TIMESTAMP(3))",
                id,
                user.value(),
                verifier.plugin().pluginName(),
                status.code(),
                requireTls,
                boxed(maxConnections));
    }

    public static CatalogStatement setVerifier(long accountId, PasswordVerifier verifier) {
        return CatalogStatement.of(
                "REPLACE INTO account_verifier (account_id, auth_plugin, slot, verifier) VALUES (?, ?, 'primary', ?)",
                accountId,
                verifier.plugin().pluginName(),
                new CatalogStatement.Hidden(
                        verifier.authenticationString().getBytes(StandardCharsets.UTF_8), "password verifier"));
    }

    /**
     * The gateway's own write when a client changes its password: the account's current verifier
     * replaced (the same plugin, so the row exists), its expiry cleared. The gateways' login may
     * update this table only, never the account row ({@code GatewayCatalogAccess}).
     */
    public static CatalogStatement changeVerifierByGateway(long accountId, PasswordVerifier verifier) {
        return CatalogStatement.of(
                "UPDATE account_verifier SET verifier = ?, password_expired = FALSE, created_at = CURRENT_TIMESTAMP(3)"
                        + " WHERE account_id = ? AND auth_plugin = ? AND slot = 'primary'",
                new CatalogStatement.Hidden(
                        verifier.authenticationString().getBytes(StandardCharsets.UTF_8), "password verifier"),
                accountId,
                verifier.plugin().pluginName());
    }

    /** Marks the account's current password expired: its next logins may only change it. */
    public static CatalogStatement expirePassword(long accountId) {
        return CatalogStatement.of(
                "UPDATE account_verifier SET password_expired = TRUE WHERE account_id = ? AND slot = 'primary'",
                accountId);
    }

    public static CatalogStatement passwordChanged(long accountId) {
        return CatalogStatement.of(
                "UPDATE account SET password_changed_at = CURRENT_TIMESTAMP(3) WHERE id = ?", accountId);
    }

    public static CatalogStatement addHost(long accountId, HostPattern host) {
        return CatalogStatement.of(
                "INSERT INTO account_host (account_id, host_pattern) VALUES (?, ?)", accountId, host.text());
    }

    /** A host pattern that ends at {@code expiresAt}; empty for one that does not end. */
    public static CatalogStatement addHost(long accountId, HostPattern host, Optional<Instant> expiresAt) {
        return expiresAt.isEmpty()
                ? addHost(accountId, host)
                : CatalogStatement.of(
                        "INSERT INTO account_host (account_id, host_pattern, expires_at) VALUES (?, ?, ?)",
                        accountId,
                        host.text(),
                        CatalogTime.text(expiresAt.get()));
    }

    /** When a host pattern the account holds ends; empty makes it permanent. */
    public static CatalogStatement setHostExpiry(long accountId, HostPattern host, Optional<Instant> expiresAt) {
        return CatalogStatement.of(
                "UPDATE account_host SET expires_at = ? WHERE account_id = ? AND host_pattern = ?",
                expiresAt.map(CatalogTime::text).orElse(null),
                accountId,
                host.text());
    }

    public static CatalogStatement removeHost(long accountId, HostPattern host) {
        return CatalogStatement.of(
                "DELETE FROM account_host WHERE account_id = ? AND host_pattern = ?", accountId, host.text());
    }

    public static CatalogStatement addGrant(long accountId, Grant grant) {
        GrantScope scope = grant.scope();
        return CatalogStatement.of(
                "INSERT INTO account_grant (account_id, scope_level, scope_db, scope_table, privilege)"
                        + " VALUES (?, ?, ?, ?, ?)",
                accountId,
                scope.level().code(),
                scope.db(),
                scope.table(),
                grant.privilege().sqlName());
    }

    /** A grant that ends at {@code expiresAt}; empty for one that does not end. */
    public static CatalogStatement addGrant(long accountId, Grant grant, Optional<Instant> expiresAt) {
        if (expiresAt.isEmpty()) {
            return addGrant(accountId, grant);
        }
        GrantScope scope = grant.scope();
        return CatalogStatement.of(
                "INSERT INTO account_grant (account_id, scope_level, scope_db, scope_table, privilege, expires_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?)",
                accountId,
                scope.level().code(),
                scope.db(),
                scope.table(),
                grant.privilege().sqlName(),
                CatalogTime.text(expiresAt.get()));
    }

    /** When a grant the account holds ends; empty makes it permanent. */
    public static CatalogStatement setGrantExpiry(long accountId, Grant grant, Optional<Instant> expiresAt) {
        GrantScope scope = grant.scope();
        return CatalogStatement.of(
                "UPDATE account_grant SET expires_at = ? WHERE account_id = ? AND scope_level = ? AND scope_db = ?"
                        + " AND scope_table = ? AND privilege = ?",
                expiresAt.map(CatalogTime::text).orElse(null),
                accountId,
                scope.level().code(),
                scope.db(),
                scope.table(),
                grant.privilege().sqlName());
    }

    public static CatalogStatement removeGrant(long accountId, Grant grant) {
        GrantScope scope = grant.scope();
        return CatalogStatement.of(
                "DELETE FROM account_grant WHERE account_id = ? AND scope_level = ? AND scope_db = ?"
                        + " AND scope_table = ? AND privilege = ?",
                accountId,
                scope.level().code(),
                scope.db(),
                scope.table(),
                grant.privilege().sqlName());
    }

    public static CatalogStatement setStatus(long accountId, AccountStatus status) {
        return CatalogStatement.of("UPDATE account SET status = ? WHERE id = ?", status.code(), accountId);
    }

    /** The account's own audit level; empty for the gateways' {@code audit.default-level} (NULL). */
    public static CatalogStatement setAuditLevel(long accountId, Optional<AuditLevel> level) {
        return CatalogStatement.of(
                "UPDATE account SET audit_level = ? WHERE id = ?",
                level.map(AuditLevel::text).orElse(null),
                accountId);
    }

    public static CatalogStatement setRequireTls(long accountId, boolean requireTls) {
        return CatalogStatement.of("UPDATE account SET require_tls = ? WHERE id = ?", requireTls, accountId);
    }

    public static CatalogStatement setMaxConnections(long accountId, OptionalInt maxConnections) {
        return CatalogStatement.of(
                "UPDATE account SET max_connections = ? WHERE id = ?", boxed(maxConnections), accountId);
    }

    public static CatalogStatement insertBackendAccount(long accountId, BackendAccount backend) {
        return CatalogStatement.of(
                "INSERT INTO backend_account (account_id, backend_user, backend_host, auth_plugin, secret_version,"
                        + " state, provisioned_at) VALUES (?, ?, ?, ?, ?, ?, CURRENT_TIMESTAMP(3))",
                accountId,
                backend.user(),
                backend.host(),
                backend.authPlugin().pluginName(),
                backend.secretVersion(),
                backend.state().code());
    }

    public static CatalogStatement setBackendHost(long accountId, String host) {
        return CatalogStatement.of("UPDATE backend_account SET backend_host = ? WHERE account_id = ?", host, accountId);
    }

    public static CatalogStatement setBackendState(long accountId, BackendState state, String lastError) {
        return CatalogStatement.of(
                "UPDATE backend_account SET state = ?, last_error = ? WHERE account_id = ?",
                state.code(),
                lastError,
                accountId);
    }

    /** Deletes the account; its hosts, grants and verifiers go with it (ON DELETE CASCADE). */
    public static List<CatalogStatement> deleteAccount(long accountId) {
        return List.of(
                CatalogStatement.of("DELETE FROM backend_account WHERE account_id = ?", accountId),
                CatalogStatement.of("DELETE FROM account WHERE id = ?", accountId));
    }

    public static CatalogStatement setAuthPlugin(long accountId, io.grantgate.auth.AuthPlugin plugin) {
        return CatalogStatement.of("UPDATE account SET auth_plugin = ? WHERE id = ?", plugin.pluginName(), accountId);
    }

    /** Drops verifiers of other plugins than the account's, after a plugin change. */
    public static CatalogStatement keepOnlyVerifier(long accountId, io.grantgate.auth.AuthPlugin plugin) {
        return CatalogStatement.of(
                "DELETE FROM account_verifier WHERE account_id = ? AND auth_plugin <> ?",
                accountId,
                plugin.pluginName());
    }

    public static CatalogStatement insertRole(RoleName role) {
        return CatalogStatement.of("INSERT INTO role (role_name) VALUES (?)", role.value());
    }

    /** Deletes the role; its grants and memberships go with it (ON DELETE CASCADE). */
    public static CatalogStatement deleteRole(RoleName role) {
        return CatalogStatement.of("DELETE FROM role WHERE role_name = ?", role.value());
    }

    public static CatalogStatement addRoleGrant(RoleName role, Grant grant) {
        GrantScope scope = grant.scope();
        return CatalogStatement.of(
                "INSERT INTO role_grant (role_id, scope_level, scope_db, scope_table, privilege)"
                        + " SELECT id, ?, ?, ?, ? FROM role WHERE role_name = ?",
                scope.level().code(),
                scope.db(),
                scope.table(),
                grant.privilege().sqlName(),
                role.value());
    }

    public static CatalogStatement removeRoleGrant(RoleName role, Grant grant) {
        GrantScope scope = grant.scope();
        return CatalogStatement.of(
                "DELETE FROM role_grant WHERE role_id = (SELECT id FROM role WHERE role_name = ?)"
                        + " AND scope_level = ? AND scope_db = ? AND scope_table = ? AND privilege = ?",
                role.value(),
                scope.level().code(),
                scope.db(),
                scope.table(),
                grant.privilege().sqlName());
    }

    /** Gives the account the role (by name, so that a role created in the same change can be given). */
    public static CatalogStatement addMember(long accountId, RoleName role) {
        return CatalogStatement.of(
                "INSERT INTO account_role (account_id, role_id) SELECT ?, id FROM role WHERE role_name = ?",
                accountId,
                role.value());
    }

    public static CatalogStatement removeMember(long accountId, RoleName role) {
        return CatalogStatement.of(
                "DELETE FROM account_role WHERE account_id = ? AND role_id = (SELECT id FROM role WHERE role_name = ?)",
                accountId,
                role.value());
    }

    /** Bumps the version every gateway polls; runs last in each change, in the same transaction. */
    public static CatalogStatement bumpVersion(String actor) {
        return CatalogStatement.of(
                "UPDATE catalog_version SET version = version + 1, changed_at = CURRENT_TIMESTAMP(3),"
                        + " changed_by = ? WHERE id = 1",
                actor);
    }

    /** An admin change, for the audit trail; {@code detail} is JSON text. */
    public static CatalogStatement auditAdminChange(
            String actor, String action, UserName user, String outcome, String detail) {
        return CatalogStatement.of(
                "INSERT INTO audit_event (event_type, outcome, reason, actor, user_name, detail)"
                        + " VALUES ('admin_change', ?, ?, ?, ?, ?)",
                outcome,
                action,
                actor,
                user == null ? null : user.value(),
                detail);
    }

    private static Integer boxed(OptionalInt value) {
        return value.isPresent() ? value.getAsInt() : null;
    }
}
