package io.grantgate.provision;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs provisioning statements on the backend's admin connection, one after another, and stops at
 * the first failure. Account statements commit implicitly on both servers, so there is no
 * transaction to roll back: the {@link ProvisioningException} says which statements had run, for
 * the caller to compensate (typically by dropping the account or re-running the plan, which is
 * idempotent).
 */
public final class BackendExecutor {

    private static final Logger log = LoggerFactory.getLogger(BackendExecutor.class);

    private final Connection admin;

    /** @param admin a connection with CREATE USER and GRANT OPTION (and the privileges it grants); not closed here */
    public BackendExecutor(Connection admin) {
        this.admin = Objects.requireNonNull(admin, "admin");
    }

    /** Runs {@code statements} in order; logs each one's display text at DEBUG, never its SQL. */
    public void run(List<BackendStatement> statements) throws ProvisioningException {
        Objects.requireNonNull(statements, "statements");
        List<BackendStatement> applied = new ArrayList<>();
        for (BackendStatement statement : statements) {
            Objects.requireNonNull(statement, "statement");
            log.debug("backend: {}", statement.display());
            try (Statement jdbc = admin.createStatement()) {
                jdbc.execute(statement.sql());
            } catch (SQLException e) {
                throw new ProvisioningException(statement, applied, e);
            }
            applied.add(statement);
        }
    }
}
