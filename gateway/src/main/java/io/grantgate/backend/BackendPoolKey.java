package io.grantgate.backend;

import io.grantgate.account.BackendLogin;
import io.grantgate.protocol.constant.Capabilities;
import io.grantgate.protocol.constant.CapabilityFlag;
import java.util.Objects;

/**
 * What makes two backend connections interchangeable for the relay: the same backend node, the same
 * backend account, the same capability bits that shape packets or change the session's semantics, and the same
 * character set. A client's packets are relayed unchanged, so they must meet a backend connection
 * that negotiated exactly these bits.
 *
 * <p>In the key ({@link #WIRE_FORMAT}): DEPRECATE_EOF and OPTIONAL_RESULTSET_METADATA (result-set
 * shape), SESSION_TRACK (OK layout), QUERY_ATTRIBUTES (COM_QUERY layout), MULTI_STATEMENTS,
 * MULTI_RESULTS, PS_MULTI_RESULTS (whether several results come), LOCAL_FILES (a 0xFB request may
 * come), FOUND_ROWS (affected-row counts), IGNORE_SPACE and NO_SCHEMA (how SQL parses), ODBC,
 * INTERACTIVE (which timeout applies), and MariaDB's PROGRESS, STMT_BULK_OPERATIONS,
 * EXTENDED_METADATA, CACHE_METADATA and BULK_UNIT_RESULTS. Not in it: bits that are always the same
 * (PROTOCOL_41, TRANSACTIONS, PLUGIN_AUTH …), about the connection phase only (SSL, CONNECT_WITH_DB,
 * CONNECT_ATTRS; the schema is set per borrow with COM_INIT_DB) or never sent (COMPRESS).
 */
public record BackendPoolKey(BackendEndpoint node, BackendLogin login, Capabilities wireFormat, int characterSet) {

    public static final Capabilities WIRE_FORMAT = Capabilities.of(
            CapabilityFlag.CLIENT_FOUND_ROWS,
            CapabilityFlag.CLIENT_NO_SCHEMA,
            CapabilityFlag.CLIENT_ODBC,
            CapabilityFlag.CLIENT_LOCAL_FILES,
            CapabilityFlag.CLIENT_IGNORE_SPACE,
            CapabilityFlag.CLIENT_INTERACTIVE,
            CapabilityFlag.CLIENT_MULTI_STATEMENTS,
            CapabilityFlag.CLIENT_MULTI_RESULTS,
            CapabilityFlag.CLIENT_PS_MULTI_RESULTS,
            CapabilityFlag.CLIENT_SESSION_TRACK,
            CapabilityFlag.CLIENT_DEPRECATE_EOF,
            CapabilityFlag.CLIENT_OPTIONAL_RESULTSET_METADATA,
            CapabilityFlag.CLIENT_QUERY_ATTRIBUTES,
            CapabilityFlag.MARIADB_CLIENT_PROGRESS,
            CapabilityFlag.MARIADB_CLIENT_STMT_BULK_OPERATIONS,
            CapabilityFlag.MARIADB_CLIENT_EXTENDED_METADATA,
            CapabilityFlag.MARIADB_CLIENT_CACHE_METADATA,
            CapabilityFlag.MARIADB_CLIENT_BULK_UNIT_RESULTS);

    public BackendPoolKey {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(login, "login");
        Objects.requireNonNull(wireFormat, "wireFormat");
        Objects.checkIndex(characterSet, 256);
        if (!WIRE_FORMAT.containsAll(wireFormat)) {
            throw new IllegalArgumentException(
                    "not wire-format bits: " + new Capabilities(wireFormat.bits() & ~WIRE_FORMAT.bits()));
        }
    }

    /** The key for a client that negotiated {@code clientCapabilities}: only its wire-format bits count. */
    public static BackendPoolKey of(
            BackendEndpoint node, BackendLogin login, Capabilities clientCapabilities, int characterSet) {
        return new BackendPoolKey(node, login, clientCapabilities.intersect(WIRE_FORMAT), characterSet);
    }
}
