package io.grantgate.provision;

import io.grantgate.account.MasterKey;
import java.util.Objects;

/**
 * What planning a backend change needs to know about the backend: its SQL dialect, the master key
 * backend passwords derive from, and the host part every backend account gets (from configuration,
 * default {@code %}: the backend sees the gateway's address, not the client's).
 */
public record BackendTarget(Dialect dialect, MasterKey masterKey, String accountHost) {

    public static final String DEFAULT_ACCOUNT_HOST = "%";

    public BackendTarget {
        Objects.requireNonNull(dialect, "dialect");
        Objects.requireNonNull(masterKey, "masterKey");
        Objects.requireNonNull(accountHost, "accountHost");
    }

    public BackendStatements statements() {
        return new BackendStatements(dialect);
    }
}
