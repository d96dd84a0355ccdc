package io.grantgate.backend;

import io.grantgate.protocol.constant.Capabilities;
import io.grantgate.protocol.constant.CapabilityFlag;

/**
 * Which capability flags the gateway sends in its HandshakeResponse41 to a backend: a pure function
 * of what was requested, what the server offers, and the connection's own choices.
 *
 * <p>The gateway relays its clients' packets unchanged, so every bit that shapes a packet must be the
 * client's choice (requested) and the server's (offered): DEPRECATE_EOF, SESSION_TRACK, LOCAL_FILES,
 * QUERY_ATTRIBUTES, MariaDB's extended metadata … pass through that intersection. On top, the bits
 * the gateway itself relies on are always asked for ({@link #ALWAYS}). Never sent: COMPRESS (the
 * relay reads plain frames), SSL unless the connection upgrades, CONNECT_WITH_DB unless a schema is
 * given, CONNECT_ATTRS unless attributes are, zstd, and the bits about authentication the gateway
 * does not perform (expired passwords, multi-factor) or that are meaningless to send (SSL_VERIFY,
 * REMEMBER_OPTIONS, CAPABILITY_EXTENSION).
 */
public final class ClientCapabilities {

    /** What the gateway needs from every backend connection. */
    public static final Capabilities ALWAYS = Capabilities.of(
            CapabilityFlag.CLIENT_LONG_PASSWORD, // CLIENT_MYSQL: kept for MySQL, dropped by MariaDB's greeting
            CapabilityFlag.CLIENT_LONG_FLAG,
            CapabilityFlag.CLIENT_PROTOCOL_41,
            CapabilityFlag.CLIENT_SECURE_CONNECTION,
            CapabilityFlag.CLIENT_PLUGIN_AUTH,
            CapabilityFlag.CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA,
            CapabilityFlag.CLIENT_TRANSACTIONS,
            CapabilityFlag.CLIENT_MULTI_RESULTS,
            CapabilityFlag.CLIENT_PS_MULTI_RESULTS,
            CapabilityFlag.CLIENT_MULTI_STATEMENTS);

    /** Never sent, whatever the client asked for. */
    static final Capabilities NEVER = Capabilities.of(
            CapabilityFlag.CLIENT_COMPRESS,
            CapabilityFlag.CLIENT_ZSTD_COMPRESSION_ALGORITHM,
            CapabilityFlag.CLIENT_SSL,
            CapabilityFlag.CLIENT_CONNECT_WITH_DB,
            CapabilityFlag.CLIENT_CONNECT_ATTRS,
            CapabilityFlag.CLIENT_CAN_HANDLE_EXPIRED_PASSWORDS,
            CapabilityFlag.MULTI_FACTOR_AUTHENTICATION,
            CapabilityFlag.CLIENT_SSL_VERIFY_SERVER_CERT,
            CapabilityFlag.CLIENT_REMEMBER_OPTIONS,
            CapabilityFlag.CLIENT_CAPABILITY_EXTENSION,
            CapabilityFlag.MARIADB_CLIENT_COM_MULTI);

    private ClientCapabilities() {}

    /**
     * The flags to send.
     *
     * @param requested what the caller wants (usually its client's flags)
     * @param server    what the backend's greeting offers
     * @param tls       the connection upgrades to TLS
     * @param schema    an initial schema is sent
     * @param attrs     connection attributes are sent
     */
    public static Capabilities negotiate(
            Capabilities requested, Capabilities server, boolean tls, boolean schema, boolean attrs) {
        Capabilities wanted = requested.union(ALWAYS).intersect(new Capabilities(~NEVER.bits()));
        if (tls) {
            wanted = wanted.with(CapabilityFlag.CLIENT_SSL);
        }
        if (schema) {
            wanted = wanted.with(CapabilityFlag.CLIENT_CONNECT_WITH_DB);
        }
        if (attrs) {
            wanted = wanted.with(CapabilityFlag.CLIENT_CONNECT_ATTRS);
        }
        Capabilities chosen = wanted.intersect(server);
        if (!chosen.carriesMariaDbExtension()) {
            // MariaDB's extended bits travel only with CLIENT_MYSQL clear; a MySQL server has none anyway
            chosen = new Capabilities(chosen.bits() & 0xFFFFFFFFL);
        }
        return chosen;
    }
}
