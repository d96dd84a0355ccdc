package io.grantgate.edge;

import io.grantgate.protocol.constant.Capabilities;
import io.grantgate.protocol.constant.CapabilityFlag;

/**
 * The capabilities the gateway can relay unchanged. MariaDB's extensions are offered only when the
 * backend's greeting carries them (MariaDB 10.2 and later):
 * <ul>
 *   <li>metadata caching (10.6): a prepared statement's executions then skip the column
 *       definitions, and the tracker reads the "metadata follows" byte after each column count;
 *   <li>PROGRESS: progress reports (ERR packets with code 0xFFFF) during a long ALTER or LOAD, which
 *       the tracker passes on without ending the response;
 *   <li>STMT_BULK_OPERATIONS: COM_STMT_BULK_EXECUTE, a batch of parameter rows in one command
 *       (MariaDB Connector/J's batched inserts), answered like an execute and audited with its rows;
 *   <li>EXTENDED_METADATA: column definitions carry the data type's name (json, uuid, inet6 …),
 *       which the relay copies without reading.
 * </ul>
 * Compression is the gateway's own, between client and gateway ({@link ClientCompression}), offered
 * whatever the backend offers. Left out: MySQL's optional result-set metadata and query attributes (the command triage and the audit read COM_QUERY's text at its
 * first byte), and MariaDB 11.5's bulk unit results (not tested: the test backend is 11.4).
 */
public final class GatewayCapabilities {

    public static final Capabilities SUPPORTED = Capabilities.of(
            CapabilityFlag.CLIENT_LONG_PASSWORD,
            CapabilityFlag.CLIENT_FOUND_ROWS,
            CapabilityFlag.CLIENT_LONG_FLAG,
            CapabilityFlag.CLIENT_CONNECT_WITH_DB,
            CapabilityFlag.CLIENT_LOCAL_FILES,
            CapabilityFlag.CLIENT_IGNORE_SPACE,
            CapabilityFlag.CLIENT_PROTOCOL_41,
            CapabilityFlag.CLIENT_INTERACTIVE,
            CapabilityFlag.CLIENT_IGNORE_SIGPIPE,
            CapabilityFlag.CLIENT_TRANSACTIONS,
            CapabilityFlag.CLIENT_SECURE_CONNECTION,
            CapabilityFlag.CLIENT_MULTI_STATEMENTS,
            CapabilityFlag.CLIENT_MULTI_RESULTS,
            CapabilityFlag.CLIENT_PS_MULTI_RESULTS,
            CapabilityFlag.CLIENT_PLUGIN_AUTH,
            CapabilityFlag.CLIENT_CONNECT_ATTRS,
            CapabilityFlag.CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA,
            CapabilityFlag.CLIENT_SESSION_TRACK,
            CapabilityFlag.CLIENT_DEPRECATE_EOF,
            // the gateway's own sandbox: the backend accounts' passwords never expire
            CapabilityFlag.CLIENT_CAN_HANDLE_EXPIRED_PASSWORDS,
            CapabilityFlag.MARIADB_CLIENT_PROGRESS,
            CapabilityFlag.MARIADB_CLIENT_STMT_BULK_OPERATIONS,
            CapabilityFlag.MARIADB_CLIENT_EXTENDED_METADATA,
            CapabilityFlag.MARIADB_CLIENT_CACHE_METADATA);

    private GatewayCapabilities() {}

    /** What the greeting offers: what both the gateway and the backend support, plus TLS and compression (ours). */
    public static Capabilities offered(Capabilities backend) {
        return offered(backend, ClientCompression.offered());
    }

    /** The same, with the compression the gateway can offer given. */
    static Capabilities offered(Capabilities backend, Capabilities compression) {
        Capabilities common = SUPPORTED.intersect(backend).with(CapabilityFlag.CLIENT_CAN_HANDLE_EXPIRED_PASSWORDS);
        if (!backend.carriesMariaDbExtension()) {
            // a greeting with CLIENT_MYSQL set has no room for MariaDB's bits
            common = Capabilities.fromParts(common.toInt(), 0);
        }
        return common.union(compression)
                .with(
                        CapabilityFlag.CLIENT_SSL,
                        CapabilityFlag.CLIENT_PROTOCOL_41,
                        CapabilityFlag.CLIENT_SECURE_CONNECTION,
                        CapabilityFlag.CLIENT_PLUGIN_AUTH);
    }
}
