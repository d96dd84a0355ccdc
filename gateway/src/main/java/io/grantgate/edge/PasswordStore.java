package io.grantgate.edge;

import io.grantgate.auth.PasswordVerifier;
import io.grantgate.catalog.Account;
import java.sql.SQLException;

/**
 * Where a client's own new password goes (SET PASSWORD, ALTER USER … IDENTIFIED BY through the
 * gateway): the account's verifier in the catalog, never the backend, whose account keeps the
 * password the gateway derives for it.
 *
 * <p>Threading: called from session threads, any number at once.
 */
@FunctionalInterface
public interface PasswordStore {

    /**
     * Replaces {@code account}'s verifier with {@code verifier} (same plugin) and clears its expiry,
     * bumps the catalog version and records the change in the catalog's audit, in one transaction.
     *
     * @param actor who changed it and from where, for the audit record
     * @throws SQLException when the catalog cannot be written, or the account's verifier is gone
     *     (the account dropped or its plugin changed meanwhile): nothing changed
     */
    void change(Account account, PasswordVerifier verifier, String actor) throws SQLException;
}
