package io.grantgate.backend;

/**
 * Failures the gateway detects itself on a backend connection, with the client-library error codes
 * (CR_*) drivers use for them, and SQLSTATEs in class 08 so that anything pooling on top evicts.
 * Errors the backend sends are not listed here: they travel as the server's own ERR packet.
 *
 * @see <a href="https://dev.mysql.com/doc/mysql-errors/8.4/en/client-error-reference.html">Client Error Message Reference</a>
 */
public enum BackendFailure {

    /** CR_CONN_HOST_ERROR: no TCP connection. */
    CONNECT_FAILED(2003, "08001", "Can't connect to backend %s"),
    /** CR_SERVER_LOST: the stream ended, timed out or broke. */
    SERVER_LOST(2013, "08S01", "Lost connection to backend %s during %s"),
    /** CR_SSL_CONNECTION_ERROR. */
    TLS_FAILED(2026, "08001", "TLS connection error with backend %s: %s"),
    /** CR_MALFORMED_PACKET: the backend sent something that does not parse. */
    MALFORMED_PACKET(2027, "08S01", "Malformed packet from backend %s during %s"),
    /** CR_AUTH_PLUGIN_CANNOT_LOAD: the backend asked for a plugin the gateway does not speak. */
    AUTH_PLUGIN_UNSUPPORTED(2059, "08004", "Backend %s asked for authentication plugin '%s', which is not supported"),
    /** ER_CON_COUNT_ERROR, as a client would see it: no pooled connection within the borrow timeout. */
    POOL_EXHAUSTED(1040, "08004", "Too many connections: no backend connection for %s within %d ms");

    private final int code;
    private final String sqlState;
    private final String format;

    BackendFailure(int code, String sqlState, String format) {
        this.code = code;
        this.sqlState = sqlState;
        this.format = format;
    }

    public int code() {
        return code;
    }

    public String sqlState() {
        return sqlState;
    }

    public String message(Object... arguments) {
        return String.format(format, arguments);
    }
}
