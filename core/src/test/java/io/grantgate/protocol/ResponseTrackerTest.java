package io.grantgate.protocol;

import static io.grantgate.protocol.constant.CapabilityFlag.CLIENT_DEPRECATE_EOF;
import static io.grantgate.protocol.constant.CapabilityFlag.CLIENT_PROTOCOL_41;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grantgate.protocol.ExchangeFixture.Frame;
import io.grantgate.protocol.ResponseTracker.Next;
import io.grantgate.protocol.constant.Capabilities;
import io.grantgate.protocol.constant.CommandType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class ResponseTrackerTest {

    private static final int MAX = PacketHeader.MAX_PAYLOAD_LENGTH;
    private static final Capabilities EOF_MODE = Capabilities.of(CLIENT_PROTOCOL_41);
    private static final Capabilities DEPRECATE_EOF = Capabilities.of(CLIENT_PROTOCOL_41, CLIENT_DEPRECATE_EOF);

    static Stream<ExchangeFixture> exchanges() {
        return ExchangeFixture.all();
    }

    /**
     * Replays a fixture frame by frame. After each frame the tracker must name exactly what the
     * fixture shows next: another server frame, a client frame, or nothing.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("exchanges")
    void findsTheEndOfEachRecordedResponse(ExchangeFixture exchange) throws Exception {
        ResponseTracker tracker = new ResponseTracker(exchange.capabilities());

        Next next = tracker.begin(exchange.command());

        List<Frame> frames = exchange.frames();
        for (int i = 0; i < frames.size(); i++) {
            Frame frame = frames.get(i);
            assertThat(next).as("before frame %d", i + 1).isEqualTo(frame.fromServer() ? Next.SERVER : Next.CLIENT);
            byte[] payload = frame.payload();
            next = frame.fromServer()
                    ? tracker.onServerFrame(frame.payloadLength(), payload, 0, payload.length)
                    : tracker.onClientFrame(frame.payloadLength());
        }
        assertThat(next).as("after the last frame").isEqualTo(Next.DONE);
        assertThat(tracker.packets()).isEqualTo(exchange.packets());
        assertThat(tracker.statusFlags()).as("status flags").isEqualTo(exchange.status());
    }

    /** The same fixtures through a PacketReader and the logical-packet entry point. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("exchanges")
    void findsTheSameEndFromWholePackets(ExchangeFixture exchange) throws Exception {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        exchange.frames().stream().filter(Frame::fromServer).forEach(frame -> wire.writeBytes(frame.bytes()));
        PacketReader reader = new PacketReader(new ByteArrayInputStream(wire.toByteArray()), 1 << 20);
        PacketBuffer buffer = new PacketBuffer(64);
        ResponseTracker tracker = new ResponseTracker(exchange.capabilities());

        Next next = tracker.begin(exchange.command());
        while (next != Next.DONE) {
            if (next == Next.CLIENT) {
                next = tracker.onClientFrame(0); // the fixtures' file data is not on this wire; just end it
                continue;
            }
            assertThat(reader.read(buffer)).as("the response continues").isTrue();
            next = tracker.onServerPacket(buffer.array(), 0, buffer.length(), buffer.length());
        }
        assertThat(reader.read(buffer)).as("nothing after the end").isFalse();
        assertThat(tracker.packets()).isEqualTo(exchange.packets());
    }

    /**
     * What the audit reads off each response: results, rows, affected rows, the first error, and a
     * prepared statement's id. Expected values come from the fixtures' annotations.
     */
    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "text-result-eof, 1 result, 1 result set, 1 row, 0 affected, no error, no statement",
        "multi-statement-eof, 2 results, 2 result sets, 2 rows, 0 affected, no error, no statement",
        "execute-binary-eof, 1 result, 1 result set, 2 rows, 0 affected, no error, no statement",
        "ok-in-transaction, 1 result, 0 result sets, 0 rows, 1 affected, no error, no statement",
        "err-only, 0 results, 0 result sets, 0 rows, 0 affected, 1146 42S02, no statement",
        "error-in-second-statement, 1 result, 1 result set, 1 row, 0 affected, 1146 42S02, no statement",
        "error-mid-result, 1 result, 1 result set, 1 row, 0 affected, 1317 70100, no statement",
        "prepare-eof, 0 results, 0 result sets, 0 rows, 0 affected, no error, statement 1 of 2 parameters",
        "local-infile, 1 result, 0 result sets, 0 rows, 3 affected, no error, no statement",
        "execute-local-infile, 1 result, 0 result sets, 0 rows, 2 affected, no error, no statement",
        "execute-local-infile-bad-row, 0 results, 0 result sets, 0 rows, 0 affected, 1366 22007, no statement",
    })
    void summarisesWhatTheResponseSaid(
            String fixture,
            String results,
            String resultSets,
            String rows,
            String affected,
            String error,
            String statement)
            throws Exception {
        ExchangeFixture exchange = ExchangeFixture.all()
                .filter(e -> e.name().equals(fixture + ".exchange"))
                .findFirst()
                .orElseThrow();
        ResponseTracker tracker = new ResponseTracker(exchange.capabilities());
        tracker.begin(CommandType.COM_PING); // a previous command's summary must not leak into the next
        tracker.onServerPacket(Hex.bytes("00 05 00 02 00 00 00"), 0, 7, 7);
        tracker.begin(exchange.command());
        for (Frame frame : exchange.frames()) {
            byte[] payload = frame.payload();
            if (frame.fromServer()) {
                tracker.onServerFrame(frame.payloadLength(), payload, 0, payload.length);
            } else {
                tracker.onClientFrame(frame.payloadLength());
            }
        }

        ResponseSummary summary = tracker.summary();
        assertThat(summary.results() + " result" + (summary.results() == 1 ? "" : "s"))
                .isEqualTo(results);
        assertThat(summary.resultSets() + " result set" + (summary.resultSets() == 1 ? "" : "s"))
                .isEqualTo(resultSets);
        assertThat(summary.rows() + " row" + (summary.rows() == 1 ? "" : "s")).isEqualTo(rows);
        assertThat(summary.affectedRows() + " affected").isEqualTo(affected);
        assertThat(summary.failed() ? summary.errorCode() + " " + summary.sqlState() : "no error")
                .isEqualTo(error);
        assertThat(
                        summary.statementId() < 0
                                ? "no statement"
                                : "statement " + summary.statementId() + " of " + summary.parameters() + " parameters")
                .isEqualTo(statement);
    }

    @Test
    void anErrWithoutSqlStateReportsHy000() throws Exception {
        ResponseTracker tracker = new ResponseTracker(Capabilities.NONE);
        tracker.begin(CommandType.COM_QUERY);
        byte[] err = Hex.bytes("ff 15 04 41 63 63 65 73 73");

        tracker.onServerPacket(err, 0, err.length, err.length);

        assertThat(tracker.summary().errorCode()).isEqualTo(1045);
        assertThat(tracker.summary().sqlState()).isEqualTo("HY000");
    }

    @Test
    void endedInErrorOnlyWhenTheLastPacketIsAnErr() throws Exception {
        ResponseTracker tracker = new ResponseTracker(Capabilities.NONE);
        tracker.begin(CommandType.COM_QUERY);
        byte[] ok = Hex.bytes("00 01 00 02 00 00 00");
        tracker.onServerPacket(ok, 0, ok.length, ok.length);
        assertThat(tracker.endedInError()).isFalse();

        tracker.begin(CommandType.COM_QUERY);
        byte[] err = Hex.bytes("ff 15 04 23 32 38 30 30 30 41 63 63 65 73 73");
        tracker.onServerPacket(err, 0, err.length, err.length);
        assertThat(tracker.endedInError()).isTrue();
    }

    @Test
    void aTextRowStartingWith0xFeIsARowNotATerminator() throws Exception {
        for (Capabilities capabilities : List.of(EOF_MODE, DEPRECATE_EOF)) {
            ResponseTracker tracker = selectOneColumn(capabilities);
            // row: a first value of 2^24 bytes, so its length is encoded 0xFE + int<8>; 16 MiB + 9 bytes in all
            byte[] rowStart = Hex.bytes("fe 00 00 00 01 00 00 00 00 61 61 61 61 61 61 61 61 61 61 61 61");

            assertThat(tracker.onServerFrame(MAX, rowStart, 0, rowStart.length)).isEqualTo(Next.SERVER);
            // the continuation frame happens to look like an EOF: it is still part of the row
            byte[] tail = Hex.bytes("fe 00 00 02 00 61 61 61 61 61");
            assertThat(tracker.onServerFrame(tail.length, tail, 0, tail.length)).isEqualTo(Next.SERVER);
            byte[] end = capabilities.contains(CLIENT_DEPRECATE_EOF)
                    ? Hex.bytes("fe 00 00 02 00 00 00")
                    : Hex.bytes("fe 00 00 02 00");
            assertThat(tracker.onServerFrame(end.length, end, 0, end.length)).isEqualTo(Next.DONE);
            assertThat(tracker.packets()).as("logical packets, not frames").isEqualTo(capabilities == EOF_MODE ? 5 : 4);
        }
    }

    @Test
    void aRowOfExactly16MiBMinusOneEndsWithAnEmptyContinuationFrame() throws Exception {
        ResponseTracker tracker = selectOneColumn(DEPRECATE_EOF);
        byte[] rowStart =
                Hex.bytes("fd fb ff ff 61 61 61 61 61 61 61 61 61 61 61 61 61 61 61 61 61"); // 0xFFFFFB bytes follow

        assertThat(tracker.onServerFrame(MAX, rowStart, 0, rowStart.length)).isEqualTo(Next.SERVER);
        assertThat(tracker.onServerFrame(0, new byte[0], 0, 0)).isEqualTo(Next.SERVER);
        byte[] end = Hex.bytes("fe 00 00 02 00 00 00");
        assertThat(tracker.onServerFrame(end.length, end, 0, end.length)).isEqualTo(Next.DONE);
        assertThat(tracker.packets()).isEqualTo(4);
    }

    @Test
    void largePacketsCanBeFedWithJustTheirPrefix() throws Exception {
        ResponseTracker tracker = selectOneColumn(EOF_MODE);
        byte[] rowStart = Hex.bytes("fe 00 00 00 02 00 00 00 00 61 61 61 61 61 61 61 61 61 61 61 61");

        assertThat(tracker.onServerPacket(rowStart, 0, rowStart.length, 40_000_000L))
                .isEqualTo(Next.SERVER);
        byte[] eof = Hex.bytes("fe 00 00 02 00");
        assertThat(tracker.onServerPacket(eof, 0, eof.length, eof.length)).isEqualTo(Next.DONE);
    }

    @Test
    void localInfileFramesMustContinueTheRequestsSequenceIds() throws Exception {
        ResponseTracker tracker = new ResponseTracker(DEPRECATE_EOF);
        tracker.begin(CommandType.COM_QUERY);
        byte[] request = Hex.bytes("fb 2f 74 6d 70 2f 78");

        assertThat(tracker.onServerFrame(request.length, 1, request, 0, request.length))
                .isEqualTo(Next.CLIENT);
        assertThat(tracker.onClientFrame(10, 2)).isEqualTo(Next.CLIENT);
        assertThatThrownBy(() -> tracker.onClientFrame(0, 9))
                .isInstanceOf(PacketOutOfOrderException.class)
                .hasMessage("expected sequence id 3, got 9");
        assertThat(tracker.onClientFrame(0, 3)).as("the empty packet, in order").isEqualTo(Next.SERVER);
    }

    @Test
    void localInfileDataMayContainA16MiBPacketFollowedByAnEmptyContinuation() throws Exception {
        ResponseTracker tracker = new ResponseTracker(DEPRECATE_EOF);
        tracker.begin(CommandType.COM_QUERY);
        byte[] request = Hex.bytes("fb 2f 74 6d 70 2f 78");

        assertThat(tracker.onServerPacket(request, 0, request.length, request.length))
                .isEqualTo(Next.CLIENT);
        assertThat(tracker.onClientFrame(MAX)).isEqualTo(Next.CLIENT);
        assertThat(tracker.onClientFrame(0)).as("continuation, not the end").isEqualTo(Next.CLIENT);
        assertThat(tracker.onClientFrame(0)).as("the empty packet").isEqualTo(Next.SERVER);
        byte[] ok = Hex.bytes("00 01 00 02 00 00 00");
        assertThat(tracker.onServerPacket(ok, 0, ok.length, ok.length)).isEqualTo(Next.DONE);
    }

    @Test
    void exposesTheLastTerminatorsStatus() throws Exception {
        ResponseTracker tracker = new ResponseTracker(DEPRECATE_EOF);
        tracker.begin(CommandType.COM_QUERY);
        byte[] begin = Hex.bytes("00 00 00 03 00 00 00"); // BEGIN: IN_TRANS|AUTOCOMMIT

        tracker.onServerPacket(begin, 0, begin.length, begin.length);
        assertThat(tracker.inTransaction()).isTrue();

        tracker.begin(CommandType.COM_QUERY);
        byte[] commit = Hex.bytes("00 00 00 02 00 00 00");
        tracker.onServerPacket(commit, 0, commit.length, commit.length);
        assertThat(tracker.inTransaction()).isFalse();
    }

    @Test
    void refusesToStartWhileAResponseIsIncomplete() throws Exception {
        ResponseTracker tracker = new ResponseTracker(EOF_MODE);
        tracker.begin(CommandType.COM_QUERY);

        assertThatThrownBy(() -> tracker.begin(CommandType.COM_PING)).isInstanceOf(IllegalStateException.class);
        byte[] ok = Hex.bytes("00 00 00 02 00 00 00");
        tracker.onServerPacket(ok, 0, ok.length, ok.length);
        assertThatThrownBy(() -> tracker.onServerPacket(ok, 0, ok.length, ok.length))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> tracker.onClientFrame(0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aMissingEofAfterTheMetadataIsMalformed() throws Exception {
        ResponseTracker tracker = selectOneColumn(EOF_MODE, false);
        byte[] row = Hex.bytes("01 31");

        assertThatThrownBy(() -> tracker.onServerPacket(row, 0, row.length, row.length))
                .isInstanceOf(MalformedPacketException.class);
    }

    @Test
    void aPrefixShorterThanTheTrackerNeedsIsAProgrammingError() throws Exception {
        ResponseTracker tracker = new ResponseTracker(EOF_MODE);
        tracker.begin(CommandType.COM_QUERY);
        byte[] prefix = new byte[10];

        assertThatThrownBy(() -> tracker.onServerPacket(prefix, 0, prefix.length, 100))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @EnumSource(CommandType.class)
    void tracksEveryCommandButAuthExchangesAndStreams(CommandType command) {
        Set<CommandType> untracked = EnumSet.of(
                CommandType.COM_CHANGE_USER,
                CommandType.COM_BINLOG_DUMP,
                CommandType.COM_BINLOG_DUMP_GTID,
                CommandType.COM_CLONE,
                CommandType.COM_SUBSCRIBE_GROUP_REPLICATION_STREAM);
        ResponseTracker tracker = new ResponseTracker(EOF_MODE);

        assertThat(ResponseTracker.canTrack(command)).isEqualTo(!untracked.contains(command));
        if (untracked.contains(command)) {
            assertThatThrownBy(() -> tracker.begin(command)).isInstanceOf(IllegalArgumentException.class);
        } else {
            Set<CommandType> silent =
                    EnumSet.of(CommandType.COM_QUIT, CommandType.COM_STMT_CLOSE, CommandType.COM_STMT_SEND_LONG_DATA);
            assertThat(tracker.begin(command)).isEqualTo(silent.contains(command) ? Next.DONE : Next.SERVER);
        }
    }

    /** A tracker that has seen the metadata of a one-column text result. */
    private static ResponseTracker selectOneColumn(Capabilities capabilities) throws Exception {
        return selectOneColumn(capabilities, true);
    }

    private static ResponseTracker selectOneColumn(Capabilities capabilities, boolean withEof) throws Exception {
        ResponseTracker tracker = new ResponseTracker(capabilities);
        tracker.begin(CommandType.COM_QUERY);
        byte[] count = Hex.bytes("01");
        byte[] column = Hex.bytes("03 64 65 66 00 00 00 01 61 00 0c 21 00 ff ff ff ff fc 10 00 00 00 00");
        tracker.onServerPacket(count, 0, count.length, count.length);
        tracker.onServerPacket(column, 0, column.length, column.length);
        if (withEof && !capabilities.contains(CLIENT_DEPRECATE_EOF)) {
            byte[] eof = Hex.bytes("fe 00 00 02 00");
            tracker.onServerPacket(eof, 0, eof.length, eof.length);
        }
        return tracker;
    }
}
