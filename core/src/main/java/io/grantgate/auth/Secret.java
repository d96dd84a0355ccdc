package io.grantgate.auth;

import java.util.Objects;

/**
 * A password or key held in memory. Its {@code toString} never shows the value, so a secret that
 * ends up in a log line, an exception message or a record's {@code toString} stays secret.
 */
public record Secret(String value) {

    public Secret {
        Objects.requireNonNull(value, "value");
    }

    /** The value itself, for the one place that must hand it to a driver or a digest. */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "****";
    }
}
