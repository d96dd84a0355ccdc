package io.grantgate.edge;

import io.grantgate.protocol.constant.CapabilityFlag;
import io.grantgate.protocol.constant.Capabilities;

/**
 * The capabilities the gateway can relay unchanged. Left out: compression (the relay copies frames
 * as they are), optional result-set metadata and MariaDB's metadata caching (they change response
 * shapes in ways the tracker does not follow), and MariaDB's other extensions.
 */
public final class GatewayCapabilities {

    public static final Capabilities SUPPORTED = Capabilities.of(
            CapabilityFlag.CLIENT_LONG_PASSWORD, CapabilityFlag.CLIENT_FOUND_ROWS, CapabilityFlag.CLIENT_LONG_FLAG,
            CapabilityFlag.CLIENT_CONNECT_WITH_DB, CapabilityFlag.CLIENT_LOCAL_FILES, CapabilityFlag.CLIENT_IGNORE_SPACE,
            CapabilityFlag.CLIENT_PROTOCOL_41, CapabilityFlag.CLIENT_INTERACTIVE, CapabilityFlag.CLIENT_IGNORE_SIGPIPE,
            CapabilityFlag.CLIENT_TRANSACTIONS, CapabilityFlag.CLIENT_SECURE_CONNECTION, CapabilityFlag.CLIENT_MULTI_STATEMENTS,
            CapabilityFlag.CLIENT_MULTI_RESULTS, CapabilityFlag.CLIENT_PS_MULTI_RESULTS, CapabilityFlag.CLIENT_PLUGIN_AUTH,
            CapabilityFlag.CLIENT_CONNECT_ATTRS, CapabilityFlag.CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA,
            CapabilityFlag.CLIENT_SESSION_TRACK, CapabilityFlag.CLIENT_DEPRECATE_EOF);

    private GatewayCapabilities() {
    }

    /** What the greeting offers: what both the gateway and the backend support, plus TLS (ours). */
    public static Capabilities offered(Capabilities backend) {
        return SUPPORTED.intersect(backend).with(CapabilityFlag.CLIENT_SSL, CapabilityFlag.CLIENT_PROTOCOL_41,
                CapabilityFlag.CLIENT_SECURE_CONNECTION, CapabilityFlag.CLIENT_PLUGIN_AUTH);
    }
}
