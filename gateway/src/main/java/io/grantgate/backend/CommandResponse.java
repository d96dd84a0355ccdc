package io.grantgate.backend;

import io.grantgate.protocol.Bytes;
import io.grantgate.protocol.MalformedPacketException;
import io.grantgate.protocol.PacketBuffer;
import io.grantgate.protocol.PayloadReader;
import io.grantgate.protocol.constant.Capabilities;
import io.grantgate.protocol.constant.CapabilityFlag;
import io.grantgate.protocol.constant.MySqlError;
import io.grantgate.protocol.constant.ServerStatus;
import io.grantgate.protocol.message.server.EofPacket;
import io.grantgate.protocol.message.server.ErrPacket;
import io.grantgate.protocol.message.server.OkPacket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads the whole response to one of the connection's own commands (ping, reset, init-db, a simple
 * query) and reduces it to its final OK: result sets are read and discarded (or the text rows of
 * the first one kept, for a status query such as a health check's), further results
 * (SERVER_MORE_RESULTS_EXISTS) followed, a LOCAL INFILE request refused with an empty packet, and
 * MariaDB progress reports skipped. The relay does not use this; it forwards responses raw.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_query_response.html">COM_QUERY Response</a>
 */
final class CommandResponse {

    /** Server errors after which the server has closed, or is closing, the connection. */
    private static final Set<Integer> CONNECTION_ENDING = Set.of(
            1053, // ER_SERVER_SHUTDOWN
            1927, // MariaDB ER_CONNECTION_KILLED
            4031); // MySQL ER_CLIENT_INTERACTION_TIMEOUT

    private static final int LOCAL_INFILE = 0xFB;
    private static final int MAX_FRAME = 0xFFFFFF;

    private final PacketChannel channel;
    private final Capabilities capabilities;
    private final String during;
    /** Where the text rows of the first result set go; null to discard them. */
    private List<List<String>> rows;

    CommandResponse(PacketChannel channel, Capabilities capabilities, String during) {
        this.channel = channel;
        this.capabilities = capabilities;
        this.during = during;
    }

    /**
     * The rows of the first result set, each a list of its values as text (null for SQL NULL); empty
     * when the response has none. Further results are read and discarded; an ERR is thrown.
     */
    List<List<String>> readRows() throws BackendException {
        rows = new ArrayList<>();
        List<List<String>> kept = rows;
        read();
        return kept;
    }

    /** The final OK (or, after a result set, one made from its terminator); an ERR is thrown. */
    OkPacket read() throws BackendException {
        try {
            while (true) {
                OkPacket end = readOne();
                if (!end.has(ServerStatus.SERVER_MORE_RESULTS_EXISTS)) {
                    return end;
                }
            }
        } catch (MalformedPacketException e) {
            throw channel.malformed(e, during);
        }
    }

    private OkPacket readOne() throws BackendException, MalformedPacketException {
        while (true) {
            PacketBuffer packet = channel.read(during);
            switch (packet.firstByte()) {
                case OkPacket.HEADER -> {
                    return OkPacket.decode(packet.reader(), capabilities);
                }
                case ErrPacket.HEADER -> {
                    if (!isProgressReport(packet)) {
                        throw error(packet);
                    }
                }
                // refuse the file: an empty packet, then the server answers OK or ERR
                case LOCAL_INFILE -> channel.send(packet.lastSequenceId() + 1, new byte[0], during);
                default -> {
                    return skipResultSet(packet.reader().readLenEncInt());
                }
            }
        }
    }

    private OkPacket skipResultSet(long columns) throws BackendException, MalformedPacketException {
        boolean metadata = true;
        if (capabilities.contains(CapabilityFlag.CLIENT_OPTIONAL_RESULTSET_METADATA)
                || capabilities.contains(CapabilityFlag.MARIADB_CLIENT_CACHE_METADATA)) {
            metadata = channel.read(during).reader().readInt1() != 0;
        }
        for (long i = 0; metadata && i < columns; i++) {
            channel.read(during);
        }
        boolean deprecateEof = capabilities.contains(CapabilityFlag.CLIENT_DEPRECATE_EOF);
        if (!deprecateEof) {
            channel.read(during);
        }
        while (true) {
            PacketBuffer row = channel.read(during);
            int first = row.firstByte();
            // a row may start 0xFE too (a long length-encoded value); a terminator is always short
            if (first == EofPacket.HEADER && row.length() < (deprecateEof ? MAX_FRAME : EofPacket.MAX_LENGTH)) {
                rows = null; // only the first result set's rows are kept
                return terminator(row.reader(), deprecateEof);
            }
            if (first == ErrPacket.HEADER && !isProgressReport(row)) {
                throw error(row);
            }
            if (rows != null) {
                rows.add(textRow(row.reader(), columns));
            }
        }
    }

    private static List<String> textRow(PayloadReader payload, long columns) throws MalformedPacketException {
        List<String> values = new ArrayList<>();
        for (long i = 0; i < columns; i++) {
            if (payload.nextIsNull()) {
                payload.readInt1();
                values.add(null);
            } else {
                values.add(payload.readLenEncString());
            }
        }
        return values;
    }

    private OkPacket terminator(PayloadReader payload, boolean deprecateEof) throws MalformedPacketException {
        if (deprecateEof) {
            return OkPacket.decode(payload, capabilities);
        }
        EofPacket eof = EofPacket.decode(payload, capabilities);
        return new OkPacket(true, 0, 0, eof.statusFlags(), eof.warnings(), "", Bytes.EMPTY);
    }

    private boolean isProgressReport(PacketBuffer packet) {
        return capabilities.contains(CapabilityFlag.MARIADB_CLIENT_PROGRESS)
                && packet.length() >= 3
                && (packet.array()[1] & 0xFF | (packet.array()[2] & 0xFF) << 8) == ErrPacket.PROGRESS_REPORT_CODE;
    }

    private BackendException error(PacketBuffer packet) throws MalformedPacketException {
        ErrPacket err = ErrPacket.decode(packet.reader(), capabilities);
        // 1047 (unknown command) carries 08S01, yet the server keeps the connection open
        boolean usable = err.errorCode() == MySqlError.ER_UNKNOWN_COM_ERROR.code()
                || !err.sqlState().startsWith("08") && !CONNECTION_ENDING.contains(err.errorCode());
        return BackendException.fromServer(err, usable);
    }
}
