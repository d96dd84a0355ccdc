package io.grantgate.protocol.message.server;

import io.grantgate.protocol.MalformedPacketException;
import io.grantgate.protocol.PayloadReader;
import io.grantgate.protocol.PayloadWriter;
import io.grantgate.protocol.constant.Capabilities;
import io.grantgate.protocol.constant.CapabilityFlag;
import io.grantgate.protocol.constant.ServerStatus;

/**
 * EOF_Packet: 0xFE, then with CLIENT_PROTOCOL_41 int&lt;2&gt; warnings and int&lt;2&gt; status flags.
 * Ends column definitions and rows unless CLIENT_DEPRECATE_EOF replaced it with an OK packet.
 *
 * <p>A payload starting 0xFE is an EOF only when shorter than {@link #MAX_LENGTH}: a text row whose
 * first value is longer than 2^24 bytes starts with the same byte, as a length-encoded 0xFE.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_eof_packet.html">EOF_Packet</a>
 * @see <a href="https://mariadb.com/docs/server/reference/clientserver-protocol/4-server-response-packets/eof_packet">MariaDB: EOF_Packet</a>
 */
public record EofPacket(int warnings, int statusFlags) {

    public static final int HEADER = 0xFE;

    /** An EOF is always shorter than this; anything longer starting 0xFE is something else. */
    public static final int MAX_LENGTH = 9;

    public EofPacket {
        checkUnsigned16(warnings, "warnings");
        checkUnsigned16(statusFlags, "statusFlags");
    }

    public static EofPacket decode(PayloadReader payload, Capabilities capabilities) throws MalformedPacketException {
        if (payload.remaining() >= MAX_LENGTH) {
            throw new MalformedPacketException("0xFE packet of " + payload.remaining() + " bytes is not an EOF");
        }
        if (payload.readInt1() != HEADER) {
            throw new MalformedPacketException("not an EOF packet");
        }
        if (!capabilities.contains(CapabilityFlag.CLIENT_PROTOCOL_41)) {
            return new EofPacket(0, 0);
        }
        int warnings = payload.readInt2();
        return new EofPacket(warnings, payload.readInt2());
    }

    public byte[] encode(Capabilities capabilities) {
        PayloadWriter out = new PayloadWriter(5).writeInt1(HEADER);
        if (capabilities.contains(CapabilityFlag.CLIENT_PROTOCOL_41)) {
            out.writeInt2(warnings).writeInt2(statusFlags);
        }
        return out.toByteArray();
    }

    public boolean has(ServerStatus flag) {
        return flag.isSetIn(statusFlags);
    }

    static void checkUnsigned16(int value, String name) {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException(name + " must fit in int<2>: " + value);
        }
    }
}
