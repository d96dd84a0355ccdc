package io.grantgate.migrations;

/** The catalog schema could not be migrated or validated; the message says why. */
public final class CatalogMigrationException extends RuntimeException {

    public CatalogMigrationException(String message, Throwable cause) {
        super(message, cause);
    }
}
