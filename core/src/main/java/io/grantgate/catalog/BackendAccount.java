package io.grantgate.catalog;

import io.grantgate.auth.AuthPlugin;
import java.util.Objects;

/**
 * The backend account mirroring a gateway account: its login on the backend and the version of the
 * secret its password is derived from (the password itself is never stored).
 */
public record BackendAccount(String user, String host, AuthPlugin authPlugin, int secretVersion, BackendState state) {

    public BackendAccount {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(authPlugin, "authPlugin");
        Objects.requireNonNull(state, "state");
        if (user.isEmpty() || user.length() > 32) {
            throw new IllegalArgumentException("backend user must be 1-32 characters: " + user);
        }
        if (secretVersion < 1) {
            throw new IllegalArgumentException("secretVersion must be >= 1, was " + secretVersion);
        }
    }
}
