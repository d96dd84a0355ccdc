package io.grantgate.provision;

import io.grantgate.account.BackendLogin;
import io.grantgate.catalog.Account;
import io.grantgate.catalog.BackendAccount;
import io.grantgate.catalog.CatalogStatement;
import io.grantgate.catalog.CatalogWrites;
import java.util.List;

/**
 * Backend accounts that accept a login from any host ({@code '%'}) although the gateways' address is
 * known ({@code backend.account-host}, e.g. {@code 127.0.0.1} in embedded mode, or the gateways'
 * subnet): whoever learns a derived password could then log in to the backend directly from
 * anywhere, around the gateway. Accounts made before the setting was narrowed keep {@code '%'} until
 * they are renamed to the gateways' host (RENAME USER keeps their grants and password).
 */
public final class OpenBackendHosts {

    /** A backend account at {@code '%'}, and where it belongs. */
    public record Finding(long accountId, BackendLogin from, BackendLogin to) {

        public String what() {
            return "backend account " + from.sql() + " accepts logins from any host; the gateways connect from '"
                    + to.host() + "'";
        }

        public BackendStatement rename() {
            return BackendStatement.of("RENAME USER " + from.sql() + " TO " + to.sql());
        }

        public CatalogStatement catalogChange() {
            return CatalogWrites.setBackendHost(accountId, to.host());
        }
    }

    private OpenBackendHosts() {}

    /** Nothing when the gateways' address is not known ({@code accountHost} is {@code '%'} itself). */
    public static List<Finding> find(List<Account> accounts, String accountHost) {
        if (BackendLogin.ANY_HOST.equals(accountHost)) {
            return List.of();
        }
        return accounts.stream()
                .filter(a -> a.backend()
                        .map(BackendAccount::host)
                        .filter(BackendLogin.ANY_HOST::equals)
                        .isPresent())
                .map(a -> {
                    String user = a.backend().orElseThrow().user();
                    return new Finding(a.id(), BackendLogin.anyHost(user), new BackendLogin(user, accountHost));
                })
                .toList();
    }
}
