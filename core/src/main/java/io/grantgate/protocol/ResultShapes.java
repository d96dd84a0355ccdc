package io.grantgate.protocol;

import io.grantgate.protocol.constant.Capabilities;
import io.grantgate.protocol.constant.CapabilityFlag;
import io.grantgate.protocol.constant.CommandType;
import io.grantgate.protocol.constant.ServerStatus;
import io.grantgate.protocol.message.server.EofPacket;
import io.grantgate.protocol.message.server.ErrPacket;
import io.grantgate.protocol.message.server.OkPacket;

/**
 * The transitions behind {@link ResponseTracker}: which packet may come next in each response
 * shape, and what its first bytes mean there. Package-private; the tracker adds frames and turns.
 *
 * <p>The same first byte means different things by position: 0x00 is an OK at the start of a result
 * and a binary row after the metadata; 0xFB is a LOCAL INFILE request at the start (of a COM_QUERY's
 * response or a COM_STMT_EXECUTE's) and a NULL first value in a text row; 0xFE is a terminator only when short (an EOF is under 9 bytes; an OK
 * terminator under 2^24 - 1), since a text row whose first value exceeds 16 MiB starts with a
 * length-encoded 0xFE. Only 0xFF means the same everywhere: an ERR ends the response.
 */
final class ResultShapes {

    enum State {
        DONE,
        RESULT,
        COLUMNS,
        COLUMNS_END,
        ROWS,
        FETCH_ROWS,
        PREPARE,
        PARAMS,
        PARAMS_END,
        PREPARED_COLUMNS,
        PREPARED_COLUMNS_END,
        FIELD_LIST,
        SINGLE,
        STRING,
        LOCAL_INFILE
    }

    private static final int LOCAL_INFILE_HEADER = 0xFB;
    /** enum_resultset_metadata RESULTSET_METADATA_FULL; MariaDB's "metadata follows" is 1 too. */
    private static final int METADATA_FULL = 1;

    private final Capabilities capabilities;
    private final boolean deprecateEof;
    private final boolean optionalMetadata;
    private final boolean metadataFollowsByte;

    private boolean binary;
    private byte[] packet;
    private int packetOffset;
    private int packetAvailable;
    private long packetLength;
    private long remaining;
    private int preparedColumns;
    private int statusFlags;
    private final ResponseSummary summary = new ResponseSummary();

    ResultShapes(Capabilities negotiated) {
        this.capabilities = negotiated;
        this.deprecateEof = negotiated.contains(CapabilityFlag.CLIENT_DEPRECATE_EOF);
        this.optionalMetadata = negotiated.contains(CapabilityFlag.CLIENT_OPTIONAL_RESULTSET_METADATA);
        // both add one byte after the column count that may say the definitions are skipped
        this.metadataFollowsByte =
                optionalMetadata || negotiated.contains(CapabilityFlag.MARIADB_CLIENT_CACHE_METADATA);
    }

    /** Where a response to {@code command} starts; null for commands that are not request-response. */
    static State initialState(CommandType command) {
        return switch (command) {
            case COM_QUIT, COM_STMT_CLOSE, COM_STMT_SEND_LONG_DATA -> State.DONE;
            case COM_QUERY, COM_PROCESS_INFO, COM_STMT_EXECUTE, COM_STMT_BULK_EXECUTE -> State.RESULT;
            case COM_STMT_FETCH -> State.FETCH_ROWS;
            case COM_STMT_PREPARE -> State.PREPARE;
            case COM_FIELD_LIST -> State.FIELD_LIST;
            case COM_STATISTICS -> State.STRING;
            case COM_SLEEP,
                    COM_INIT_DB,
                    COM_CREATE_DB,
                    COM_DROP_DB,
                    COM_REFRESH,
                    COM_SHUTDOWN,
                    COM_CONNECT,
                    COM_PROCESS_KILL,
                    COM_DEBUG,
                    COM_PING,
                    COM_TIME,
                    COM_DELAYED_INSERT,
                    COM_TABLE_DUMP,
                    COM_CONNECT_OUT,
                    COM_REGISTER_SLAVE,
                    COM_STMT_RESET,
                    COM_SET_OPTION,
                    COM_DAEMON,
                    COM_RESET_CONNECTION -> State.SINGLE;
            // an auth exchange, or a stream that lasts as long as the connection
            case COM_CHANGE_USER,
                    COM_BINLOG_DUMP,
                    COM_BINLOG_DUMP_GTID,
                    COM_CLONE,
                    COM_SUBSCRIBE_GROUP_REPLICATION_STREAM -> null;
        };
    }

    void begin(CommandType command) {
        // only a binary result can open a cursor
        binary = command == CommandType.COM_STMT_EXECUTE || command == CommandType.COM_STMT_BULK_EXECUTE;
        summary.reset();
    }

    ResponseSummary summary() {
        return summary;
    }

    int statusFlags() {
        return statusFlags;
    }

    /** The state after a packet of {@code length} bytes whose first {@code available} are given. */
    State advance(State state, byte[] payload, int offset, int available, long length) throws MalformedPacketException {
        int header = length == 0 ? -1 : payload[offset] & 0xFF;
        if (header == ErrPacket.HEADER && state != State.STRING) {
            if (ResponseTracker.isProgressReport(payload, offset, available, capabilities)) {
                return state;
            }
            summary.error(payload, offset, available);
            return State.DONE;
        }
        packet = payload;
        packetOffset = offset;
        packetAvailable = available;
        packetLength = length;
        boolean terminator = header == EofPacket.HEADER
                && length < (deprecateEof ? PacketHeader.MAX_PAYLOAD_LENGTH : EofPacket.MAX_LENGTH);
        return switch (state) {
            case RESULT -> result(header, terminator);
            case COLUMNS -> --remaining > 0 ? State.COLUMNS : afterColumns();
            case COLUMNS_END -> columnsEnd(terminator);
            case ROWS -> terminator ? endOfResult(terminatorStatus()) : row(State.ROWS);
            case FETCH_ROWS -> terminator ? done(terminatorStatus()) : row(State.FETCH_ROWS);
            case PREPARE -> prepareOk(header);
            case PARAMS -> --remaining > 0 ? State.PARAMS : (deprecateEof ? preparedColumns() : State.PARAMS_END);
            case PARAMS_END -> {
                requireTerminator(terminator, "parameter definitions");
                status(terminatorStatus());
                yield preparedColumns();
            }
            case PREPARED_COLUMNS ->
                --remaining > 0 ? State.PREPARED_COLUMNS : (deprecateEof ? State.DONE : State.PREPARED_COLUMNS_END);
            case PREPARED_COLUMNS_END -> {
                requireTerminator(terminator, "column definitions");
                yield done(terminatorStatus());
            }
            case FIELD_LIST -> terminator ? done(terminatorStatus()) : State.FIELD_LIST;
            case SINGLE -> single(header, terminator);
            case STRING -> State.DONE;
            case DONE, LOCAL_INFILE -> throw new IllegalStateException("no server packet expected in " + state);
        };
    }

    private State row(State state) {
        summary.row();
        return state;
    }

    private State single(int header, boolean terminator) throws MalformedPacketException {
        if (header == OkPacket.HEADER) {
            summary.ok(affectedRows(), insertId());
            return done(okStatus());
        }
        return terminator ? done(terminatorStatus()) : State.DONE;
    }

    private State result(int header, boolean terminator) throws MalformedPacketException {
        if (header == OkPacket.HEADER) {
            summary.ok(affectedRows(), insertId());
            return endOfResult(okStatus());
        }
        // at a result's start 0xFB is never a column count (it is the length-encoded NULL), so it is
        // the LOCAL INFILE request whichever command asked: MariaDB answers a COM_STMT_EXECUTE of a
        // prepared LOAD DATA LOCAL INFILE with it, as it answers COM_QUERY
        if (header == LOCAL_INFILE_HEADER) {
            return State.LOCAL_INFILE;
        }
        if (terminator) {
            return endOfResult(terminatorStatus());
        }
        PayloadReader prefix = prefix();
        long columns = prefix.readLenEncInt();
        if (columns <= 0) {
            throw new MalformedPacketException("a result set of " + columns + " columns");
        }
        summary.resultSet();
        boolean definitionsFollow = !metadataFollowsByte || prefix.readInt1() == METADATA_FULL;
        remaining = definitionsFollow ? columns : 0;
        return remaining > 0 ? State.COLUMNS : afterColumns();
    }

    private State afterColumns() {
        return deprecateEof ? State.ROWS : State.COLUMNS_END;
    }

    private State columnsEnd(boolean terminator) throws MalformedPacketException {
        requireTerminator(terminator, "column definitions");
        status(terminatorStatus());
        // a cursor was opened: the rows stay on the server until COM_STMT_FETCH
        if (binary
                && ServerStatus.SERVER_STATUS_CURSOR_EXISTS.isSetIn(statusFlags)
                && !ServerStatus.SERVER_MORE_RESULTS_EXISTS.isSetIn(statusFlags)) {
            return State.DONE;
        }
        return State.ROWS;
    }

    private State prepareOk(int header) throws MalformedPacketException {
        if (header != OkPacket.HEADER) {
            throw new MalformedPacketException("expected COM_STMT_PREPARE_OK, got header " + header);
        }
        PayloadReader prefix = prefix();
        prefix.skip(1);
        long statementId = prefix.readInt4() & 0xFFFFFFFFL;
        preparedColumns = prefix.readInt2();
        int params = prefix.readInt2();
        summary.prepared(statementId, params);
        prefix.skip(Math.min(3, prefix.remaining()));
        if (optionalMetadata && prefix.hasRemaining() && prefix.readInt1() != METADATA_FULL) {
            return State.DONE;
        }
        if (params > 0) {
            remaining = params;
            return State.PARAMS;
        }
        return preparedColumns();
    }

    private State preparedColumns() {
        remaining = preparedColumns;
        return preparedColumns > 0 ? State.PREPARED_COLUMNS : State.DONE;
    }

    private State endOfResult(int status) {
        status(status);
        return ServerStatus.SERVER_MORE_RESULTS_EXISTS.isSetIn(status) ? State.RESULT : State.DONE;
    }

    private State done(int status) {
        status(status);
        return State.DONE;
    }

    /** The session's status as of this packet; the response's summary keeps every flag any of its packets set. */
    private void status(int status) {
        statusFlags = status;
        summary.status(status);
    }

    /** An EOF's status, or with CLIENT_DEPRECATE_EOF the status of the OK that replaces it. */
    private int terminatorStatus() throws MalformedPacketException {
        if (deprecateEof) {
            return okStatus();
        }
        PayloadReader prefix = prefix();
        if (!capabilities.contains(CapabilityFlag.CLIENT_PROTOCOL_41) || prefix.remaining() < 5) {
            return 0;
        }
        prefix.skip(3);
        int status = prefix.readInt2();
        if (ServerStatus.SERVER_SESSION_STATE_CHANGED.isSetIn(status)) {
            summary.sessionStateUnread(); // an EOF has no room for the information
        }
        return status;
    }

    /** An OK's affected rows: the first int&lt;lenenc&gt; after its header. */
    private long affectedRows() throws MalformedPacketException {
        PayloadReader prefix = prefix();
        prefix.skip(1);
        return prefix.readLenEncInt();
    }

    /** An OK's last insert id: the second int&lt;lenenc&gt; after its header. */
    private long insertId() throws MalformedPacketException {
        PayloadReader prefix = prefix();
        prefix.skip(1);
        prefix.readLenEncInt();
        return prefix.readLenEncInt();
    }

    private int okStatus() throws MalformedPacketException {
        PayloadReader prefix = prefix();
        prefix.skip(1);
        prefix.readLenEncInt();
        prefix.readLenEncInt();
        boolean hasStatus = capabilities.contains(CapabilityFlag.CLIENT_PROTOCOL_41)
                || capabilities.contains(CapabilityFlag.CLIENT_TRANSACTIONS);
        int status = hasStatus ? prefix.readInt2() : 0;
        if (ServerStatus.SERVER_SESSION_STATE_CHANGED.isSetIn(status)) {
            sessionState(prefix);
        }
        return status;
    }

    /**
     * The OK's session-state information, when the relay gave the whole packet (an OK is small, and
     * the relays pass what they have of a frame); read as other state otherwise, or without
     * CLIENT_SESSION_TRACK, where the packet has no room for it.
     */
    private void sessionState(PayloadReader afterStatus) {
        if (capabilities.contains(CapabilityFlag.CLIENT_SESSION_TRACK) && packetAvailable >= packetLength) {
            SessionStateChanges.read(afterStatus, summary);
        } else {
            summary.sessionStateUnread();
        }
    }

    /** The current packet's first bytes; made only for packets that are parsed, never for rows. */
    private PayloadReader prefix() {
        return new PayloadReader(packet, packetOffset, packetAvailable);
    }

    private static void requireTerminator(boolean terminator, String after) throws MalformedPacketException {
        if (!terminator) {
            throw new MalformedPacketException("expected an EOF after the " + after);
        }
    }
}
