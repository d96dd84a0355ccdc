package io.grantgate.auth;

import java.util.Objects;
import java.util.Optional;

/**
 * The authentication plugins the gateway speaks, by the name they carry in HandshakeV10's
 * auth-plugin-name, in AuthSwitchRequest and in {@code mysql.user.plugin}. This enum is the only place
 * those names are spelled.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_authentication_methods.html">Authentication Methods</a>
 */
public enum AuthPlugin {

    /** SHA-1 challenge-response; deprecated in MySQL 8.0, off by default in 8.4, gone in 9.0. */
    MYSQL_NATIVE_PASSWORD("mysql_native_password"),

    /** SHA-256 challenge-response with a server-side cache, and a full exchange over TLS or RSA. */
    CACHING_SHA2_PASSWORD("caching_sha2_password");

    private final String pluginName;

    AuthPlugin(String pluginName) {
        this.pluginName = pluginName;
    }

    /** The name as it appears on the wire. */
    public String pluginName() {
        return pluginName;
    }

    /**
     * The plugin with exactly this name. Empty for plugins the gateway does not speak (sha256_password,
     * MariaDB's ed25519, …), which the caller answers with an AuthSwitchRequest or an error.
     */
    public static Optional<AuthPlugin> fromName(String name) {
        Objects.requireNonNull(name, "name");
        for (AuthPlugin plugin : values()) {
            if (plugin.pluginName.equals(name)) {
                return Optional.of(plugin);
            }
        }
        return Optional.empty();
    }
}
