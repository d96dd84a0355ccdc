package io.grantgate.account;

import io.grantgate.catalog.Account;
import io.grantgate.catalog.BackendAccount;

/** The backend login that mirrors a gateway account. */
public final class AccountMirror {

    private AccountMirror() {}

    /** @throws IllegalStateException when the catalog has no backend account for it ('admin doctor --repair' fixes that) */
    public static BackendLogin loginOf(Account account) {
        BackendAccount backend = account.backend()
                .orElseThrow(() ->
                        new IllegalStateException("account '" + account.user().value()
                                + "' has no backend account in the catalog; run 'admin doctor --repair'"));
        return new BackendLogin(backend.user(), backend.host());
    }
}
