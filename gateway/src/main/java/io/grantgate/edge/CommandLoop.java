package io.grantgate.edge;

import io.grantgate.protocol.PacketBuffer;
import io.grantgate.protocol.PacketReader;
import io.grantgate.protocol.PacketTooLargeException;
import io.grantgate.protocol.PacketWriter;
import io.grantgate.protocol.PayloadReader;
import io.grantgate.protocol.ProtocolException;
import io.grantgate.protocol.ResponseTracker;
import io.grantgate.protocol.constant.Capabilities;
import io.grantgate.protocol.constant.CommandType;
import io.grantgate.protocol.constant.MySqlError;
import io.grantgate.protocol.constant.ServerStatus;
import io.grantgate.protocol.message.server.ErrPacket;
import io.grantgate.protocol.message.server.OkPacket;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command phase: each client command is forwarded to the backend as it came, and the response
 * relayed back frame by frame ({@link FrameRelay}) until the tracker says it is complete. The
 * gateway answers itself only what must not reach the backend: COM_QUIT, COM_CHANGE_USER (handed back
 * to the session, which authenticates the new account itself), and, with 1047 like MySQL, commands
 * it cannot delimit (replication streams) and unknown codes.
 */
final class CommandLoop implements LoopedSession.Shared {

    private static final Logger log = LoggerFactory.getLogger(CommandLoop.class);
    /** Backend responses may carry rows up to the backend's max_allowed_packet (at most 1 GiB). */
    private static final int MAX_BACKEND_PACKET = 1 << 30;

    private final ClientChannel client;
    private final BackendLease backend;
    private final Capabilities negotiated;
    private final PacketReader backendIn;
    private final PacketWriter backendOut;
    private final ResponseTracker tracker;
    private final KillHandler kills;
    private final FrameRelay relay = new FrameRelay();
    /** False while a response is in flight: a connection left mid-response cannot be reused. */
    private boolean betweenResponses = true;
    private boolean relayedAny;
    private boolean schemaMayHaveChanged;
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

    CommandLoop(ClientChannel client, BackendLease backend, Capabilities negotiated, KillHandler kills, RelayLoops loops) {
        this.loops = loops;
        this.client = client;
        this.kills = kills;
        this.backend = backend;
        this.negotiated = negotiated;
        this.backendIn = new PacketReader(backend.in(), MAX_BACKEND_PACKET);
        this.backendOut = new PacketWriter(backend.out());
        this.tracker = new ResponseTracker(backend.capabilities());
    }

    /** How the backend connection is to be given back when the session ends. */
    BackendLease.Ending backendEnding() {
        if (!betweenResponses) {
            return BackendLease.Ending.BROKEN;
        }
        return schemaMayHaveChanged ? BackendLease.Ending.SCHEMA_CHANGED : BackendLease.Ending.SCHEMA_KEPT;
    }

    /** How the loop ended: the session is over, or the client asked to become another account. */
    sealed interface Ending {
        record Closed(String why) implements Ending {
        }

        /** COM_CHANGE_USER, still in the channel's buffer. */
        record ChangeUser() implements Ending {
        }
    }

    /**
     * Runs until the client quits, goes away or changes user. Plain-TCP sessions are relayed by a
     * {@link RelayLoop} after their first few commands (on this thread: moving costs about a query), this thread parked
     * meanwhile; it takes over for one command whenever the loop hands one back, and for everything
     * when either side uses TLS.
     */
    Ending run() throws IOException {
        PacketBuffer command = client.buffer();
        while (true) {
            if (loops != null && commandsOnThread >= loops.commandsBefore()) {
                Optional<String> closed = relayOnLoop();
                if (closed.isPresent()) {
                    return new Ending.Closed(closed.get());
                }
            }
            client.startCommand();
            commandsOnThread++;
            try {
                if (!client.reader().read(command, 0)) {
                    return new Ending.Closed("client closed the connection");
                }
            } catch (PacketTooLargeException e) {
                reply(MySqlError.ER_NET_PACKET_TOO_LARGE.err().encode(negotiated), 1);
                return new Ending.Closed("packet too large");
            } catch (ProtocolException e) {
                reply(e.error().err().encode(negotiated), 1);
                return new Ending.Closed("protocol error: " + e.getMessage());
            }
            Optional<CommandType> type = CommandType.fromCode(command.firstByte());
            if (type.isPresent() && type.get() == CommandType.COM_QUIT) {
                return new Ending.Closed("client quit");
            }
            if (type.isPresent() && type.get() == CommandType.COM_CHANGE_USER) {
                client.continueAfter(command.lastSequenceId());
                return new Ending.ChangeUser();
            }
            if (type.isPresent() && answeredAsKill(type.get(), command)) {
                continue;
            }
            if (type.isEmpty() || !ResponseTracker.canTrack(type.get())) {
                log.debug("refused command code {}", command.firstByte());
                reply(MySqlError.ER_UNKNOWN_COM_ERROR.err().encode(negotiated), 1);
                continue;
            }
            forward(type.get(), command);
        }
    }

    /**
     * KILL names the gateway's connection ids (those its greetings gave), which mean nothing to the
     * backend: the gateway answers it. COM_PROCESS_KILL is the old command form of KILL CONNECTION.
     */
    private boolean answeredAsKill(CommandType type, PacketBuffer command) throws IOException {
        KillStatement kill;
        if (type == CommandType.COM_QUERY) {
            kill = KillStatement.parse(command.array(), command.length());
        } else if (type == CommandType.COM_PROCESS_KILL && command.length() >= 5) {
            PayloadReader payload = command.reader();
            payload.readInt1();
            kill = new KillStatement.Kill(payload.readInt4(), false);
        } else {
            return false;
        }
        switch (kill) {
            case KillStatement.NotKill notKill -> {
                return false;
            }
            case KillStatement.Unsupported unsupported -> reply(MySqlError.ER_NOT_SUPPORTED_YET
                    .err("this form of KILL through the gateway (use KILL [QUERY] <connection id>)").encode(negotiated), 1);
            case KillStatement.Kill k -> {
                Optional<ErrPacket> refused = kills.kill(k.connectionId(), k.queryOnly());
                reply(refused.isPresent() ? refused.get().encode(negotiated)
                        : OkPacket.of(statusFlags()).encode(negotiated), 1);
            }
        }
        return true;
    }

    /** The session's status as the backend last reported it; a fresh (reset) session is in autocommit. */
    private int statusFlags() {
        return relayedAny ? tracker.statusFlags() : ServerStatus.SERVER_STATUS_AUTOCOMMIT.mask();
    }

    /**
     * Hands both sockets to a loop until the session ends (its reason returned) or the loop gives a
     * command back (empty: it is in the client's reader now). Stays on this thread for good when the
     * sockets cannot be relayed so: TLS, bytes already buffered from the backend, or loops stopped.
     */
    private Optional<String> relayOnLoop() throws IOException {
        java.nio.channels.SocketChannel clientSocket = client.plainChannel();
        Optional<java.nio.channels.SocketChannel> backendSocket = backend.plainChannel();
        if (clientSocket == null || backendSocket.isEmpty() || backend.in().available() > 0) {
            loops = null;
            return Optional.empty();
        }
        byte[] pending = client.drainBuffered();
        clientSocket.configureBlocking(false);
        backendSocket.get().configureBlocking(false);
        LoopedSession session = loops.session(clientSocket, backendSocket.get(), this, pending);
        looped = session;
        try {
            if (!loops.submit(session)) {
                clientSocket.configureBlocking(true);
                backendSocket.get().configureBlocking(true);
                client.unread(pending);
                loops = null;
                return Optional.empty();
            }
            LoopedSession.Outcome outcome = session.outcome().join();
            return switch (outcome) {
                case LoopedSession.Outcome.Closed closed -> Optional.of(closed.why());
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

    /** Ends a session a loop is relaying (a revocation or KILL from another thread); on this thread the closed socket does. */
    void abort(String why) {
        LoopedSession session = looped;
        if (session != null) {
            session.abort(why);
        }
    }

    @Override
    public ResponseTracker tracker() {
        return tracker;
    }

    @Override
    public void forwarding(CommandType type, byte[] bytes, int offset, int length) {
        if (!schemaMayHaveChanged) {
            schemaMayHaveChanged = SchemaChanges.possible(type, bytes, offset, length);
        }
        betweenResponses = false;
    }

    @Override
    public void responded() {
        betweenResponses = true;
        relayedAny = true;
    }

    @Override
    public void broken() {
        betweenResponses = false;
    }

    private void forward(CommandType type, PacketBuffer command) throws IOException {
        forwarding(type, command.array(), 0, command.length());
        backendOut.write(0, command.array(), 0, command.length());
        backendOut.flush();
        relay.relay(type, tracker, backendIn, client.out(), client.reader(), backend.out());
        responded();
    }

    private void reply(byte[] payload, int sequenceId) throws IOException {
        client.writer().write(sequenceId, payload);
        client.writer().flush();
    }
}
