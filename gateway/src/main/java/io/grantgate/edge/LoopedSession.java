package io.grantgate.edge;

import io.grantgate.protocol.MalformedPacketException;
import io.grantgate.protocol.PacketHeader;
import io.grantgate.protocol.ResponseTracker;
import io.grantgate.protocol.constant.CommandType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One session's command phase relayed by a {@link RelayLoop}, non-blocking, with the same rules as
 * {@link CommandLoop} and {@link FrameRelay}: a client command is forwarded as it came, the backend's
 * response copied through as raw frames while the {@link ResponseTracker} reads each packet's first
 * bytes to know where it ends. Nothing is decoded per row and no buffer is held between commands.
 *
 * <p>What the loop does not do itself it hands back to the session's thread, with the bytes the
 * client sent from that command on ({@link Outcome.Handback}): COM_CHANGE_USER, KILL, commands the
 * tracker cannot delimit, and a command larger than one buffer. COM_QUIT and a closed connection end
 * the session ({@link Outcome.Closed}). Both sockets stay registered for reading while the session
 * is here, so a query costs no epoll_ctl: a backend that speaks out of turn, or closes, ends the
 * session with the connection marked broken.
 *
 * <p>Confined to the loop's thread, except {@link #abort}, which only queues a task.
 */
final class LoopedSession {

    private static final Logger log = LoggerFactory.getLogger(LoopedSession.class);

    /** How a session left the loop. */
    sealed interface Outcome {
        /** The session is over: the client quit or went away, or it was ended. */
        record Closed(String why) implements Outcome {
        }

        /** A command for the session's thread, with everything the client sent from it on. */
        record Handback(byte[] unread) implements Outcome {
        }
    }

    /** What the relay shares with the session's {@link CommandLoop}: the tracker and what it must know at the end. */
    interface Shared {
        ResponseTracker tracker();

        /** A command is about to go to the backend: {@code bytes[offset]} is its command byte. */
        void forwarding(CommandType type, byte[] bytes, int offset, int length);

        /** The response to the last forwarded command is complete. */
        void responded();

        /** The backend connection cannot be reused (cut mid-response, or out of step). */
        void broken();
    }

    private enum State { IDLE, RESPONDING, CLIENT_TURN, ENDED }

    private final RelayLoop loop;
    private final SocketChannel client;
    private final SocketChannel backend;
    private final Shared shared;
    private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    private SelectionKey clientKey;
    private SelectionKey backendKey;
    private State state = State.IDLE;
    private Outcome ending;

    /** Client bytes: [inStart, inEnd) not yet handled; [inStart, inSent) part of it already written to the backend. */
    private byte[] in;
    private int inStart;
    private int inEnd;
    private int inSent;
    /** Bytes of the command (or LOCAL INFILE frame) at inStart that go to the backend; -1 when none is being sent. */
    private int inToSend = -1;
    /** During LOCAL INFILE: payload bytes of the client's current frame still to come. */
    private int clientFrameRemaining;

    /** Backend bytes: [outWritten, outWalked) checked and due to the client; [outWalked, outFilled) not yet checked. */
    private byte[] out;
    private int outWritten;
    private int outWalked;
    private int outFilled;
    /** Payload bytes of the backend's current frame not yet walked. */
    private int frameRemaining;
    /** The client's socket buffer is full: wait for OP_WRITE, read nothing more from the backend meanwhile. */
    private boolean clientBlocked;
    /** The backend's socket buffer is full: wait for OP_WRITE, read nothing more from the client meanwhile. */
    private boolean backendBlocked;

    LoopedSession(RelayLoop loop, SocketChannel client, SocketChannel backend, Shared shared, byte[] pending) {
        this.loop = loop;
        this.client = client;
        this.backend = backend;
        this.shared = shared;
        if (pending.length > 0) {
            in = loop.buffers().take();
            if (pending.length > in.length) {
                in = Arrays.copyOf(pending, pending.length);
            } else {
                System.arraycopy(pending, 0, in, 0, pending.length);
            }
            inEnd = pending.length;
        }
    }

    CompletableFuture<Outcome> outcome() {
        return outcome;
    }

    RelayLoop loop() {
        return loop;
    }

    /** On the loop's thread: registers both sockets and handles what the client had already sent. */
    void join() {
        if (state == State.ENDED) {
            return; // aborted before the loop got to it
        }
        try {
            clientKey = client.register(loop.selector(), SelectionKey.OP_READ, this);
            backendKey = backend.register(loop.selector(), SelectionKey.OP_READ, this);
            loop.joined(this);
            handleCommands();
            updateInterest();
        } catch (IOException | RuntimeException e) {
            fail(e);
        }
    }

    /** From any thread: ends the session (a KILL, a revocation, the gateway stopping). */
    void abort(String why) {
        if (!loop.execute(() -> end(new Outcome.Closed(why), state != State.IDLE))) {
            outcome.complete(new Outcome.Closed(why));
        }
    }

    void ready(SelectionKey key) {
        if (state == State.ENDED) {
            return;
        }
        try {
            if (!key.isValid()) {
                end(new Outcome.Closed("connection closed"), true);
                return;
            }
            if (key == clientKey) {
                if (key.isWritable()) {
                    writeToClient();
                }
                if (state != State.ENDED && key.isReadable()) {
                    readClient();
                }
            } else {
                if (key.isWritable() && flushToBackend()) {
                    continueAfterSend();
                }
                if (state != State.ENDED && key.isReadable()) {
                    readBackend();
                }
            }
            updateInterest();
        } catch (IOException | RuntimeException e) {
            fail(e);
        }
    }

    /**
     * Both sockets stay registered for reading in the steady state, so a query changes no interest
     * set (each change would be an epoll_ctl); only a full socket buffer on either side pauses the
     * other, and a full client buffer pauses reading the client.
     */
    private void updateInterest() {
        if (state == State.ENDED) {
            return;
        }
        boolean inRoom = in == null || inEnd < in.length || inStart > 0 && inToSend < 0;
        boolean outRoom = out == null || outFilled < out.length || outWritten > 0;
        interest(clientKey, (clientBlocked ? SelectionKey.OP_WRITE : 0) | (!backendBlocked && inRoom ? SelectionKey.OP_READ : 0));
        interest(backendKey, (backendBlocked ? SelectionKey.OP_WRITE : 0) | (!clientBlocked && outRoom ? SelectionKey.OP_READ : 0));
    }

    // ---- client → backend ------------------------------------------------------------------------

    private void readClient() throws IOException {
        if (in == null) {
            in = loop.buffers().take();
            inStart = inEnd = inSent = 0;
        } else if (inStart > 0 && inToSend < 0) {
            System.arraycopy(in, inStart, in, 0, inEnd - inStart);
            inEnd -= inStart;
            inStart = 0;
        }
        if (inEnd == in.length) {
            return; // a client sending ahead of a running response: updateInterest pauses it until the turn comes
        }
        int n = client.read(ByteBuffer.wrap(in, inEnd, in.length - inEnd));
        if (n < 0) {
            end(new Outcome.Closed(state == State.CLIENT_TURN ? "the client closed the connection during LOCAL INFILE"
                    : "client closed the connection"), state != State.IDLE);
            return;
        }
        inEnd += n;
        if (state == State.IDLE) {
            handleCommands();
        } else if (state == State.CLIENT_TURN) {
            forwardClientFrames();
        }
    }

    /** In IDLE: takes the next whole command, if there is one, and forwards it or leaves the loop. */
    private void handleCommands() throws IOException {
        while (state == State.IDLE && inToSend < 0) {
            int available = inEnd - inStart;
            if (available == 0) {
                releaseIn();
                return;
            }
            if (available < PacketHeader.SIZE) {
                return;
            }
            int length = PacketHeader.lengthAt(in, inStart);
            if (length == 0 || length == PacketHeader.MAX_PAYLOAD_LENGTH || PacketHeader.SIZE + length > in.length
                    || in[inStart + PacketHeader.SIZE - 1] != 0) {
                // empty, too large for one buffer, or not starting at sequence id 0: the session's thread
                // reads it, and answers a malformed one as it answers any
                handBackCommand();
                return;
            }
            if (available < PacketHeader.SIZE + length) {
                return;
            }
            int payload = inStart + PacketHeader.SIZE;
            Optional<CommandType> type = CommandType.fromCode(in[payload] & 0xFF);
            if (type.isPresent() && type.get() == CommandType.COM_QUIT) {
                end(new Outcome.Closed("client quit"), false);
                return;
            }
            if (type.isEmpty() || needsThread(type.get(), payload, length)) {
                handBackCommand();
                return;
            }
            shared.forwarding(type.get(), in, payload, length);
            ResponseTracker.Next next = shared.tracker().begin(type.get());
            state = next == ResponseTracker.Next.DONE ? State.IDLE : State.RESPONDING;
            if (next == ResponseTracker.Next.DONE) {
                shared.responded(); // COM_STMT_CLOSE and the like: no response
            }
            if (!send(PacketHeader.SIZE + length)) {
                return;
            }
        }
    }

    private boolean needsThread(CommandType type, int payload, int length) {
        return switch (type) {
            case COM_CHANGE_USER, COM_PROCESS_KILL -> true;
            case COM_QUERY -> KillStatement.mayBeKill(in, payload, length);
            default -> !ResponseTracker.canTrack(type);
        };
    }

    /** Sends the {@code length} bytes at inStart to the backend; false while some wait for OP_WRITE. */
    private boolean send(int length) throws IOException {
        inToSend = length;
        inSent = inStart;
        return flushToBackend();
    }

    /** Writes what is left of [inSent, inStart + inToSend); true once all of it is written. */
    private boolean flushToBackend() throws IOException {
        if (inToSend < 0) {
            return true;
        }
        int end = inStart + inToSend;
        if (inSent < end) {
            inSent += backend.write(ByteBuffer.wrap(in, inSent, end - inSent));
        }
        backendBlocked = inSent < end;
        if (backendBlocked) {
            return false;
        }
        inStart = end;
        inToSend = -1;
        return true;
    }

    private void continueAfterSend() throws IOException {
        if (state == State.IDLE) {
            handleCommands();
        } else if (state == State.CLIENT_TURN) {
            forwardClientFrames();
        }
    }

    /** LOCAL INFILE: the client's frames go to the backend until the empty one that ends the file. */
    private void forwardClientFrames() throws IOException {
        ResponseTracker tracker = shared.tracker();
        while (state == State.CLIENT_TURN && inToSend < 0) {
            int available = inEnd - inStart;
            if (clientFrameRemaining > 0) {
                if (available == 0) {
                    return;
                }
                int piece = Math.min(available, clientFrameRemaining);
                clientFrameRemaining -= piece;
                if (!send(piece)) {
                    return;
                }
                continue;
            }
            if (tracker.next() != ResponseTracker.Next.CLIENT) {
                state = State.RESPONDING;
                releaseIn();
                return;
            }
            if (available < PacketHeader.SIZE) {
                return;
            }
            int length = PacketHeader.lengthAt(in, inStart);
            tracker.onClientFrame(length);
            int piece = Math.min(available - PacketHeader.SIZE, length);
            clientFrameRemaining = length - piece;
            if (!send(PacketHeader.SIZE + piece)) {
                return;
            }
        }
    }

    private void releaseIn() {
        if (in != null && inStart == inEnd && inToSend < 0) {
            loop.buffers().give(in);
            in = null;
            inStart = inEnd = inSent = 0;
        }
    }

    // ---- backend → client ------------------------------------------------------------------------

    private void readBackend() throws IOException {
        if (out == null) {
            out = loop.buffers().take();
            outWritten = outWalked = outFilled = 0;
        } else if (outWritten > 0) {
            System.arraycopy(out, outWritten, out, 0, outFilled - outWritten);
            outWalked -= outWritten;
            outFilled -= outWritten;
            outWritten = 0;
        }
        if (outFilled == out.length) {
            return; // all of it is due to a client that is not reading: updateInterest pauses the backend
        }
        int n = backend.read(ByteBuffer.wrap(out, outFilled, out.length - outFilled));
        if (n < 0) {
            end(new Outcome.Closed(state == State.RESPONDING ? "the backend closed the connection mid-response"
                    : "the backend closed the connection"), true);
            return;
        }
        if (state != State.RESPONDING) {
            // nothing was asked: the unsolicited ERR a server sends before it closes a killed connection
            end(new Outcome.Closed("the backend sent data out of turn"), true);
            return;
        }
        outFilled += n;
        walk();
        writeToClient();
    }

    /** Advances outWalked over whole frames and frame pieces of the response, asking the tracker at each frame's start. */
    private void walk() throws MalformedPacketException {
        ResponseTracker tracker = shared.tracker();
        while (outWalked < outFilled && (frameRemaining > 0 || tracker.next() == ResponseTracker.Next.SERVER)) {
            if (frameRemaining > 0) {
                int piece = Math.min(frameRemaining, outFilled - outWalked);
                outWalked += piece;
                frameRemaining -= piece;
                continue;
            }
            int available = outFilled - outWalked - PacketHeader.SIZE;
            if (available < 0) {
                return;
            }
            int length = PacketHeader.lengthAt(out, outWalked);
            if (available < Math.min(length, ResponseTracker.PREFIX_LENGTH)) {
                return;
            }
            tracker.onServerFrame(length, out, outWalked + PacketHeader.SIZE, Math.min(available, ResponseTracker.PREFIX_LENGTH));
            int piece = Math.min(available, length);
            outWalked += PacketHeader.SIZE + piece;
            frameRemaining = length - piece;
        }
    }

    private void writeToClient() throws IOException {
        if (out == null) {
            return;
        }
        if (outWritten < outWalked) {
            outWritten += client.write(ByteBuffer.wrap(out, outWritten, outWalked - outWritten));
        }
        clientBlocked = outWritten < outWalked;
        if (clientBlocked || state != State.RESPONDING || frameRemaining > 0) {
            return;
        }
        ResponseTracker.Next next = shared.tracker().next();
        if (next == ResponseTracker.Next.SERVER) {
            return;
        }
        if (outFilled > outWalked) {
            end(new Outcome.Closed("the backend sent more than the response"), true);
            return;
        }
        if (outWritten == outFilled) {
            loop.buffers().give(out);
            out = null;
        }
        if (next == ResponseTracker.Next.CLIENT) {
            state = State.CLIENT_TURN;
            forwardClientFrames();
        } else {
            state = State.IDLE;
            shared.responded();
            handleCommands();
        }
    }

    // ---- leaving ---------------------------------------------------------------------------------

    private void handBackCommand() {
        byte[] unread = Arrays.copyOfRange(in, inStart, inEnd);
        inStart = inEnd;
        end(new Outcome.Handback(unread), false);
    }

    private void fail(Exception e) {
        log.debug("relay of a session ended: {}", e.toString());
        end(new Outcome.Closed(e instanceof MalformedPacketException ? "protocol error: " + e.getMessage()
                : "connection failed: " + e.getMessage()), true);
    }

    /**
     * Leaves the loop: keys cancelled now; the channels go back to blocking mode and the session's
     * thread gets the outcome once the loop has deregistered them ({@link #handBack}).
     */
    void end(Outcome why, boolean broken) {
        if (state == State.ENDED) {
            return;
        }
        state = State.ENDED;
        if (broken) {
            shared.broken();
        }
        ending = why;
        if (clientKey != null) {
            clientKey.cancel();
        }
        if (backendKey != null) {
            backendKey.cancel();
        }
        if (in != null) {
            loop.buffers().give(in);
        }
        if (out != null) {
            loop.buffers().give(out);
        }
        in = out = null;
        loop.leave(this);
    }

    /** After deregistration: blocking mode back for the session's thread (and the pool's reset). */
    void handBack() {
        try {
            backend.configureBlocking(true);
        } catch (IOException | RuntimeException e) {
            shared.broken();
        }
        try {
            client.configureBlocking(true);
        } catch (IOException | RuntimeException e) {
            // closed: the session's thread finds out at its next read, or has already ended
            log.debug("client channel not back in blocking mode: {}", e.toString());
        }
        outcome.complete(ending);
    }

    private static void interest(SelectionKey key, int ops) {
        if (key.isValid() && key.interestOps() != ops) {
            key.interestOps(ops);
        }
    }
}
