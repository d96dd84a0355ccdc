package io.grantgate.protocol.constant;

import java.util.EnumSet;
import java.util.Set;

/**
 * One bit of the int&lt;2&gt; status flags in OK, EOF and HandshakeV10. A relay reads them from each
 * response's terminator: whether a transaction is open decides if a backend connection may go back
 * to its pool, and SERVER_MORE_RESULTS_EXISTS whether another result follows.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/mysql__com_8h.html">mysql_com.h: SERVER_STATUS_flags_enum</a>
 * @see <a href="https://mariadb.com/docs/server/reference/clientserver-protocol/4-server-response-packets/ok_packet">MariaDB: OK_Packet (server status flag)</a>
 */
public enum ServerStatus {
    SERVER_STATUS_IN_TRANS(0x0001),
    SERVER_STATUS_AUTOCOMMIT(0x0002),
    /** Another result follows this one: multi-statements, stored procedures, OUT parameters. */
    SERVER_MORE_RESULTS_EXISTS(0x0008),
    SERVER_QUERY_NO_GOOD_INDEX_USED(0x0010),
    SERVER_QUERY_NO_INDEX_USED(0x0020),
    /** COM_STMT_EXECUTE opened a cursor: no rows follow, the client fetches them. */
    SERVER_STATUS_CURSOR_EXISTS(0x0040),
    /** COM_STMT_FETCH: the cursor is exhausted. */
    SERVER_STATUS_LAST_ROW_SENT(0x0080),
    SERVER_STATUS_DB_DROPPED(0x0100),
    SERVER_STATUS_NO_BACKSLASH_ESCAPES(0x0200),
    SERVER_STATUS_METADATA_CHANGED(0x0400),
    SERVER_QUERY_WAS_SLOW(0x0800),
    SERVER_PS_OUT_PARAMS(0x1000),
    SERVER_STATUS_IN_TRANS_READONLY(0x2000),
    /** The OK packet carries session state information. */
    SERVER_SESSION_STATE_CHANGED(0x4000);

    private final int mask;

    ServerStatus(int mask) {
        this.mask = mask;
    }

    public int mask() {
        return mask;
    }

    /** True when this flag is set in {@code statusFlags}. */
    public boolean isSetIn(int statusFlags) {
        return (statusFlags & mask) != 0;
    }

    public static int maskOf(ServerStatus... flags) {
        int mask = 0;
        for (ServerStatus flag : flags) {
            mask |= flag.mask;
        }
        return mask;
    }

    /** The known flags set in {@code statusFlags}. */
    public static Set<ServerStatus> setOf(int statusFlags) {
        EnumSet<ServerStatus> set = EnumSet.noneOf(ServerStatus.class);
        for (ServerStatus flag : values()) {
            if (flag.isSetIn(statusFlags)) {
                set.add(flag);
            }
        }
        return set;
    }
}
