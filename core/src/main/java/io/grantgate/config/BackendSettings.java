package io.grantgate.config;

import io.grantgate.auth.Secret;
import io.grantgate.catalog.CatalogSettings;
import io.grantgate.provision.BackendTarget;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The backend admin login used to provision backend accounts, and the host part those accounts
 * get. Each setting comes from the environment ({@code GRANTGATE_BACKEND_URL}, {@code _USER},
 * {@code _PASSWORD}, {@code _ACCOUNT_HOST}), else the admin properties file ({@code backend.url}, ...),
 * else the catalog's own server and login: the embedded set-up, where one server is both.
 */
public record BackendSettings(String jdbcUrl, String user, Secret password, String accountHost) {

    public BackendSettings {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(accountHost, "accountHost");
    }

    public static BackendSettings resolve(
            Map<String, String> env, Optional<AdminProperties> file, CatalogSettings catalog) {
        String url = CatalogOptions.first(
                env.get("GRANTGATE_BACKEND_URL"),
                file.flatMap(p -> p.option(AdminProperties.KEY_BACKEND_URL)).orElse(null),
                serverOf(catalog.jdbcUrl()));
        String user = CatalogOptions.first(
                env.get("GRANTGATE_BACKEND_USER"),
                file.flatMap(p -> p.option(AdminProperties.KEY_BACKEND_USER)).orElse(null),
                catalog.user());
        String password = CatalogOptions.first(
                env.get("GRANTGATE_BACKEND_PASSWORD"),
                file.flatMap(p -> p.option(AdminProperties.KEY_BACKEND_PASSWORD))
                        .orElse(null),
                catalog.password().reveal());
        String host = CatalogOptions.first(
                env.get("GRANTGATE_BACKEND_ACCOUNT_HOST"),
                file.flatMap(p -> p.option(AdminProperties.KEY_BACKEND_ACCOUNT_HOST))
                        .orElse(null),
                BackendTarget.DEFAULT_ACCOUNT_HOST);
        return new BackendSettings(url, user, new Secret(password), host);
    }

    /** {@code jdbc:mysql://h:p/grantgate?x=y} becomes {@code jdbc:mysql://h:p/?x=y}: the server, no schema. */
    static String serverOf(String jdbcUrl) {
        return JdbcUrl.parse(jdbcUrl).server();
    }
}
