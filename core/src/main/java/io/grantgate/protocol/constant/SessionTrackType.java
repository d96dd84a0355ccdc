package io.grantgate.protocol.constant;

import java.util.Optional;

/**
 * The type byte of one entry of an OK packet's session-state information (CLIENT_SESSION_TRACK with
 * SERVER_SESSION_STATE_CHANGED): {@code enum_session_state_type}, the same on MySQL and MariaDB.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_ok_packet.html">OK_Packet</a>
 * @see <a href="https://mariadb.com/kb/en/ok_packet/">MariaDB: OK_Packet</a>
 */
public enum SessionTrackType {
    /** One session system variable that was assigned: its name and value, each a string&lt;lenenc&gt;. */
    SESSION_TRACK_SYSTEM_VARIABLES(0),
    /** The default schema changed: its name. */
    SESSION_TRACK_SCHEMA(1),
    /** Something of the session changed (session_track_state_change): "1". */
    SESSION_TRACK_STATE_CHANGE(2),
    SESSION_TRACK_GTIDS(3),
    /** The characteristics of the transaction, or of the next one: the statements that would set them, or empty. */
    SESSION_TRACK_TRANSACTION_CHARACTERISTICS(4),
    /** The transaction's state: eight characters ("T___W___"); MariaDB names it SESSION_TRACK_TRANSACTION_TYPE. */
    SESSION_TRACK_TRANSACTION_STATE(5);

    private final int code;

    SessionTrackType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The type of an entry's type byte; empty for one this gateway does not know. */
    public static Optional<SessionTrackType> of(int code) {
        for (SessionTrackType type : values()) {
            if (type.code == code) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
