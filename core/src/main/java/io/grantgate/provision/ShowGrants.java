package io.grantgate.provision;

import io.grantgate.account.SqlQuoting;
import io.grantgate.catalog.Account;
import io.grantgate.catalog.Expiries;
import io.grantgate.catalog.Grant;
import io.grantgate.catalog.GrantScope;
import io.grantgate.catalog.HostPattern;
import io.grantgate.catalog.Privilege;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * An account's grants written as MySQL's SHOW GRANTS writes them, once per host pattern:
 * {@code GRANT USAGE ON *.* TO 'xuys'@'%'}, then one line per scope. What ends has the end in a
 * trailing SQL comment (the lines stay statements MySQL would take): privileges of one scope with
 * different ends go on separate lines, e.g. {@code GRANT INSERT ON `shop`.* TO 'xuys'@'%' -- expires
 * 2026-12-31T18:00:00Z}; a host pattern's end shows on each of its lines. The account's roles'
 * grants are there too, each line's comment naming the roles it comes from ({@code -- from role
 * 'readers'}), or those that also give an own grant ({@code -- also from role 'readers'}).
 */
public final class ShowGrants {

    /** Permanent first, then the soonest end. */
    private static final Comparator<Optional<Instant>> ENDS =
            Comparator.comparing((Optional<Instant> end) -> end.orElse(Instant.MIN));

    private ShowGrants() {}

    public static List<String> lines(Account account) {
        Expiries expiries = account.expiries();
        Map<GrantScope, List<Privilege>> byScope = Grants.byScope(account.effectiveGrants());
        List<String> lines = new ArrayList<>();
        for (HostPattern host : account.hosts()) {
            String to = " TO " + SqlQuoting.account(account.user(), host.text());
            Optional<Instant> hostEnd = expiries.of(host);
            if (!byScope.containsKey(GrantScope.global())) {
                lines.add("GRANT USAGE ON *.*" + to + comment(hostEnd, Optional.empty(), ""));
            }
            byScope.forEach((scope, privileges) -> {
                // one line per end and source, so that each comment holds for the whole line
                Map<Optional<Instant>, Map<String, List<Privilege>>> byEnd = new TreeMap<>(ENDS);
                privileges.forEach(p -> {
                    Grant grant = new Grant(p, scope);
                    Optional<Instant> end = account.grants().contains(grant) ? expiries.of(grant) : Optional.empty();
                    byEnd.computeIfAbsent(end, e -> new TreeMap<>())
                            .computeIfAbsent(source(account, grant), from -> new ArrayList<>())
                            .add(p);
                });
                byEnd.forEach((end, bySource) -> bySource.forEach(
                        (from, ofEnd) -> lines.add(line(scope, ofEnd, to) + comment(hostEnd, end, from))));
            });
        }
        return lines;
    }

    private static String line(GrantScope scope, List<Privilege> privileges, String to) {
        boolean grantOption = privileges.contains(Privilege.GRANT_OPTION);
        List<Privilege> plain =
                privileges.stream().filter(p -> p != Privilege.GRANT_OPTION).toList();
        String names = plain.isEmpty()
                ? "USAGE"
                : plain.stream().map(Privilege::sqlName).collect(Collectors.joining(", "));
        return "GRANT " + names + " ON " + scope.toSql() + to + (grantOption ? " WITH GRANT OPTION" : "");
    }

    private static String comment(Optional<Instant> hostEnd, Optional<Instant> grantEnd, String source) {
        List<String> ends = new ArrayList<>();
        hostEnd.ifPresent(end -> ends.add("host pattern expires " + Expiry.text(end)));
        grantEnd.ifPresent(end -> ends.add("expires " + Expiry.text(end)));
        if (!source.isEmpty()) {
            ends.add(source);
        }
        return ends.isEmpty() ? "" : " -- " + String.join("; ", ends);
    }

    /**
     * Where the account's grant comes from, for its comment: empty for its own grant alone,
     * {@code from role 'r'} for a role's, {@code also from role 'r'} for its own that a role gives too.
     */
    public static String source(Account account, Grant grant) {
        List<String> roles = account.rolesGranting(grant).stream()
                .map(r -> "'" + r.value() + "'")
                .toList();
        if (roles.isEmpty()) {
            return "";
        }
        return (account.grants().contains(grant) ? "also from " : "from ")
                + (roles.size() == 1 ? "role " : "roles ")
                + String.join(", ", roles);
    }
}
