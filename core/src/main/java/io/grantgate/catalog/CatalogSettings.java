package io.grantgate.catalog;

import io.grantgate.auth.Secret;
import java.util.Objects;

/**
 * How to reach the catalog schema: a JDBC URL that names the schema, and the login.
 *
 * @param jdbcUrl e.g. {@code jdbc:mysql://127.0.0.1:13306/grantgate}
 */
public record CatalogSettings(String jdbcUrl, String user, Secret password) {

    public CatalogSettings {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
    }

    /**
     * The same URL asking the driver to create the schema when it is missing: only the migration
     * path uses it, so that a typo in the URL of any other command fails instead of creating a
     * stray schema.
     */
    public CatalogSettings creatingSchema() {
        if (jdbcUrl.contains("createDatabaseIfNotExist=")) {
            return this;
        }
        String separator = jdbcUrl.indexOf('?') >= 0 ? "&" : "?";
        return new CatalogSettings(jdbcUrl + separator + "createDatabaseIfNotExist=true", user, password);
    }
}
