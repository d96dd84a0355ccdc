package io.grantgate.auth;

import java.util.Objects;

/**
 * What the gateway stores instead of a password, one kind per {@link AuthPlugin}. Each kind keeps the
 * exact stored form MySQL uses for that plugin in {@code mysql.user.authentication_string}, so a
 * verifier can move between the catalog and a MySQL account unchanged.
 *
 * <p>Implementations' {@code toString()} never shows the hash or digest.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_authentication_methods.html">Authentication Methods</a>
 */
public sealed interface PasswordVerifier permits NativePasswordVerifier, CachingSha2Verifier {

    /** The plugin whose challenge-response this verifier answers. */
    AuthPlugin plugin();

    /** Whether {@code password} is the one this verifier was made from, compared in constant time. */
    boolean matches(String password);

    /** The stored form, as in {@code mysql.user.authentication_string}. */
    String authenticationString();

    /** A new verifier of {@code password} for {@code plugin}, freshly salted where the plugin salts. */
    static PasswordVerifier create(AuthPlugin plugin, String password) {
        Objects.requireNonNull(plugin, "plugin");
        Objects.requireNonNull(password, "password");
        return switch (plugin) {
            case MYSQL_NATIVE_PASSWORD -> NativePasswordVerifier.create(password);
            case CACHING_SHA2_PASSWORD -> CachingSha2Verifier.create(password);
        };
    }

    /**
     * The verifier {@code plugin} stored as {@code stored}. An empty string, which MySQL uses for
     * accounts without a password, is rejected: the gateway stores the verifier of the empty password.
     */
    static PasswordVerifier parse(AuthPlugin plugin, String stored) {
        Objects.requireNonNull(plugin, "plugin");
        Objects.requireNonNull(stored, "stored");
        return switch (plugin) {
            case MYSQL_NATIVE_PASSWORD -> new NativePasswordVerifier(stored);
            case CACHING_SHA2_PASSWORD -> CachingSha2Verifier.parse(stored);
        };
    }
}
