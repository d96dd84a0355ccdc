package io.grantgate.edge;

import io.grantgate.protocol.MalformedPacketException;
import io.grantgate.protocol.PacketBuffer;
import io.grantgate.protocol.PacketReader;
import io.grantgate.protocol.PacketWriter;
import io.grantgate.protocol.PayloadReader;
import io.grantgate.protocol.ResponseTracker;
import io.grantgate.protocol.constant.Capabilities;
import io.grantgate.protocol.constant.CommandType;
import io.grantgate.protocol.message.client.ComQuery;
import io.grantgate.protocol.message.server.ErrPacket;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A query of the gateway's own, run on a session's backend connection between two of the client's
 * commands, whose answer is one row of text values ({@code SELECT @v IS NULL, …}). It goes over the
 * session's own reader and writer, in the capabilities client and backend agreed on, so whatever
 * shape they give the response (metadata or not, EOF or not) the tracker delimits it: the row is the
 * packet before the one that ends it.
 */
final class BackendRowQuery {

    /** What the backend answered. */
    sealed interface Answer {
        /** The values of the one row, as text, null for SQL NULL. */
        record Row(List<String> values) implements Answer {}

        /** The backend's error. */
        record Failed(ErrPacket error) implements Answer {}
    }

    private BackendRowQuery() {}

    /**
     * Sends {@code sql} and reads its whole response.
     *
     * @throws MalformedPacketException when the response is not one row of one result set, or cannot be followed
     * @throws IOException when the backend cannot be written to or read (the caller ends the session)
     */
    static Answer run(String sql, PacketWriter out, PacketReader in, Capabilities negotiated)
            throws IOException, MalformedPacketException {
        try {
            out.write(0, ComQuery.of(sql, negotiated).encode());
            out.flush();
        } catch (IOException e) {
            throw FrameRelay.BackendGoneException.writing(e);
        }
        ResponseTracker tracker = new ResponseTracker(negotiated);
        tracker.begin(CommandType.COM_QUERY);
        PacketBuffer packet = new PacketBuffer();
        byte[] previous = null;
        byte[] last = null;
        long packets = 0;
        while (tracker.next() == ResponseTracker.Next.SERVER) {
            boolean read;
            try {
                read = in.read(packet);
            } catch (IOException e) {
                throw FrameRelay.BackendGoneException.reading(e);
            }
            if (!read) {
                throw new FrameRelay.BackendGoneException("the backend closed the connection mid-response");
            }
            previous = last;
            last = packet.toByteArray();
            packets++;
            tracker.onServerPacket(last, 0, last.length, last.length);
        }
        if (tracker.next() != ResponseTracker.Next.DONE) {
            throw new MalformedPacketException("the backend asked for a file in answer to the gateway's own query");
        }
        if (tracker.endedInError()) {
            return new Answer.Failed(ErrPacket.decode(PayloadReader.of(last), negotiated));
        }
        if (packets < 3 || previous == null) {
            throw new MalformedPacketException("the gateway's own query got no row");
        }
        PayloadReader row = PayloadReader.of(previous);
        List<String> values = new ArrayList<>();
        while (row.hasRemaining()) {
            if (row.nextIsNull()) {
                row.readInt1();
                values.add(null);
            } else {
                values.add(row.readLenEncString());
            }
        }
        return new Answer.Row(values);
    }
}
