package io.grantgate.protocol.constant;

import java.util.Optional;

/**
 * The first byte of every client packet in the command phase. Codes the server no longer
 * implements are listed too: a gateway has to recognise them to answer them, with
 * {@link MySqlError#ER_UNKNOWN_COM_ERROR} as MySQL does.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/my__command_8h.html">my_command.h: enum_server_command</a>
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_command_phase.html">Command Phase</a>
 * @see <a href="https://mariadb.com/docs/server/reference/clientserver-protocol/3-binary-protocol-prepared-statements/com_stmt_bulk_execute">MariaDB: COM_STMT_BULK_EXECUTE</a>
 */
public enum CommandType {

    /** Server-internal; answered with an error. */
    COM_SLEEP(0x00),
    /** Closes the connection; no response. */
    COM_QUIT(0x01),
    COM_INIT_DB(0x02),
    COM_QUERY(0x03),
    /** Deprecated; column definitions of a table, then EOF. */
    COM_FIELD_LIST(0x04),
    /** Removed in MySQL 5.x. */
    COM_CREATE_DB(0x05),
    /** Removed in MySQL 5.x. */
    COM_DROP_DB(0x06),
    /** Deprecated FLUSH. */
    COM_REFRESH(0x07),
    /** Removed in MySQL 8.0; still served by MariaDB. */
    COM_SHUTDOWN(0x08),
    /** Answered with one human-readable string, neither OK nor a result set. */
    COM_STATISTICS(0x09),
    /** Deprecated SHOW PROCESSLIST; a text result set. */
    COM_PROCESS_INFO(0x0A),
    COM_CONNECT(0x0B),
    COM_PROCESS_KILL(0x0C),
    COM_DEBUG(0x0D),
    COM_PING(0x0E),
    COM_TIME(0x0F),
    COM_DELAYED_INSERT(0x10),
    /** Re-authenticates on the same connection: an authentication exchange, not a simple response. */
    COM_CHANGE_USER(0x11),
    /** Replication: the server streams binlog events until the connection ends. */
    COM_BINLOG_DUMP(0x12),
    COM_TABLE_DUMP(0x13),
    COM_CONNECT_OUT(0x14),
    COM_REGISTER_SLAVE(0x15),
    COM_STMT_PREPARE(0x16),
    COM_STMT_EXECUTE(0x17),
    /** No response. */
    COM_STMT_SEND_LONG_DATA(0x18),
    /** No response. */
    COM_STMT_CLOSE(0x19),
    COM_STMT_RESET(0x1A),
    COM_SET_OPTION(0x1B),
    COM_STMT_FETCH(0x1C),
    COM_DAEMON(0x1D),
    COM_BINLOG_DUMP_GTID(0x1E),
    COM_RESET_CONNECTION(0x1F),
    /** MySQL 8.0.17+: hands the connection to the clone protocol. */
    COM_CLONE(0x20),
    COM_SUBSCRIBE_GROUP_REPLICATION_STREAM(0x21),
    /** MariaDB 10.2+: many parameter sets for one prepared statement. */
    COM_STMT_BULK_EXECUTE(0xFA);

    private static final CommandType[] BY_CODE = new CommandType[256];

    static {
        for (CommandType type : values()) {
            BY_CODE[type.code] = type;
        }
    }

    private final int code;

    CommandType(int code) {
        this.code = code;
    }

    /** The byte on the wire, 0..255. */
    public int code() {
        return code;
    }

    /** The command with this code; empty for codes no server defines. */
    public static Optional<CommandType> fromCode(int code) {
        return code >= 0 && code < BY_CODE.length ? Optional.ofNullable(BY_CODE[code]) : Optional.empty();
    }
}
