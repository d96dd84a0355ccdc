package io.grantgate.edge;

import io.grantgate.protocol.ErrAccountRewrite;
import io.grantgate.protocol.MalformedPacketException;
import io.grantgate.protocol.PacketHeader;
import io.grantgate.protocol.ResponseTracker;
import io.grantgate.protocol.message.server.ErrPacket;
import io.grantgate.protocol.message.server.OkPacket;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Arrays;

/**
 * The backend → client direction of a {@link LoopedSession}: reads the backend's bytes into a buffer
 * borrowed from the loop for the length of a response, walks them frame by frame so that the
 * {@link ResponseTracker} sees each packet's first bytes (rows are never decoded), and writes what it
 * walked to the client. Bytes from the backend when no response is due are what a server sends as it
 * closes the connection ({@link BackendFarewell}): passed on if they are its ERR, and the session
 * ends. Bytes past the end of a response end the session too, the two sides being out of step; the
 * connection is discarded either way. The ERR that ends a response is walked only once it is in the
 * buffer whole, so that the account it names can be rewritten in place ({@link ErrAccountRewrite}),
 * the bytes behind it moved and its header given the new length.
 *
 * <p>Threading: confined to the loop's thread, like its session.
 */
final class ResponsePump {

    private final LoopedSession session;
    private final ClientBytes client;
    private final SocketChannel backend;
    private final RelayBuffers buffers;

    /** Backend bytes: [written, walked) checked and due to the client; [walked, filled) not yet checked. */
    private byte[] out;

    private int written;
    private int walked;
    private int filled;
    /** Payload bytes of the backend's current frame not yet walked. */
    private int frameRemaining;
    /** The client's socket buffer is full: wait for OP_WRITE. */
    private boolean clientBlocked;

    ResponsePump(LoopedSession session, ClientBytes client, SocketChannel backend, RelayBuffers buffers) {
        this.session = session;
        this.client = client;
        this.backend = backend;
        this.buffers = buffers;
    }

    boolean clientBlocked() {
        return clientBlocked;
    }

    /** Whether a read could take more bytes: false while a full buffer waits for the client. */
    boolean hasRoom() {
        return out == null || filled < out.length || written > 0;
    }

    /** Reads what the backend sent and passes on what belongs to the response. */
    void read() throws IOException {
        if (out == null) {
            out = buffers.take();
            written = walked = filled = 0;
        } else if (written > 0) {
            System.arraycopy(out, written, out, 0, filled - written);
            walked -= written;
            filled -= written;
            written = 0;
        }
        if (filled == out.length) {
            return; // all of it is due to a client that is not reading: the session stops reading the backend
        }
        if (!session.responding()) {
            readFarewell();
            return;
        }
        int n;
        try {
            n = backend.read(ByteBuffer.wrap(out, filled, out.length - filled));
        } catch (IOException e) {
            throw FrameRelay.BackendGoneException.reading(e);
        }
        if (n < 0) {
            session.end(new LoopedSession.Outcome.Closed("the backend closed the connection mid-response"), true);
            return;
        }
        filled += n;
        walk();
        write();
    }

    /**
     * Nothing was asked, so the backend is closing the connection: what it sent first, if anything,
     * is all there is to relay (a server writes its last ERR at once), and the session ends.
     */
    private void readFarewell() {
        BackendFarewell farewell = new BackendFarewell();
        boolean reset = false;
        try {
            int n;
            while ((n = backend.read(ByteBuffer.wrap(out, 0, out.length))) > 0 && !farewell.add(out, 0, n)) {
                // more may be here already
            }
        } catch (IOException e) {
            reset = true;
        }
        session.backendGone(farewell, reset);
    }

    /** Advances {@code walked} over whole frames and frame pieces of the response, asking the tracker at each frame's start. */
    private void walk() throws MalformedPacketException {
        ResponseTracker tracker = session.tracker();
        while (walked < filled && (frameRemaining > 0 || tracker.next() == ResponseTracker.Next.SERVER)) {
            if (frameRemaining > 0) {
                int piece = Math.min(frameRemaining, filled - walked);
                walked += piece;
                frameRemaining -= piece;
                continue;
            }
            int available = filled - walked - PacketHeader.SIZE;
            if (available < 0) {
                return;
            }
            int length = PacketHeader.lengthAt(out, walked);
            if (available < Math.min(length, ResponseTracker.PREFIX_LENGTH)) {
                return;
            }
            if (available < length && (mayBeRewritten(length) || mayCarrySessionState(length))) {
                return;
            }
            // all of the frame that is here: an OK's session-state information is at its end
            tracker.onServerFrame(
                    length,
                    PacketHeader.sequenceIdAt(out, walked),
                    out,
                    walked + PacketHeader.SIZE,
                    Math.min(available, length));
            if (available >= length && tracker.endedInError()) {
                byte[] rewritten = session.relayState().errors().rewrite(out, walked + PacketHeader.SIZE, length);
                if (rewritten != null) {
                    replaceFrame(length, rewritten);
                    length = rewritten.length;
                    available = filled - walked - PacketHeader.SIZE;
                }
            }
            int piece = Math.min(available, length);
            walked += PacketHeader.SIZE + piece;
            frameRemaining = length - piece;
        }
    }

    /**
     * Whether the frame at {@code walked}, not all here yet, may be an ERR to rewrite, and so is to be
     * walked only when whole: it starts like one and fits the buffer (an ERR is about 500 bytes).
     */
    private boolean mayBeRewritten(int length) {
        return session.relayState().errors() != ErrAccountRewrite.NONE
                && length > 0
                && (out[walked + PacketHeader.SIZE] & 0xFF) == ErrPacket.HEADER
                && PacketHeader.SIZE + length <= out.length;
    }

    /**
     * Whether the frame at {@code walked}, not all here yet, may be an OK whose session-state
     * information a multiplexed session's pins are read from ({@link RelayState#readsSessionState}),
     * and so is to be walked only when whole: it starts like an OK (0x00, or 0xFE in place of an EOF)
     * and fits the buffer. A binary row starts with 0x00 too and then waits for its end as well.
     */
    private boolean mayCarrySessionState(int length) {
        int header = out[walked + PacketHeader.SIZE] & 0xFF;
        return session.relayState().readsSessionState()
                && length > 0
                && (header == OkPacket.HEADER || header == OkPacket.EOF_HEADER)
                && PacketHeader.SIZE + length <= out.length;
    }

    /**
     * Puts {@code payload} in place of the frame of {@code length} bytes at {@code walked}, keeping
     * its sequence id; the bytes behind it move. A buffer too full for the longer frame grows (the
     * loop's buffers drop a grown one when it comes back).
     */
    private void replaceFrame(int length, byte[] payload) {
        int oldEnd = walked + PacketHeader.SIZE + length;
        int newEnd = walked + PacketHeader.SIZE + payload.length;
        int behind = filled - oldEnd;
        if (newEnd + behind > out.length) {
            out = Arrays.copyOf(out, newEnd + behind);
        }
        System.arraycopy(out, oldEnd, out, newEnd, behind);
        System.arraycopy(payload, 0, out, walked + PacketHeader.SIZE, payload.length);
        PacketHeader.encode(payload.length, PacketHeader.sequenceIdAt(out, walked), out, walked);
        filled = newEnd + behind;
    }

    /** Writes what was walked to the client; at the end of the response, tells the session whose turn it is. */
    void write() throws IOException {
        if (out == null) {
            return;
        }
        if (written < walked) {
            int n = client.write(out, written, walked - written);
            written += n;
            session.relayState().toClient(n);
        }
        // over TLS a response ends only once its last record is on the socket
        clientBlocked = written < walked || client.outputPending();
        if (clientBlocked || !session.responding() || frameRemaining > 0) {
            return;
        }
        ResponseTracker.Next next = session.tracker().next();
        if (next == ResponseTracker.Next.SERVER) {
            return;
        }
        if (filled > walked) {
            session.outOfStep("the backend sent more than the response");
            return;
        }
        buffers.give(out);
        out = null;
        session.responseEnded(next);
    }

    /** The session left the loop: the buffer goes back whatever it holds. */
    void discard() {
        if (out != null) {
            buffers.give(out);
            out = null;
        }
    }
}
