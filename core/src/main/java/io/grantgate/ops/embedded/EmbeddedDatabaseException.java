package io.grantgate.ops.embedded;

/** The embedded database could not be prepared, started or stopped; the message says what to do. */
public final class EmbeddedDatabaseException extends RuntimeException {

    public EmbeddedDatabaseException(String message) {
        super(message);
    }

    public EmbeddedDatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
