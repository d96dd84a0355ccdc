package io.grantgate.protocol;

import io.grantgate.protocol.constant.Capabilities;
import io.grantgate.protocol.constant.CapabilityFlag;
import io.grantgate.protocol.constant.CommandType;
import io.grantgate.protocol.constant.ServerStatus;
import io.grantgate.protocol.message.server.ErrPacket;

/**
 * Says where a server's response to one command ends, from each packet's first bytes and length,
 * so a relay forwards raw packets without decoding rows. Feed it logical packets
 * ({@link #onServerPacket}) or raw frames ({@link #onServerFrame}, which folds the continuation
 * frames of packets over 16 MiB into one); it answers with the {@link Next} step. Mutable; one per
 * backend connection, confined to its thread, reused for every command.
 *
 * <p>The shapes it knows: OK or ERR alone; text and binary result sets
 * (column count, definitions, EOF unless CLIENT_DEPRECATE_EOF, rows, then EOF or an OK with header
 * 0xFE), chained while a terminator carries SERVER_MORE_RESULTS_EXISTS; LOCAL INFILE (after COM_QUERY,
 * or COM_STMT_EXECUTE of a prepared LOAD DATA LOCAL on MariaDB), which hands the turn to the client
 * until it sends an empty packet; COM_STMT_PREPARE's parameter and column
 * blocks; a COM_STMT_EXECUTE that opened a cursor (no rows follow); COM_STMT_FETCH; COM_FIELD_LIST;
 * COM_STATISTICS' bare string; and commands with no response at all. An ERR ends any of them; a
 * MariaDB progress report (ERR header, code 0xFFFF, with MARIADB_CLIENT_PROGRESS) ends none.
 * COM_CHANGE_USER (an auth exchange) and the replication and clone streams are not tracked.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_query_response.html">COM_QUERY Response</a>
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_query_response_text_resultset.html">Text Resultset</a>
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_stmt_prepare.html">COM_STMT_PREPARE</a>
 * @see <a href="https://mariadb.com/docs/server/reference/clientserver-protocol/4-server-response-packets/result-set-packets">MariaDB: Result Set Packets</a>
 */
public final class ResponseTracker {

    /** What the relay does next. */
    public enum Next {
        /** Read another server packet. */
        SERVER,
        /** LOCAL INFILE: forward client packets, reporting each to {@link #onClientFrame}. */
        CLIENT,
        /** The response is complete. */
        DONE
    }

    /** Bytes of a packet's start the tracker may read: an OK's header, two int&lt;lenenc&gt;, status. */
    public static final int PREFIX_LENGTH = 21;

    private final ResultShapes shapes;
    private ResultShapes.State state = ResultShapes.State.DONE;
    private boolean serverContinues;
    private boolean clientContinues;
    private Next afterContinuation = Next.DONE;
    private long packets;
    /**
     * The sequence id the client's next LOCAL INFILE frame must carry; -1 when the frames come
     * without ids ({@link #onServerFrame(int, byte[], int, int)}), which checks none.
     */
    private int nextClientSequenceId = -1;

    /** @param negotiated the capabilities client and backend agreed on */
    public ResponseTracker(Capabilities negotiated) {
        this.shapes = new ResultShapes(negotiated);
    }

    /** True for commands whose response this tracker delimits; the others need a handler of their own. */
    public static boolean canTrack(CommandType command) {
        return ResultShapes.initialState(command) != null;
    }

    /** Whether the server answers {@code command} at all: not COM_QUIT, COM_STMT_CLOSE or COM_STMT_SEND_LONG_DATA. */
    public static boolean answered(CommandType command) {
        ResultShapes.State initial = ResultShapes.initialState(command);
        return initial != null && initial != ResultShapes.State.DONE;
    }

    /**
     * Starts tracking the response to {@code command}, just sent. Returns {@link Next#DONE} right away
     * for commands the server does not answer (COM_QUIT, COM_STMT_CLOSE, COM_STMT_SEND_LONG_DATA).
     *
     * @throws IllegalArgumentException for a command {@link #canTrack} refuses
     * @throws IllegalStateException while the previous response is incomplete
     */
    public Next begin(CommandType command) {
        if (next() != Next.DONE) {
            throw new IllegalStateException("the previous response is not complete");
        }
        ResultShapes.State initial = ResultShapes.initialState(command);
        if (initial == null) {
            throw new IllegalArgumentException(command + " is not a request-response command");
        }
        shapes.begin(command);
        state = initial;
        packets = 0;
        clientContinues = false;
        return next();
    }

    /**
     * Feeds one whole logical server packet: {@code available} bytes from {@code offset}, at least its
     * first {@link #PREFIX_LENGTH} (or all, if shorter), and its full payload length.
     */
    public Next onServerPacket(byte[] payload, int offset, int available, long payloadLength)
            throws MalformedPacketException {
        if (available < Math.min(payloadLength, PREFIX_LENGTH) || available > payload.length - offset) {
            throw new IllegalArgumentException("need the packet's first " + PREFIX_LENGTH + " bytes");
        }
        if (state == ResultShapes.State.DONE || state == ResultShapes.State.LOCAL_INFILE) {
            throw new IllegalStateException("no server packet expected in state " + state);
        }
        packets++;
        state = shapes.advance(state, payload, offset, (int) Math.min(available, payloadLength), payloadLength);
        return next();
    }

    /**
     * Feeds one frame as read off the wire: its header's length and the first bytes of its payload.
     * Frames that continue a packet over 16 MiB are recognised and not counted as packets; the first
     * frame's length stands in for the packet's, which is all the rules need to know.
     */
    public Next onServerFrame(int frameLength, byte[] payload, int offset, int available)
            throws MalformedPacketException {
        boolean full = frameLength == PacketHeader.MAX_PAYLOAD_LENGTH;
        if (!serverContinues) {
            afterContinuation = onServerPacket(payload, offset, available, frameLength);
        }
        serverContinues = full;
        return full ? Next.SERVER : afterContinuation;
    }

    /**
     * The same, with the frame's sequence id: when it hands the turn to the client (LOCAL INFILE),
     * the client's frames must continue from it, which {@link #onClientFrame(int, int)} checks.
     */
    public Next onServerFrame(int frameLength, int sequenceId, byte[] payload, int offset, int available)
            throws MalformedPacketException {
        Next next = onServerFrame(frameLength, payload, offset, available);
        nextClientSequenceId = next == Next.CLIENT ? PacketHeader.next(sequenceId) : -1;
        return next;
    }

    /**
     * Reports one frame the client sent while it has the turn, with its sequence id, which must be the
     * next one. A frame out of order must not reach the backend: a server reading a file takes it as
     * no end of the file and waits for more (MariaDB until its net_read_timeout), while a relay
     * waits for the server's answer and no longer watches the client.
     *
     * @throws PacketOutOfOrderException for any other sequence id: the exchange cannot continue
     */
    public Next onClientFrame(int frameLength, int sequenceId) throws PacketOutOfOrderException {
        if (state != ResultShapes.State.LOCAL_INFILE) {
            throw new IllegalStateException("the client does not have the turn");
        }
        if (nextClientSequenceId >= 0) {
            if (sequenceId != nextClientSequenceId) {
                throw new PacketOutOfOrderException(nextClientSequenceId, sequenceId);
            }
            nextClientSequenceId = PacketHeader.next(sequenceId);
        }
        return onClientFrame(frameLength);
    }

    /**
     * The sequence id the client's next LOCAL INFILE frame is to carry, after the server's request;
     * -1 when the frames came without ids. A relay whose client's ids do not count (the compressed
     * protocol, where a server checks the compressed ids instead) forwards the frames with this one.
     */
    public int expectedClientSequenceId() {
        return nextClientSequenceId;
    }

    /**
     * Reports one frame the client sent while it has the turn (LOCAL INFILE). The file ends with an
     * empty packet; then the server answers with OK or ERR, and the turn is back with the server.
     */
    public Next onClientFrame(int frameLength) {
        if (state != ResultShapes.State.LOCAL_INFILE) {
            throw new IllegalStateException("the client does not have the turn");
        }
        boolean continuation = clientContinues;
        clientContinues = frameLength == PacketHeader.MAX_PAYLOAD_LENGTH;
        if (!continuation && frameLength == 0) {
            state = ResultShapes.State.RESULT;
        }
        return next();
    }

    /** The current step. */
    public Next next() {
        if (serverContinues) {
            return Next.SERVER;
        }
        return switch (state) {
            case DONE -> Next.DONE;
            case LOCAL_INFILE -> Next.CLIENT;
            default -> Next.SERVER;
        };
    }

    /**
     * Whether the packet just fed ended the response with an error: an ERR ends any response, so a
     * response that failed has it as its last packet (the one packet a relay may rewrite).
     */
    public boolean endedInError() {
        return next() == Next.DONE && shapes.summary().failed();
    }

    /** What the current (or last) response said: results, rows, the first error, a prepared statement's id. */
    public ResponseSummary summary() {
        return shapes.summary();
    }

    /** Logical server packets seen for the current command. */
    public long packets() {
        return packets;
    }

    /**
     * The status flags of the last OK or EOF seen on this connection. ERR packets carry none, so after
     * an error this still shows the status before it.
     */
    public int statusFlags() {
        return shapes.statusFlags();
    }

    public boolean inTransaction() {
        return ServerStatus.SERVER_STATUS_IN_TRANS.isSetIn(statusFlags());
    }

    static boolean isProgressReport(byte[] payload, int offset, int available, Capabilities capabilities) {
        return capabilities.contains(CapabilityFlag.MARIADB_CLIENT_PROGRESS)
                && available >= 3
                && (payload[offset] & 0xFF) == ErrPacket.HEADER
                && ((payload[offset + 1] & 0xFF) | (payload[offset + 2] & 0xFF) << 8) == ErrPacket.PROGRESS_REPORT_CODE;
    }
}
