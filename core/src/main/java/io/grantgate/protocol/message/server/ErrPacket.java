package io.grantgate.protocol.message.server;

import io.grantgate.protocol.MalformedPacketException;
import io.grantgate.protocol.PayloadReader;
import io.grantgate.protocol.PayloadWriter;
import io.grantgate.protocol.constant.Capabilities;
import io.grantgate.protocol.constant.CapabilityFlag;
import java.util.Objects;

/**
 * ERR_Packet: 0xFF, int&lt;2&gt; error code, with CLIENT_PROTOCOL_41 '#' and a five-character
 * SQLSTATE, then the message to the end of the packet.
 *
 * <p>Errors sent before the client's capabilities are known (too many connections, host not
 * allowed) carry no SQLSTATE; they decode with {@link #UNKNOWN_SQL_STATE}, as the C client reports
 * them. MariaDB's progress reports share the header but carry code 0xFFFF; they are not errors and
 * do not decode here.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_err_packet.html">ERR_Packet</a>
 * @see <a href="https://mariadb.com/docs/server/reference/clientserver-protocol/4-server-response-packets/err_packet">MariaDB: ERR_Packet</a>
 */
public record ErrPacket(int errorCode, String sqlState, String message) {

    public static final int HEADER = 0xFF;

    /** MariaDB: the error code of a progress report, which shares the ERR header. */
    public static final int PROGRESS_REPORT_CODE = 0xFFFF;

    /** The SQLSTATE of an error that did not send one. */
    public static final String UNKNOWN_SQL_STATE = "HY000";

    private static final int SQL_STATE_MARKER = '#';

    public ErrPacket {
        if (errorCode < 0 || errorCode >= PROGRESS_REPORT_CODE) {
            throw new IllegalArgumentException("error code out of range: " + errorCode);
        }
        if (!isSqlState(sqlState)) {
            throw new IllegalArgumentException("not an SQLSTATE: " + sqlState);
        }
        Objects.requireNonNull(message, "message");
    }

    public static ErrPacket decode(PayloadReader payload, Capabilities capabilities) throws MalformedPacketException {
        if (payload.readInt1() != HEADER) {
            throw new MalformedPacketException("not an ERR packet");
        }
        int code = payload.readInt2();
        if (code == PROGRESS_REPORT_CODE) {
            throw new MalformedPacketException("a MariaDB progress report, not an error");
        }
        String state = UNKNOWN_SQL_STATE;
        if (capabilities.contains(CapabilityFlag.CLIENT_PROTOCOL_41)
                && payload.hasRemaining()
                && payload.peekInt1() == SQL_STATE_MARKER) {
            payload.skip(1);
            state = payload.readFixedAscii(5);
            if (!isSqlState(state)) {
                throw new MalformedPacketException("not an SQLSTATE after '#'");
            }
        }
        return new ErrPacket(code, state, payload.readRestString());
    }

    public byte[] encode(Capabilities capabilities) {
        PayloadWriter out = new PayloadWriter(16 + message.length());
        out.writeInt1(HEADER).writeInt2(errorCode);
        if (capabilities.contains(CapabilityFlag.CLIENT_PROTOCOL_41)) {
            out.writeInt1(SQL_STATE_MARKER).writeString(sqlState);
        }
        return out.writeString(message).toByteArray();
    }

    private static boolean isSqlState(String state) {
        return state != null
                && state.length() == 5
                && state.chars().allMatch(c -> c < 128 && Character.isLetterOrDigit(c));
    }
}
