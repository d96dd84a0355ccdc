package io.grantgate.protocol.message.server;

import io.grantgate.protocol.Bytes;
import io.grantgate.protocol.MalformedPacketException;
import io.grantgate.protocol.PayloadReader;
import io.grantgate.protocol.PayloadWriter;
import io.grantgate.protocol.constant.Capabilities;
import io.grantgate.protocol.constant.CapabilityFlag;
import io.grantgate.protocol.constant.ServerStatus;
import java.util.Objects;

/**
 * OK_Packet: header, int&lt;lenenc&gt; affected rows, int&lt;lenenc&gt; last insert id, status flags
 * and warnings (CLIENT_PROTOCOL_41), then the info text: with CLIENT_SESSION_TRACK as a
 * string&lt;lenenc&gt; followed by the session state changes when SERVER_SESSION_STATE_CHANGED is set,
 * otherwise as the rest of the packet.
 *
 * <p>The header is 0x00, except where CLIENT_DEPRECATE_EOF makes an OK take an EOF's place at the
 * end of a result set: there it is 0xFE ({@link #eofHeader()}), so old parsers still stop there.
 * Session state information is kept as the raw bytes the server sent.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_ok_packet.html">OK_Packet</a>
 * @see <a href="https://mariadb.com/docs/server/reference/clientserver-protocol/4-server-response-packets/ok_packet">MariaDB: OK_Packet</a>
 */
public record OkPacket(
        boolean eofHeader,
        long affectedRows,
        long lastInsertId,
        int statusFlags,
        int warnings,
        String info,
        Bytes sessionStateInfo) {

    public static final int HEADER = 0x00;
    public static final int EOF_HEADER = 0xFE;

    public OkPacket {
        EofPacket.checkUnsigned16(statusFlags, "statusFlags");
        EofPacket.checkUnsigned16(warnings, "warnings");
        Objects.requireNonNull(info, "info");
        Objects.requireNonNull(sessionStateInfo, "sessionStateInfo");
        if (!sessionStateInfo.isEmpty() && !ServerStatus.SERVER_SESSION_STATE_CHANGED.isSetIn(statusFlags)) {
            throw new IllegalArgumentException("session state info needs SERVER_SESSION_STATE_CHANGED");
        }
    }

    /** A plain OK with the given status flags. */
    public static OkPacket of(int statusFlags) {
        return new OkPacket(false, 0, 0, statusFlags, 0, "", Bytes.EMPTY);
    }

    public static OkPacket decode(PayloadReader payload, Capabilities capabilities) throws MalformedPacketException {
        int header = payload.readInt1();
        if (header != HEADER && header != EOF_HEADER) {
            throw new MalformedPacketException("not an OK packet");
        }
        long affectedRows = payload.readLenEncInt();
        long lastInsertId = payload.readLenEncInt();
        int status = 0;
        int warnings = 0;
        if (capabilities.contains(CapabilityFlag.CLIENT_PROTOCOL_41)) {
            status = payload.readInt2();
            warnings = payload.readInt2();
        } else if (capabilities.contains(CapabilityFlag.CLIENT_TRANSACTIONS)) {
            status = payload.readInt2();
        }
        String info = "";
        Bytes sessionState = Bytes.EMPTY;
        if (!capabilities.contains(CapabilityFlag.CLIENT_SESSION_TRACK)) {
            info = payload.readRestString();
        } else if (payload.hasRemaining()) {
            // servers omit the info string when it is empty and no session state follows
            info = payload.readLenEncString();
            if (ServerStatus.SERVER_SESSION_STATE_CHANGED.isSetIn(status) && payload.hasRemaining()) {
                sessionState = payload.readLenEncBytes();
            }
        }
        return new OkPacket(header == EOF_HEADER, affectedRows, lastInsertId, status, warnings, info, sessionState);
    }

    public byte[] encode(Capabilities capabilities) {
        PayloadWriter out = new PayloadWriter(16 + info.length() + sessionStateInfo.length());
        out.writeInt1(eofHeader ? EOF_HEADER : HEADER)
                .writeLenEncInt(affectedRows)
                .writeLenEncInt(lastInsertId);
        if (capabilities.contains(CapabilityFlag.CLIENT_PROTOCOL_41)) {
            out.writeInt2(statusFlags).writeInt2(warnings);
        } else if (capabilities.contains(CapabilityFlag.CLIENT_TRANSACTIONS)) {
            out.writeInt2(statusFlags);
        }
        boolean stateChanged = has(ServerStatus.SERVER_SESSION_STATE_CHANGED);
        if (!capabilities.contains(CapabilityFlag.CLIENT_SESSION_TRACK)) {
            out.writeString(info);
        } else if (stateChanged || !info.isEmpty()) {
            out.writeLenEncString(info);
            if (stateChanged) {
                out.writeLenEncBytes(sessionStateInfo);
            }
        }
        return out.toByteArray();
    }

    public boolean has(ServerStatus flag) {
        return flag.isSetIn(statusFlags);
    }
}
