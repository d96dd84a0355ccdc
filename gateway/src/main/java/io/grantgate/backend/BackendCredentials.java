package io.grantgate.backend;

import io.grantgate.auth.Secret;
import java.util.Objects;

/**
 * The backend account the gateway logs in as: a derived user name and its derived password.
 * {@link #toString()} shows the user only.
 */
public record BackendCredentials(String user, Secret password) {

    public BackendCredentials {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (user.isEmpty() || user.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("backend user must be non-empty and without U+0000");
        }
    }

    @Override
    public String toString() {
        return "BackendCredentials[user=" + user + ", password=****]";
    }
}
