package io.grantgate.account;

import io.grantgate.auth.Secret;
import io.grantgate.catalog.BackendAccount;
import io.grantgate.catalog.CatalogWatcher;
import java.util.function.Function;

/** The password of a backend login: derived from the master key and the secret version the catalog holds now. */
public final class BackendPasswords {

    private BackendPasswords() {}

    public static Function<BackendLogin, Secret> from(CatalogWatcher catalog, MasterKey masterKey) {
        return login -> {
            int version = catalog.snapshot().accounts().values().stream()
                    .flatMap(a -> a.backend().stream())
                    .filter(b -> b.user().equals(login.user()) && b.host().equals(login.host()))
                    .mapToInt(BackendAccount::secretVersion)
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no account for backend login " + login.sql()));
            return BackendSecret.password(masterKey, login.user(), version);
        };
    }
}
