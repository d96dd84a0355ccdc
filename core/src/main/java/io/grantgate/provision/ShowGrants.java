package io.grantgate.provision;

import io.grantgate.account.SqlQuoting;
import io.grantgate.catalog.Account;
import io.grantgate.catalog.GrantScope;
import io.grantgate.catalog.HostPattern;
import io.grantgate.catalog.Privilege;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An account's grants written as MySQL's SHOW GRANTS writes them, once per host pattern:
 * {@code GRANT USAGE ON *.* TO 'xuys'@'%'}, then one line per scope.
 */
public final class ShowGrants {

    private ShowGrants() {}

    public static List<String> lines(Account account) {
        Map<GrantScope, List<Privilege>> byScope = Grants.byScope(account.grants());
        List<String> lines = new ArrayList<>();
        for (HostPattern host : account.hosts()) {
            String to = " TO " + SqlQuoting.account(account.user(), host.text());
            if (!byScope.containsKey(GrantScope.global())) {
                lines.add("GRANT USAGE ON *.*" + to);
            }
            byScope.forEach((scope, privileges) -> {
                boolean grantOption = privileges.contains(Privilege.GRANT_OPTION);
                List<Privilege> plain = privileges.stream()
                        .filter(p -> p != Privilege.GRANT_OPTION)
                        .toList();
                String names = plain.isEmpty()
                        ? "USAGE"
                        : plain.stream().map(Privilege::sqlName).collect(Collectors.joining(", "));
                lines.add("GRANT " + names + " ON " + scope.toSql() + to + (grantOption ? " WITH GRANT OPTION" : ""));
            });
        }
        return lines;
    }
}
