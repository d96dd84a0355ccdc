package io.grantgate.protocol.constant;

import java.util.Optional;

/**
 * One bit of the capability flags client and server exchange in the handshake. Bits 0-31 are
 * MySQL's, sent in HandshakeV10 and HandshakeResponse41; bits 32-63 are MariaDB's extension, sent
 * in otherwise reserved bytes of both packets, and only when bit 0 is clear (MariaDB reads bit 0 as
 * {@link #CLIENT_MYSQL}: a MySQL peer always sets it).
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/group__group__cs__capabilities__flags.html">Capabilities Flags</a>
 * @see <a href="https://mariadb.com/docs/server/reference/clientserver-protocol/1-connecting/connection">MariaDB: Connection (capabilities)</a>
 */
public enum CapabilityFlag {
    CLIENT_LONG_PASSWORD(1L),
    /** Affected rows are the rows found, not the rows changed. */
    CLIENT_FOUND_ROWS(1L << 1),
    CLIENT_LONG_FLAG(1L << 2),
    /** HandshakeResponse41 carries an initial schema. */
    CLIENT_CONNECT_WITH_DB(1L << 3),
    CLIENT_NO_SCHEMA(1L << 4),
    CLIENT_COMPRESS(1L << 5),
    CLIENT_ODBC(1L << 6),
    /** The client handles a LOCAL INFILE request (LOAD DATA LOCAL). */
    CLIENT_LOCAL_FILES(1L << 7),
    CLIENT_IGNORE_SPACE(1L << 8),
    /** The 4.1 protocol: SQLSTATE in ERR, warnings and status in OK and EOF. */
    CLIENT_PROTOCOL_41(1L << 9),
    CLIENT_INTERACTIVE(1L << 10),
    /** TLS: the client sends an SslRequest and upgrades before the HandshakeResponse41. */
    CLIENT_SSL(1L << 11),
    CLIENT_IGNORE_SIGPIPE(1L << 12),
    /** Status flags in OK and EOF even without CLIENT_PROTOCOL_41. */
    CLIENT_TRANSACTIONS(1L << 13),
    CLIENT_RESERVED(1L << 14),
    /** 4.1 authentication: a length-prefixed auth response (MySQL now calls the bit CLIENT_RESERVED2). */
    CLIENT_SECURE_CONNECTION(1L << 15),
    CLIENT_MULTI_STATEMENTS(1L << 16),
    /** Several result sets per COM_QUERY, chained by SERVER_MORE_RESULTS_EXISTS. */
    CLIENT_MULTI_RESULTS(1L << 17),
    CLIENT_PS_MULTI_RESULTS(1L << 18),
    /** Auth plugin names in the handshake and AuthSwitchRequest. */
    CLIENT_PLUGIN_AUTH(1L << 19),
    CLIENT_CONNECT_ATTRS(1L << 20),
    /** The auth response in HandshakeResponse41 is a string&lt;lenenc&gt;, so it may exceed 255 bytes. */
    CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA(1L << 21),
    CLIENT_CAN_HANDLE_EXPIRED_PASSWORDS(1L << 22),
    /** OK packets carry session state changes. */
    CLIENT_SESSION_TRACK(1L << 23),
    /** No EOF packets: metadata ends without one, and results end with an OK whose header is 0xFE. */
    CLIENT_DEPRECATE_EOF(1L << 24),
    /** A metadata_follows byte after the column count may say the column definitions are skipped. */
    CLIENT_OPTIONAL_RESULTSET_METADATA(1L << 25),
    /** HandshakeResponse41 ends with a zstd compression level. */
    CLIENT_ZSTD_COMPRESSION_ALGORITHM(1L << 26),
    /** COM_QUERY carries query attributes before the SQL text. */
    CLIENT_QUERY_ATTRIBUTES(1L << 27),
    /** MySQL's name has no CLIENT_ prefix. */
    MULTI_FACTOR_AUTHENTICATION(1L << 28),
    CLIENT_CAPABILITY_EXTENSION(1L << 29),
    CLIENT_SSL_VERIFY_SERVER_CERT(1L << 30),
    CLIENT_REMEMBER_OPTIONS(1L << 31),

    /** MariaDB: progress reports, ERR packets with code 0xFFFF that do not end the response. */
    MARIADB_CLIENT_PROGRESS(1L << 32),
    /** MariaDB: COM_MULTI, removed again in 10.6. */
    MARIADB_CLIENT_COM_MULTI(1L << 33),
    /** MariaDB: COM_STMT_BULK_EXECUTE. */
    MARIADB_CLIENT_STMT_BULK_OPERATIONS(1L << 34),
    /** MariaDB: column definitions carry extended type info (json, uuid, geometry subtypes). */
    MARIADB_CLIENT_EXTENDED_METADATA(1L << 35),
    /** MariaDB: a metadata-follows byte after the column count, as CLIENT_OPTIONAL_RESULTSET_METADATA. */
    MARIADB_CLIENT_CACHE_METADATA(1L << 36),
    /** MariaDB 11.5: COM_STMT_BULK_EXECUTE may answer with a result set per row. */
    MARIADB_CLIENT_BULK_UNIT_RESULTS(1L << 37);

    /** MariaDB's name for bit 0: set by MySQL peers, clear when MariaDB's extended bits are sent. */
    public static final CapabilityFlag CLIENT_MYSQL = CLIENT_LONG_PASSWORD;

    private final long mask;

    CapabilityFlag(long mask) {
        this.mask = mask;
    }

    public long mask() {
        return mask;
    }

    /** True for MariaDB's extended capabilities, bits 32 and up. */
    public boolean isMariaDbExtension() {
        return mask >>> 32 != 0;
    }

    /** The flag with exactly this bit, if any. */
    public static Optional<CapabilityFlag> fromMask(long mask) {
        for (CapabilityFlag flag : values()) {
            if (flag.mask == mask) {
                return Optional.of(flag);
            }
        }
        return Optional.empty();
    }
}
