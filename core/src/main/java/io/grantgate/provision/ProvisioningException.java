package io.grantgate.provision;

import java.sql.SQLException;
import java.util.List;
import java.util.Objects;

/**
 * A backend statement failed. Carries the statement (its display text is in the message), the
 * server's SQLSTATE and error code, and the statements of the same run that had already been
 * applied, so that a caller can compensate or record how far provisioning got.
 *
 * <p>The cause is the driver's exception, unless the failed statement carries a secret and the
 * server's message quoted it: then the cause is a copy with the secret taken out (same SQLSTATE,
 * code and stack trace), and the driver's exception is not kept.
 */
public final class ProvisioningException extends Exception {

    private final transient List<BackendStatement> applied;
    private final transient BackendStatement failed;
    private final String sqlState;
    private final int vendorCode;
    private final String message;

    /**
     * @param failed the statement the server refused
     * @param applied the statements that had run before it, in order
     * @param cause the driver's exception for {@code failed}
     */
    public ProvisioningException(BackendStatement failed, List<BackendStatement> applied, SQLException cause) {
        super(ServerMessages.withoutSecret(
                Objects.requireNonNull(cause, "cause"), Objects.requireNonNull(failed, "failed")));
        SQLException safeCause = (SQLException) getCause();
        this.failed = failed;
        this.applied = List.copyOf(applied);
        this.sqlState = safeCause.getSQLState();
        this.vendorCode = safeCause.getErrorCode();
        this.message = "backend statement failed: " + failed.display() + ": " + safeCause.getMessage()
                + " (error " + vendorCode + ", SQLSTATE " + sqlState + "); "
                + this.applied.size() + (this.applied.size() == 1 ? " statement" : " statements") + " had already run";
    }

    /** The statements that succeeded before {@link #failed()}, in order. */
    public List<BackendStatement> applied() {
        return applied;
    }

    /** The statement the server refused. */
    public BackendStatement failed() {
        return failed;
    }

    /** The SQLSTATE the server returned, e.g. {@code 42000}; null if the driver had none. */
    public String sqlState() {
        return sqlState;
    }

    /** The server's error code, e.g. 1396 (operation failed for an account); 0 if none. */
    public int vendorCode() {
        return vendorCode;
    }

    @Override
    public String getMessage() {
        return message;
    }
}
