package io.grantgate.edge;

import io.grantgate.command.CommandTriage;
import io.grantgate.command.Triage;
import io.grantgate.protocol.PacketHeader;
import io.grantgate.protocol.ResponseTracker;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Arrays;

/**
 * The client → backend direction of a {@link LoopedSession}: reads the client's bytes into a buffer
 * borrowed from the loop, cuts whole commands out of them for {@link CommandTriage}, and writes the
 * ones to relay to the backend as they came; during LOCAL INFILE it passes the client's frames on
 * until the empty one that ends the file. A command the loop does not carry out (any triage but
 * relay and quit), one larger than the buffer, an empty one or one not at sequence id 0 is handed,
 * with everything the client sent after it, to the session's thread.
 *
 * <p>Threading: confined to the loop's thread, like its session.
 */
final class CommandPump {

    private final LoopedSession session;
    private final ClientBytes client;
    private final SocketChannel backend;
    private final RelayBuffers buffers;

    /** Client bytes: [start, end) not yet handled; [start, sent) part of it already written to the backend. */
    private byte[] in;

    private int start;
    private int end;
    private int sent;
    /** Bytes at {@code start} (a command or a LOCAL INFILE piece) being written to the backend; -1 when none. */
    private int toSend = -1;
    /** During LOCAL INFILE: payload bytes of the client's current frame still to come. */
    private int frameRemaining;
    /** The backend's socket buffer is full: wait for OP_WRITE. */
    private boolean backendBlocked;

    CommandPump(
            LoopedSession session, ClientBytes client, SocketChannel backend, RelayBuffers buffers, byte[] pending) {
        this.session = session;
        this.client = client;
        this.backend = backend;
        this.buffers = buffers;
        if (pending.length > 0) {
            in = buffers.take();
            if (pending.length > in.length) {
                buffers.give(in);
                in = Arrays.copyOf(pending, pending.length);
            } else {
                System.arraycopy(pending, 0, in, 0, pending.length);
            }
            end = pending.length;
        }
    }

    boolean backendBlocked() {
        return backendBlocked;
    }

    /** Whether a read could take more bytes: false while a full buffer waits for its turn. */
    boolean hasRoom() {
        return in == null || end < in.length || start > 0 && toSend < 0;
    }

    /** Reads what the client sent; false at the end of its stream. */
    boolean read() throws IOException {
        if (in == null) {
            in = buffers.take();
            start = end = sent = 0;
        } else if (start > 0 && toSend < 0) {
            System.arraycopy(in, start, in, 0, end - start);
            end -= start;
            start = 0;
        }
        if (end == in.length) {
            return true; // a client sending ahead of a running response: the session stops reading it until the turn
            // comes
        }
        int n = client.read(in, end, in.length - end);
        if (n < 0) {
            return false;
        }
        end += n;
        return true;
    }

    /** Session IDLE: takes the next whole command, if there is one, and relays it or leaves the loop. */
    void handleCommands() throws IOException {
        while (session.idle() && toSend < 0) {
            int available = end - start;
            if (available == 0) {
                release();
                return;
            }
            if (available < PacketHeader.SIZE) {
                return;
            }
            int length = PacketHeader.lengthAt(in, start);
            if (length == 0
                    || length == PacketHeader.MAX_PAYLOAD_LENGTH
                    || PacketHeader.SIZE + length > in.length
                    || in[start + PacketHeader.SIZE - 1] != 0) {
                // empty, too large for one buffer, or not at sequence id 0: the session's thread reads
                // it and answers a malformed one as it answers any
                handBack();
                return;
            }
            if (available < PacketHeader.SIZE + length) {
                return;
            }
            int payload = start + PacketHeader.SIZE;
            switch (CommandTriage.decide(in, payload, length)) {
                case Triage.Relay relay -> {
                    if (!session.forwarding(relay.type(), in, payload, length)) {
                        handBack(); // the audit refused it: the session's thread answers it
                        return;
                    }
                    if (!send(PacketHeader.SIZE + length)) {
                        return;
                    }
                }
                case Triage.Quit quit -> {
                    session.end(new LoopedSession.Outcome.Closed("client quit"), false);
                    return;
                }
                case Triage.ChangeUser changeUser -> {
                    handBack();
                    return;
                }
                case Triage.Kill kill -> {
                    handBack();
                    return;
                }
                case Triage.KillsInBatch batch -> {
                    handBack(); // the session's thread asks the registry for the backend ids
                    return;
                }
                case Triage.ChangePassword change -> {
                    handBack(); // the session's thread writes the catalog
                    return;
                }
                case Triage.PrepareFromVariable prepare -> {
                    handBack(); // the session's thread reads the variable on the backend first
                    return;
                }
                case Triage.Refuse refuse -> {
                    handBack();
                    return;
                }
            }
        }
    }

    /** Session CLIENT_TURN (LOCAL INFILE): the client's frames go to the backend until the empty one that ends the file. */
    void forwardClientFrames() throws IOException {
        ResponseTracker tracker = session.tracker();
        while (session.clientTurn() && toSend < 0) {
            int available = end - start;
            if (frameRemaining > 0) {
                if (available == 0) {
                    return;
                }
                int piece = Math.min(available, frameRemaining);
                frameRemaining -= piece;
                session.relayState().fromClient(piece);
                if (!send(piece)) {
                    return;
                }
                continue;
            }
            if (tracker.next() != ResponseTracker.Next.CLIENT) {
                session.clientFramesSent();
                release();
                return;
            }
            if (available < PacketHeader.SIZE) {
                return;
            }
            int length = PacketHeader.lengthAt(in, start);
            tracker.onClientFrame(length, PacketHeader.sequenceIdAt(in, start));
            int piece = Math.min(available - PacketHeader.SIZE, length);
            frameRemaining = length - piece;
            session.relayState().fromClient(PacketHeader.SIZE + piece);
            if (!send(PacketHeader.SIZE + piece)) {
                return;
            }
        }
    }

    /** Sends the {@code length} bytes at start to the backend; false while some wait for OP_WRITE. */
    private boolean send(int length) throws IOException {
        toSend = length;
        sent = start;
        return flush();
    }

    /** Writes what is left of the piece being sent; true once all of it is written (or none was pending). */
    boolean flush() throws IOException {
        if (toSend < 0) {
            return true;
        }
        int pieceEnd = start + toSend;
        if (sent < pieceEnd) {
            try {
                sent += backend.write(ByteBuffer.wrap(in, sent, pieceEnd - sent));
            } catch (IOException e) {
                // the backend went as the command was on its way: its close is the session's end
                throw FrameRelay.BackendGoneException.writing(e);
            }
        }
        backendBlocked = sent < pieceEnd;
        if (backendBlocked) {
            return false;
        }
        start = pieceEnd;
        toSend = -1;
        return true;
    }

    private void handBack() {
        session.handBackCommand(takeUnread());
    }

    /** What the client sent that is not handled yet, for the session's thread; nothing is left here. */
    byte[] takeUnread() {
        if (in == null) {
            return new byte[0];
        }
        byte[] unread = Arrays.copyOfRange(in, start, end);
        start = end;
        return unread;
    }

    /** Gives the buffer back once everything in it is handled, so an idle session holds none. */
    private void release() {
        if (in != null && start == end && toSend < 0) {
            buffers.give(in);
            in = null;
            start = end = sent = 0;
        }
    }

    /** The session left the loop: the buffer goes back whatever it holds. */
    void discard() {
        if (in != null) {
            buffers.give(in);
            in = null;
        }
    }
}
