package io.grantgate.ops;

import io.grantgate.auth.PasswordVerifier;
import io.grantgate.catalog.Account;
import io.grantgate.catalog.CatalogExecutor;
import io.grantgate.catalog.CatalogStatement;
import io.grantgate.catalog.CatalogWrites;
import io.grantgate.edge.PasswordStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/**
 * A client's own password change, written to the catalog with the gateways' login: the verifier
 * replaced and its expiry cleared, the catalog version bumped (so every gateway takes the new
 * password at its next poll), and an {@code admin_change} record naming who changed it and from
 * where, in one transaction, as an admin change is written.
 *
 * <p>Threading: any number of session threads at once; each change takes its own connection.
 */
final class CatalogPasswordStore implements PasswordStore {

    private final DataSource catalog;

    CatalogPasswordStore(DataSource catalog) {
        this.catalog = catalog;
    }

    @Override
    public void change(Account account, PasswordVerifier verifier, String actor) throws SQLException {
        try (Connection c = catalog.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                // the version row first, as admin changes lock it first: one order, no deadlock between them
                CatalogExecutor executor = new CatalogExecutor(c);
                executor.run(List.of(CatalogWrites.bumpVersion(actor)));
                CatalogStatement update = CatalogWrites.changeVerifierByGateway(account.id(), verifier);
                if (executeUpdate(c, update) != 1) {
                    throw new SQLException("account '" + account.user().value() + "' has no "
                            + verifier.plugin().pluginName() + " verifier any more");
                }
                executor.run(List.of(CatalogWrites.auditAdminChange(
                        actor, "password", account.user(), "ok", "{\"via\":\"gateway\"}")));
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
    }

    private static int executeUpdate(Connection c, CatalogStatement statement) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(statement.sql())) {
            List<Object> parameters = statement.parameters();
            for (int i = 0; i < parameters.size(); i++) {
                s.setObject(i + 1, parameters.get(i));
            }
            return s.executeUpdate();
        }
    }
}
