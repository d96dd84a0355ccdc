package io.grantgate.edge;

import io.grantgate.command.CommandTriage;
import io.grantgate.command.StatementAudit;
import io.grantgate.command.Triage;
import io.grantgate.protocol.MalformedPacketException;
import io.grantgate.protocol.PacketBuffer;
import io.grantgate.protocol.PacketHeader;
import io.grantgate.protocol.PacketReader;
import io.grantgate.protocol.PacketTooLargeException;
import io.grantgate.protocol.PacketWriter;
import io.grantgate.protocol.ProtocolException;
import io.grantgate.protocol.ResponseTracker;
import io.grantgate.protocol.constant.Capabilities;
import io.grantgate.protocol.constant.CommandType;
import io.grantgate.protocol.constant.MySqlError;
import io.grantgate.protocol.message.server.ErrPacket;
import io.grantgate.protocol.message.server.OkPacket;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command phase of one account's session, on the session's own thread: each command is read
 * whole, decided by {@link CommandTriage}, and either forwarded as it came with its response relayed
 * frame by frame ({@link FrameRelay}), or answered here (KILL, refusals), or handed back to the
 * session (COM_CHANGE_USER, COM_QUIT). Plain-TCP sessions move to a {@link RelayLoop} after their
 * first few commands, this thread parked meanwhile; it takes over again for one command whenever the
 * loop hands one back, and for good when either side uses TLS.
 *
 * <p>Threading: runs on the session's thread; only {@link #abort} is called from other threads.
 */
final class CommandLoop {

    private static final Logger log = LoggerFactory.getLogger(CommandLoop.class);
    /** Backend responses may carry rows up to the backend's max_allowed_packet (at most 1 GiB). */
    private static final int MAX_BACKEND_PACKET = 1 << 30;

    private final ClientChannel client;
    private final BackendLease backend;
    private final Capabilities negotiated;
    private final PacketReader backendIn;
    private final PacketWriter backendOut;
    private final RelayState relayState;
    private final KillHandler kills;
    private final FrameRelay relay = new FrameRelay();
    /** Null: every command on this thread (TLS on either side, or no loops configured). */
    private RelayLoops loops;

    private int commandsOnThread;
    /** The session while a loop relays it, for {@link #abort}. */
    private volatile LoopedSession looped;

    /** Carries out a KILL of a gateway connection id; an ERR when the session may not. */
    @FunctionalInterface
    interface KillHandler {
        Optional<ErrPacket> kill(long connectionId, boolean queryOnly);
    }

    /** How the loop ended: the session is over, or the client asked to become another account. */
    sealed interface Ending {
        record Closed(String why) implements Ending {}

        /** COM_CHANGE_USER, still in the channel's buffer. */
        record ChangeUser() implements Ending {}
    }

    CommandLoop(
            ClientChannel client,
            BackendLease backend,
            Capabilities negotiated,
            KillHandler kills,
            RelayLoops loops,
            StatementAudit audit) {
        this.loops = loops;
        this.client = client;
        this.kills = kills;
        this.backend = backend;
        this.negotiated = negotiated;
        this.backendIn = new PacketReader(backend.in(), MAX_BACKEND_PACKET);
        this.backendOut = new PacketWriter(backend.out());
        this.relayState = new RelayState(new ResponseTracker(backend.capabilities()), audit);
    }

    /** How the backend connection is to be given back when the session ends. */
    BackendLease.Ending backendEnding() {
        return relayState.backendEnding();
    }

    StatementAudit audit() {
        return relayState.audit();
    }

    long bytesFromClient() {
        return relayState.bytesFromClient() + relay.bytesFromClient();
    }

    long bytesToClient() {
        return relayState.bytesToClient() + relay.bytesToClient();
    }

    /** The session is over, whichever way: what was in flight is recorded as interrupted. */
    void ended() {
        relayState.ended();
    }

    /** Runs until the client quits, goes away or changes user. */
    Ending run() throws IOException {
        PacketBuffer command = client.buffer();
        while (true) {
            if (loops != null && commandsOnThread >= loops.commandsBefore()) {
                Optional<String> closed = relayOnLoop();
                if (closed.isPresent()) {
                    return new Ending.Closed(closed.get());
                }
            }
            Optional<Ending> ended = readCommand(command);
            if (ended.isPresent()) {
                return ended.get();
            }
            switch (CommandTriage.decide(command.array(), 0, command.length())) {
                case Triage.Relay relayed -> {
                    Optional<Ending> outOfStep = forward(relayed.type(), command);
                    if (outOfStep.isPresent()) {
                        return outOfStep.get();
                    }
                }
                case Triage.Quit quit -> {
                    return new Ending.Closed("client quit");
                }
                case Triage.ChangeUser changeUser -> {
                    client.continueAfter(command.lastSequenceId());
                    return new Ending.ChangeUser();
                }
                case Triage.Kill kill -> {
                    Optional<ErrPacket> refused = kills.kill(kill.connectionId(), kill.queryOnly());
                    relayState.audit().answeredByGateway("kill", killText(command, kill), refused);
                    reply(
                            refused.isPresent()
                                    ? refused.get().encode(negotiated)
                                    : OkPacket.of(relayState.statusFlags()).encode(negotiated));
                }
                case Triage.Refuse refuse -> {
                    log.debug("refused a command: {}", refuse.reason());
                    relayState.audit().answeredByGateway("refused", refuse.reason(), Optional.of(refuse.error()));
                    reply(refuse.error().encode(negotiated));
                }
            }
        }
    }

    /** Reads the next command into {@code command}; the session's end instead when there is none to read. */
    private Optional<Ending> readCommand(PacketBuffer command) throws IOException {
        client.startCommand();
        commandsOnThread++;
        try {
            if (!client.reader().read(command, 0)) {
                return Optional.of(new Ending.Closed("client closed the connection"));
            }
            return Optional.empty();
        } catch (PacketTooLargeException e) {
            reply(MySqlError.ER_NET_PACKET_TOO_LARGE.err().encode(negotiated));
            return Optional.of(new Ending.Closed("packet too large"));
        } catch (ProtocolException e) {
            reply(e.error().err().encode(negotiated));
            return Optional.of(new Ending.Closed("protocol error: " + e.getMessage()));
        }
    }

    /**
     * Hands both sockets to a loop until the session ends (its reason returned) or the loop gives a
     * command back (empty: it is in the client's reader now). Stays on this thread for good when the
     * sockets cannot be relayed so: TLS, bytes already buffered from the backend, or loops stopped.
     */
    private Optional<String> relayOnLoop() throws IOException {
        Optional<SocketChannel> clientSocket = client.plainChannel();
        Optional<SocketChannel> backendSocket = backend.plainChannel();
        if (clientSocket.isEmpty() || backendSocket.isEmpty()) {
            return stayOnThread("TLS");
        }
        int unread = backend.in().available();
        if (unread > 0) {
            return stayOnThread(unread + " bytes from the backend not read yet");
        }
        byte[] pending = client.drainBuffered();
        clientSocket.get().configureBlocking(false);
        backendSocket.get().configureBlocking(false);
        LoopedSession session = loops.session(clientSocket.get(), backendSocket.get(), relayState, pending);
        looped = session;
        try {
            if (!loops.submit(session)) {
                clientSocket.get().configureBlocking(true);
                backendSocket.get().configureBlocking(true);
                client.unread(pending);
                loops = null;
                return Optional.empty();
            }
            return switch (session.outcome().join()) {
                case LoopedSession.Outcome.Closed closed -> Optional.of(closed.why());
                case LoopedSession.Outcome.OutOfStep outOfStep ->
                    Optional.of(
                            outOfStep(outOfStep.command(), outOfStep.detail()).why());
                case LoopedSession.Outcome.Handback handback -> {
                    loops.handedBack();
                    client.unread(handback.unread());
                    yield Optional.empty();
                }
            };
        } finally {
            looped = null;
        }
    }

    /** For good: the loops relay only plain sockets whose bytes so far were all read here. */
    private Optional<String> stayOnThread(String why) {
        log.debug("the session stays on its thread: {}", why);
        loops = null;
        return Optional.empty();
    }

    /** Ends a session a loop is relaying (a revocation or KILL from another thread); on this thread the closed socket does. */
    void abort(String why) {
        LoopedSession session = looped;
        if (session != null) {
            session.abort(why);
        }
    }

    /** KILL as the client wrote it; COM_PROCESS_KILL, which has no text, in the statement form it stands for. */
    private static String killText(PacketBuffer command, Triage.Kill kill) {
        if (command.length() > 0 && command.array()[0] == (byte) CommandType.COM_QUERY.code()) {
            return new String(command.array(), 1, command.length() - 1, StandardCharsets.UTF_8);
        }
        return "KILL CONNECTION " + kill.connectionId();
    }

    /** Relays one command and its response; the session's end instead when the response cannot be followed. */
    private Optional<Ending> forward(CommandType type, PacketBuffer command) throws IOException {
        if (!relayState.forwarding(type, command.array(), 0, command.length())) {
            log.debug("refused a statement: the audit trail cannot record it");
            reply(StatementAudit.unrecorded().encode(negotiated));
            return Optional.empty();
        }
        backendOut.write(0, command.array(), 0, command.length());
        backendOut.flush();
        try {
            relay.relay(type, relayState.tracker(), backendIn, client.out(), client.reader(), backend.out());
        } catch (MalformedPacketException e) {
            // only the tracker throws it, on a backend packet it cannot place
            return Optional.of(outOfStep(type, e.getMessage()));
        }
        relayState.responded();
        return Optional.empty();
    }

    /**
     * The backend's response could not be followed to its end, so where the next one starts is
     * unknown: nothing more can be relayed on this session. Logged, as it means a response shape
     * the gateway does not know (the client only sees its connection close); the backend
     * connection, left mid-response, is discarded.
     */
    private Ending.Closed outOfStep(CommandType command, String detail) {
        relayState.broken();
        log.warn(
                "closing the session: the backend's response to {} cannot be relayed ({}); its backend connection is"
                        + " discarded",
                command,
                detail);
        return new Ending.Closed("protocol error: the response to " + command + " cannot be relayed: " + detail);
    }

    /** An answer of the gateway's own: the one packet of the response, at sequence id 1. */
    private void reply(byte[] payload) throws IOException {
        relayState.toClient(PacketHeader.SIZE + payload.length);
        client.writer().write(1, payload);
        client.writer().flush();
    }
}
