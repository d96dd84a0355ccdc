package io.grantgate.admin;

import io.grantgate.catalog.Account;
import io.grantgate.catalog.Expiries;
import io.grantgate.catalog.Grant;
import io.grantgate.catalog.HostPattern;
import io.grantgate.catalog.RoleName;
import io.grantgate.provision.AuditLevelPlanner;
import io.grantgate.provision.Expiry;
import io.grantgate.provision.Grants;
import io.grantgate.provision.ShowGrants;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An account as {@code admin user list|show} print it (JSON field names are part of the CLI's contract).
 *
 * @param auditLevel off, logins, statements, or default (the gateways' audit.default-level)
 * @param passwordExpired its next logins may only change the password ({@code admin user password --expire})
 * @param expiries the time-limited host patterns and grants, soonest end first
 * @param roles its roles, by name
 * @param effectiveGrants what it may do, its own grants and its roles', each with where it comes from
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
        boolean passwordExpired,
        List<ExpiryView> expiries,
        List<String> roles,
        List<GrantSource> effectiveGrants) {

    /**
     * One grant the account has, and from where.
     *
     * @param grant as {@code SELECT ON `shop`.*}
     * @param own the account holds it itself
     * @param roles the roles that give it
     */
    record GrantSource(String grant, boolean own, List<String> roles) {

        /** e.g. {@code SELECT ON `shop`.* (own, and from role 'readers')} */
        String text() {
            List<String> from = new ArrayList<>();
            if (own) {
                from.add("own");
            }
            if (!roles.isEmpty()) {
                from.add((roles.size() == 1 ? "from role " : "from roles ")
                        + String.join(
                                ", ", roles.stream().map(r -> "'" + r + "'").toList()));
            }
            return grant + " (" + String.join(", and ", from) + ")";
        }
    }

    /**
     * One time-limited entry.
     *
     * @param kind {@code host} or {@code grant}
     * @param entry the host pattern, or the grant as {@code SELECT ON `shop`.*}
     * @param expiresAt ISO-8601 UTC
     * @param expired its end has passed (on the admin's clock) and the catalog still holds it: the
     *     gateways ignore it, and the next {@code admin expire} revokes it
     */
    record ExpiryView(String kind, String entry, String expiresAt, boolean expired) {

        /** e.g. {@code host pattern '10.1.2.3' until 2026-12-31T18:00:00Z} */
        String text() {
            return (kind.equals("host") ? "host pattern '" + entry + "'" : entry) + " until " + expiresAt
                    + (expired ? " (expired: 'admin expire' revokes it)" : "");
        }
    }

    static AccountView of(Account a) {
        return of(a, Instant.now());
    }

    static AccountView of(Account a, Instant now) {
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
                a.passwordExpired(),
                expiries(a.expiries(), now),
                a.roles().keySet().stream().map(RoleName::value).toList(),
                sources(a));
    }

    /** Each effective grant in SHOW GRANTS' order, with its sources. */
    private static List<GrantSource> sources(Account a) {
        List<GrantSource> sources = new ArrayList<>();
        Grants.byScope(a.effectiveGrants())
                .forEach((scope, privileges) -> privileges.forEach(p -> {
                    Grant grant = new Grant(p, scope);
                    sources.add(new GrantSource(
                            grant.toString(),
                            a.grants().contains(grant),
                            a.rolesGranting(grant).stream().map(RoleName::value).toList()));
                }));
        return sources;
    }

    /** The roles and the privileges they give, for a table's column or a line of {@code user show}. */
    String rolesText() {
        return roles.isEmpty() ? "-" : String.join(",", roles);
    }

    /** The next end still to come, or whether something has ended, for a table's column. */
    String nextExpiry() {
        if (expiries.stream().anyMatch(ExpiryView::expired)) {
            return "expired";
        }
        return expiries.isEmpty() ? "-" : expiries.getFirst().expiresAt();
    }

    private static List<ExpiryView> expiries(Expiries expiries, Instant now) {
        List<Map.Entry<Instant, ExpiryView>> views = new ArrayList<>();
        expiries.hosts().forEach((host, end) -> views.add(Map.entry(end, view("host", host.text(), end, now))));
        expiries.grants().forEach((grant, end) -> views.add(Map.entry(end, view("grant", grant.toString(), end, now))));
        return views.stream()
                .sorted(Map.Entry.<Instant, ExpiryView>comparingByKey()
                        .thenComparing(e -> e.getValue().entry()))
                .map(Map.Entry::getValue)
                .toList();
    }

    private static ExpiryView view(String kind, String entry, Instant end, Instant now) {
        return new ExpiryView(kind, entry, Expiry.text(end), !end.isAfter(now));
    }
}
