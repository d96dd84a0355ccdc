package io.grantgate.catalog;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One privilege on one scope, as stored in a row of {@code account_grant}. The privilege must apply
 * at the scope's level: {@code FILE} on {@code db.*} is refused, as MySQL would refuse it.
 *
 * <p>Construct with {@link #of(Privilege, GrantScope, PrivilegePolicy)} from admin input, which
 * also refuses {@linkplain #dangerReason() dangerous} grants by default; the canonical constructor
 * accepts them, because a catalog row holding one was allowed deliberately when it was written.
 */
public record Grant(Privilege privilege, GrantScope scope) {

    /** The system schema holding the grant tables. */
    private static final String SYSTEM_SCHEMA = "mysql";

    public Grant {
        Objects.requireNonNull(privilege, "privilege");
        Objects.requireNonNull(scope, "scope");
        if (!privilege.appliesAt(scope.level())) {
            throw new IllegalArgumentException(privilege.sqlName() + " cannot be granted on " + scope.toSql()
                    + ": it applies at " + levelsOf(privilege) + " only");
        }
    }

    /** A grant from admin input: refused when it is dangerous and the policy is {@link PrivilegePolicy#SAFE_ONLY}. */
    public static Grant of(Privilege privilege, GrantScope scope, PrivilegePolicy policy) {
        Objects.requireNonNull(policy, "policy");
        Grant grant = new Grant(privilege, scope);
        if (policy == PrivilegePolicy.SAFE_ONLY) {
            grant.dangerReason().ifPresent(reason -> {
                throw new IllegalArgumentException(privilege.sqlName() + " on " + scope.toSql() + " is refused because "
                        + reason + "; grant it only deliberately, with the allow-dangerous option");
            });
        }
        return grant;
    }

    /**
     * Why this grant lets the account escape the gateway's model: the privilege's own reason,
     * {@code ALL PRIVILEGES} at the global level (it includes every administrative privilege),
     * {@code SHOW CREATE ROUTINE} at the global level (every database's routine bodies), or
     * any grant on the {@code mysql} schema (writing there changes any account's privileges, and
     * reading it shows every account's password hash). Empty when the grant is safe.
     */
    public Optional<String> dangerReason() {
        if (privilege.isDangerous()) {
            return privilege.dangerReason();
        }
        if (privilege == Privilege.ALL_PRIVILEGES && scope.level() == GrantLevel.GLOBAL) {
            return Optional.of("on *.* it includes SUPER, FILE, CREATE USER and every other administrative privilege");
        }
        if (privilege == Privilege.SHOW_CREATE_ROUTINE && scope.level() == GrantLevel.GLOBAL) {
            return Optional.of("on *.* it shows the bodies of every routine in every database, including ones "
                    + "the account has no other grant on");
        }
        if (scope.level() != GrantLevel.GLOBAL
                && scope.db().toLowerCase(Locale.ROOT).equals(SYSTEM_SCHEMA)) {
            return Optional.of("the mysql schema holds the grant tables: writing there changes any account's "
                    + "privileges, and reading it shows every account's password hash");
        }
        return Optional.empty();
    }

    public boolean isDangerous() {
        return dangerReason().isPresent();
    }

    /** e.g. {@code SELECT ON `sales`.*} */
    @Override
    public String toString() {
        return privilege.sqlName() + " ON " + scope.toSql();
    }

    private static String levelsOf(Privilege privilege) {
        return privilege.levels().stream()
                .map(GrantLevel::description)
                .reduce((a, b) -> a + " and " + b)
                .orElseThrow();
    }
}
