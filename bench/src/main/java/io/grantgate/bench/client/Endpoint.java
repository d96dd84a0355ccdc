package io.grantgate.bench.client;

import java.util.Objects;

/**
 * Where a client connects and as whom.
 *
 * @param database the default schema, or null for none
 */
public record Endpoint(String host, int port, String user, String password, String database) {

    public Endpoint {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1-65535, was " + port);
        }
    }

    @Override
    public String toString() {
        return user + "@" + host + ":" + port + (database == null ? "" : "/" + database);
    }
}
