package io.grantgate.edge;

import io.grantgate.protocol.MalformedPacketException;
import io.grantgate.protocol.ProtocolException;
import io.grantgate.protocol.ResponseTracker;
import io.grantgate.protocol.constant.CommandType;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One session's command phase relayed by a {@link RelayLoop}, non-blocking, with the same rules as
 * the session's thread ({@link CommandLoop}): the same {@link io.grantgate.command.CommandTriage}
 * decides each command and the same {@link RelayState} follows the responses. This class holds the
 * session's turn (idle, a response running, the client's turn during LOCAL INFILE) and its two
 * selection keys; the bytes move in its two pumps, {@link CommandPump} (client → backend) and
 * {@link ResponsePump} (backend → client). Nothing is decoded per row and no buffer is held between
 * commands.
 *
 * <p>It leaves the loop with an {@link Outcome}: {@link Outcome.Handback} when a command is for the
 * session's thread, {@link Outcome.Closed} when the session is over, {@link Outcome.Unpinned} when a
 * multiplexed session's response unpinned it (its thread gives the connection back). Both sockets stay registered
 * for reading while it is here, so a query costs no epoll_ctl.
 *
 * <p>Threading: confined to its loop's thread, but for {@link #abort}, which any thread may call
 * (it queues a task on the loop), and {@link #outcome}, which the session's thread waits on.
 */
final class LoopedSession {

    private static final Logger log = LoggerFactory.getLogger(LoopedSession.class);

    /** How a session left the loop. */
    sealed interface Outcome {
        /** The session is over: the client quit or went away, or it was ended. */
        record Closed(String why) implements Outcome {}

        /** A command for the session's thread, with everything the client sent from it on. */
        record Handback(byte[] unread) implements Outcome {}

        /**
         * A multiplexed session's response left it unpinned: its thread gives the connection back and
         * waits for the next command there, with whatever the client sent after the response.
         */
        record Unpinned(byte[] unread) implements Outcome {}

        /**
         * The backend's response to {@code command} could not be followed to its end (a packet the
         * tracker cannot place, or bytes past the end): the two sides cannot be kept in step.
         */
        record OutOfStep(CommandType command, String detail) implements Outcome {}
    }

    private enum Turn {
        IDLE,
        RESPONDING,
        CLIENT_TURN,
        ENDED
    }

    private final RelayLoop loop;
    /** The client's bytes: its socket channel, or TLS over it. */
    private final ClientBytes client;

    private final SocketChannel clientChannel;
    private final SocketChannel backend;
    private final RelayState relay;
    /** The session's lease when it shares backend connections (it came here pinned); null otherwise. */
    private final MultiplexedLease multiplexed;

    private final CommandPump commands;
    private final ResponsePump responses;
    private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    private SelectionKey clientKey;
    private SelectionKey backendKey;
    private Turn turn = Turn.IDLE;
    /** The command whose response is relayed now, or was last. */
    private CommandType command;

    private Outcome ending;

    /**
     * @param pending what the client had sent that the session's thread already read from the socket
     * @param multiplexed the lease of a multiplexed session, pinned to its connection as it comes; null if not multiplexed
     */
    LoopedSession(
            RelayLoop loop,
            ClientBytes client,
            SocketChannel backend,
            RelayState relay,
            byte[] pending,
            MultiplexedLease multiplexed) {
        this.loop = loop;
        this.multiplexed = multiplexed;
        this.client = client;
        this.clientChannel = client.channel();
        this.backend = backend;
        this.relay = relay;
        this.commands = new CommandPump(this, client, backend, loop.buffers(), pending);
        this.responses = new ResponsePump(this, client, backend, loop.buffers());
    }

    CompletableFuture<Outcome> outcome() {
        return outcome;
    }

    RelayLoop loop() {
        return loop;
    }

    /** On the loop's thread: registers both sockets and handles what the client had already sent. */
    void join() {
        if (turn == Turn.ENDED) {
            return; // aborted before the loop got to it
        }
        try {
            clientKey = clientChannel.register(loop.selector(), SelectionKey.OP_READ, this);
            backendKey = backend.register(loop.selector(), SelectionKey.OP_READ, this);
            loop.joined(this);
            commands.handleCommands();
            readBufferedClientInput();
            updateInterest();
        } catch (IOException | RuntimeException e) {
            fail(e);
        }
    }

    /** From any thread: ends the session (a KILL, a revocation, the gateway stopping). */
    void abort(String why) {
        if (!loop.execute(() -> end(new Outcome.Closed(why), turn != Turn.IDLE))) {
            outcome.complete(new Outcome.Closed(why));
        }
    }

    void ready(SelectionKey key) {
        if (turn == Turn.ENDED) {
            return;
        }
        try {
            if (!key.isValid()) {
                end(new Outcome.Closed("connection closed"), true);
                return;
            }
            if (key == clientKey) {
                if (key.isWritable() && client.flush()) {
                    responses.write();
                }
                if (turn != Turn.ENDED && key.isReadable()) {
                    readClient();
                }
            } else {
                if (key.isWritable() && commands.flush()) {
                    continueCommands();
                }
                if (turn != Turn.ENDED && key.isReadable()) {
                    responses.read();
                }
            }
            readBufferedClientInput();
            updateInterest();
        } catch (IOException | RuntimeException e) {
            fail(e);
        }
    }

    private void readClient() throws IOException {
        if (!commands.read()) {
            end(
                    new Outcome.Closed(
                            turn == Turn.CLIENT_TURN
                                    ? "the client closed the connection during LOCAL INFILE"
                                    : "client closed the connection"),
                    turn != Turn.IDLE);
            return;
        }
        continueCommands();
    }

    /**
     * What the client sent that its TLS layer read off the socket but the command pump had no room
     * for then: the selector will not report it, so it is taken whenever the pump has room again.
     * Each round takes bytes or a whole record, so this ends (plain TCP buffers nothing).
     */
    private void readBufferedClientInput() throws IOException {
        while (turn != Turn.ENDED && client.inputBuffered() && !commands.backendBlocked() && commands.hasRoom()) {
            readClient();
        }
    }

    private void continueCommands() throws IOException {
        if (turn == Turn.IDLE) {
            commands.handleCommands();
        } else if (turn == Turn.CLIENT_TURN) {
            commands.forwardClientFrames();
        }
    }

    /**
     * Both sockets stay registered for reading in the steady state, so a query changes no interest
     * set (each change would be an epoll_ctl); only a full socket buffer on either side pauses the
     * other, and a full buffer pauses reading its side.
     */
    private void updateInterest() {
        if (turn == Turn.ENDED) {
            return;
        }
        boolean clientBlocked = responses.clientBlocked() || client.outputPending();
        boolean backendBlocked = commands.backendBlocked();
        interest(
                clientKey,
                (clientBlocked ? SelectionKey.OP_WRITE : 0)
                        | (!backendBlocked && commands.hasRoom() ? SelectionKey.OP_READ : 0));
        interest(
                backendKey,
                (backendBlocked ? SelectionKey.OP_WRITE : 0)
                        | (!clientBlocked && responses.hasRoom() ? SelectionKey.OP_READ : 0));
    }

    // ---- the session's turn, as the pumps move it --------------------------------------------------

    boolean idle() {
        return turn == Turn.IDLE;
    }

    boolean responding() {
        return turn == Turn.RESPONDING;
    }

    boolean clientTurn() {
        return turn == Turn.CLIENT_TURN;
    }

    ResponseTracker tracker() {
        return relay.tracker();
    }

    /**
     * The command pump is about to send this command to the backend; false when it may not (the audit
     * trail cannot record it) and the session's thread is to answer it.
     */
    boolean forwarding(CommandType type, byte[] bytes, int offset, int length) {
        if (!relay.forwarding(type, bytes, offset, length)) {
            return false;
        }
        if (multiplexed != null) {
            multiplexed.forwarding(type, bytes, offset, length);
        }
        command = type;
        if (relay.tracker().begin(type) == ResponseTracker.Next.DONE) {
            relay.responded(); // COM_STMT_CLOSE and the like: no response
        } else {
            turn = Turn.RESPONDING;
        }
        return true;
    }

    RelayState relayState() {
        return relay;
    }

    /** The response pump wrote the last of a response, or of its part before LOCAL INFILE data. */
    void responseEnded(ResponseTracker.Next next) throws IOException {
        if (next == ResponseTracker.Next.CLIENT) {
            turn = Turn.CLIENT_TURN;
            commands.forwardClientFrames();
        } else {
            turn = Turn.IDLE;
            relay.responded();
            if (relay.backendKilled()) {
                end(new Outcome.Closed("killed"), false);
                return;
            }
            if (multiplexed != null && multiplexed.responded(relay.tracker().summary(), relay.statusFlags())) {
                // the connection goes back to the pool, which only the session's thread may do: a
                // channel registered here cannot be handed to another session
                end(new Outcome.Unpinned(commands.takeUnread()), false);
                return;
            }
            commands.handleCommands();
        }
    }

    /** The client sent the empty frame that ends a LOCAL INFILE file: the rest of the response follows. */
    void clientFramesSent() {
        turn = Turn.RESPONDING;
    }

    /**
     * The backend closed the connection while the session was idle (a KILL, its idle timeout, a
     * restart), after sending {@code farewell}. The client gets that as it came if it is the
     * backend's ERR, and its connection then closes as the backend's did: reset when the backend
     * reset it and sent nothing; the session ends, its backend connection discarded.
     */
    void backendGone(BackendFarewell farewell, boolean reset) {
        try {
            Optional<byte[]> relayed = farewell.relayable();
            if (relayed.isPresent()) {
                // an idle client's socket takes a packet this small: nothing of a response is pending
                int n = client.write(relayed.get(), 0, relayed.get().length);
                client.flush();
                relay.toClient(n);
            } else if (reset && farewell.isEmpty()) {
                clientChannel.setOption(StandardSocketOptions.SO_LINGER, 0);
            }
        } catch (IOException | RuntimeException e) {
            log.debug("the backend's last packet did not reach the client: {}", e.toString());
        }
        end(new Outcome.Closed(CommandLoop.BACKEND_CLOSED), true);
    }

    void handBackCommand(byte[] unread) {
        end(new Outcome.Handback(unread), false);
    }

    // ---- leaving ---------------------------------------------------------------------------------

    /** The response in flight went past what the tracker can follow: the session ends (its thread logs why). */
    void outOfStep(String detail) {
        end(new Outcome.OutOfStep(command, detail), true);
    }

    private void fail(Exception e) {
        log.debug("relay of a session ended: {}", e.toString());
        if (e instanceof MalformedPacketException malformed) {
            // only the tracker throws it here, on a backend packet it cannot place
            outOfStep(malformed.getMessage());
            return;
        }
        end(
                new Outcome.Closed(
                        e instanceof FrameRelay.BackendGoneException
                                ? e.getMessage()
                                : e instanceof ProtocolException
                                        ? "protocol error: " + e.getMessage()
                                        : "connection failed: " + e.getMessage()),
                true);
    }

    /**
     * Leaves the loop: keys cancelled now; the channels go back to blocking mode and the session's
     * thread gets the outcome once the loop has deregistered them ({@link #handBack()}).
     */
    void end(Outcome why, boolean broken) {
        if (turn == Turn.ENDED) {
            return;
        }
        turn = Turn.ENDED;
        if (broken) {
            relay.broken();
        }
        ending = why;
        if (clientKey != null) {
            clientKey.cancel();
        }
        if (backendKey != null) {
            backendKey.cancel();
        }
        commands.discard();
        responses.discard();
        loop.leave(this);
    }

    /** After deregistration: blocking mode back for the session's thread (and the pool's reset). */
    void handBack() {
        try {
            backend.configureBlocking(true);
        } catch (IOException | RuntimeException e) {
            relay.broken();
        }
        try {
            clientChannel.configureBlocking(true);
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
