package io.grantgate.protocol.constant;

import io.grantgate.protocol.message.server.ErrPacket;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The server errors the gateway itself sends, each with MySQL's code, SQLSTATE and message, so
 * clients and drivers react exactly as to MySQL (Connector/J evicts on 08xxx, retries on 40001 ...).
 * Messages use {@code %s}/{@code %d} where MySQL has {@code %-.64s}-style conversions. Errors from
 * the backend are not re-created from here; they pass through byte for byte, but for the account
 * that access errors name ({@link io.grantgate.protocol.ErrAccountRewrite}).
 *
 * <p>Where MariaDB differs, MySQL wins: MariaDB answers 3159 with 08004 and a locked account with
 * 4151, but clients of a MySQL-protocol gateway expect MySQL's.
 *
 * @see <a href="https://dev.mysql.com/doc/mysql-errors/8.4/en/server-error-reference.html">Server Error Message Reference</a>
 */
public enum MySqlError {
    ER_CON_COUNT_ERROR(1040, "08004", "Too many connections"),
    ER_HANDSHAKE_ERROR(1043, "08S01", "Bad handshake"),
    /** user, host, database. */
    ER_DBACCESS_DENIED_ERROR(1044, "42000", "Access denied for user '%s'@'%s' to database '%s'"),
    /** user, host, "YES" or "NO". */
    ER_ACCESS_DENIED_ERROR(1045, "28000", "Access denied for user '%s'@'%s' (using password: %s)"),
    ER_NO_DB_ERROR(1046, "3D000", "No database selected"),
    ER_UNKNOWN_COM_ERROR(1047, "08S01", "Unknown command"),
    /** database. */
    ER_BAD_DB_ERROR(1049, "42000", "Unknown database '%s'"),
    ER_SERVER_SHUTDOWN(1053, "08S01", "Server shutdown in progress"),
    /** host. */
    ER_NO_SUCH_THREAD(1094, "HY000", "Unknown thread id: %d"),
    ER_HOST_IS_BLOCKED(
            1129,
            "HY000",
            "Host '%s' is blocked because of many connection errors; unblock with 'mysqladmin flush-hosts'"),
    /** host. */
    ER_HOST_NOT_PRIVILEGED(1130, "HY000", "Host '%s' is not allowed to connect to this MySQL server"),
    /**
     * host. MariaDB's answer to a PROXY protocol header from outside {@code proxy_protocol_networks}:
     * 1130 with its own message (MySQL has no PROXY protocol support to compare with).
     */
    ER_PROXY_HEADER_NOT_ACCEPTED(1130, "HY000", "Proxy header is not accepted from %s"),
    /** command, user, host, table. */
    ER_TABLEACCESS_DENIED_ERROR(1142, "42000", "%s command denied to user '%s'@'%s' for table '%s'"),
    /** command, user, host, column, table. */
    ER_COLUMNACCESS_DENIED_ERROR(1143, "42000", "%s command denied to user '%s'@'%s' for column '%s' in table '%s'"),
    /** character set. */
    ER_UNKNOWN_CHARACTER_SET(1115, "42000", "Unknown character set: '%s'"),
    ER_NET_PACKET_TOO_LARGE(1153, "08S01", "Got a packet bigger than 'max_allowed_packet' bytes"),
    ER_NET_PACKETS_OUT_OF_ORDER(1156, "08S01", "Got packets out of order"),
    ER_NET_UNCOMPRESS_ERROR(1157, "08S01", "Couldn't uncompress communication packet"),
    ER_NET_READ_ERROR(1158, "08S01", "Got an error reading communication packets"),
    ER_NET_READ_INTERRUPTED(1159, "08S01", "Got timeout reading communication packets"),
    /** user. */
    ER_TOO_MANY_USER_CONNECTIONS(
            1203, "42000", "User %s already has more than 'max_user_connections' active connections"),
    /** user, host. */
    ER_NO_PERMISSION_TO_CREATE_USER(1211, "42000", "'%s'@'%s' is not allowed to create new users"),
    /** user, resource name, current value. */
    ER_USER_LIMIT_REACHED(1226, "42000", "User '%s' has exceeded the '%s' resource (current value: %d)"),
    /** privilege list. */
    ER_SPECIFIC_ACCESS_DENIED_ERROR(
            1227, "42000", "Access denied; you need (at least one of) the %s privilege(s) for this operation"),
    /** what is not supported. */
    ER_NOT_SUPPORTED_YET(1235, "42000", "This version of MySQL doesn't yet support '%s'"),
    ER_NOT_SUPPORTED_AUTH_MODE(
            1251,
            "08004",
            "Client does not support authentication protocol requested by server; consider upgrading MySQL client"),
    ER_QUERY_INTERRUPTED(1317, "70100", "Query execution was interrupted"),
    /** command, user, host, routine. */
    ER_PROCACCESS_DENIED_ERROR(1370, "42000", "%s command denied to user '%s'@'%s' for routine '%s'"),
    /** digits: MariaDB's answer to {@code SET PASSWORD = 'x'} where x is not a mysql_native_password hash. */
    ER_PASSWD_LENGTH(1372, "HY000", "Password hash should be a %d-digit hexadecimal number"),
    /** user, host. */
    ER_ACCESS_DENIED_NO_PASSWORD_ERROR(1698, "28000", "Access denied for user '%s'@'%s'"),
    /** detail, e.g. a correlation id; never a stack trace. */
    ER_INTERNAL_ERROR(1815, "HY000", "Internal error: %s"),
    /** A new password the gateway does not store: empty, over 256 bytes, or with a NUL. */
    ER_NOT_VALID_PASSWORD(1819, "HY000", "Your password does not satisfy the current policy requirements"),
    /** Any statement but a password change, from a session whose password has expired (the sandbox). */
    ER_MUST_CHANGE_PASSWORD(1820, "HY000", "You must SET PASSWORD before executing this statement"),
    ER_MALFORMED_PACKET(1835, "HY000", "Malformed communication packet."),
    /** The login of an expired account by a client without CLIENT_CAN_HANDLE_EXPIRED_PASSWORDS. */
    ER_MUST_CHANGE_PASSWORD_LOGIN(
            1862,
            "HY000",
            "Your password has expired. To log in you must change it using a client that supports expired passwords"),
    /**
     * MariaDB's answer to a statement whose connection was killed (a session that KILLs itself);
     * MySQL has no such code and answers {@link #ER_QUERY_INTERRUPTED} instead.
     */
    ER_CONNECTION_KILLED(1927, "70100", "Connection was killed"),
    /** user, host. */
    ER_ACCOUNT_HAS_BEEN_LOCKED(3118, "HY000", "Access denied for user '%s'@'%s'. Account is locked."),
    ER_SECURE_TRANSPORT_REQUIRED(
            3159, "HY000", "Connections using insecure transport are prohibited while --require_secure_transport=ON."),
    /** MySQL's error when its audit API refuses a statement; the gateway's when its audit trail cannot be written. */
    ER_AUDIT_API_ABORT(3164, "HY000", "Aborted by Audit API: %s");

    /** MYSQL_ERRMSG_SIZE less its NUL: clients keep no more of a message. */
    public static final int MAX_MESSAGE_BYTES = 511;

    private final int code;
    private final String sqlState;
    private final String format;
    private final int arity;

    MySqlError(int code, String sqlState, String format) {
        this.code = code;
        this.sqlState = sqlState;
        this.format = format;
        this.arity = format.split("%[sd]", -1).length - 1;
    }

    public int code() {
        return code;
    }

    public String sqlState() {
        return sqlState;
    }

    public String format() {
        return format;
    }

    /** How many arguments {@link #message(Object...)} takes. */
    public int arity() {
        return arity;
    }

    /** The message with {@code args} filled in, cut to what a client keeps. */
    public String message(Object... args) {
        Objects.requireNonNull(args, "args");
        if (args.length != arity) {
            throw new IllegalArgumentException(name() + " takes " + arity + " arguments, got " + args.length);
        }
        return truncate(String.format(format, args));
    }

    /** The ERR packet for this error. */
    public ErrPacket err(Object... args) {
        return new ErrPacket(code, sqlState, message(args));
    }

    private static String truncate(String message) {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_MESSAGE_BYTES) {
            return message;
        }
        int end = MAX_MESSAGE_BYTES;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--; // never cut a UTF-8 sequence in two
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }
}
