package io.grantgate.edge;

import io.grantgate.command.CommandTriage;
import io.grantgate.command.ExpiredPasswordSandbox;
import io.grantgate.command.KillId;
import io.grantgate.command.KillTarget;
import io.grantgate.command.PasswordChange;
import io.grantgate.command.SessionPins;
import io.grantgate.command.StatementAudit;
import io.grantgate.command.Triage;
import io.grantgate.protocol.ErrAccountRewrite;
import io.grantgate.protocol.MalformedPacketException;
import io.grantgate.protocol.PacketBuffer;
import io.grantgate.protocol.PacketHeader;
import io.grantgate.protocol.PacketReader;
import io.grantgate.protocol.PacketTooLargeException;
import io.grantgate.protocol.PacketWriter;
import io.grantgate.protocol.ProtocolException;
import io.grantgate.protocol.ResponseTracker;
import io.grantgate.protocol.compress.CompressedFrameException;
import io.grantgate.protocol.constant.Capabilities;
import io.grantgate.protocol.constant.CommandType;
import io.grantgate.protocol.constant.MySqlError;
import io.grantgate.protocol.message.server.ErrPacket;
import io.grantgate.protocol.message.server.OkPacket;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command phase of one account's session, on the session's own thread: each command is read
 * whole, decided by {@link CommandTriage}, and either forwarded as it came with its response relayed
 * frame by frame ({@link FrameRelay}), or answered here (KILL, password changes, refusals), or handed back to the
 * session (COM_CHANGE_USER, COM_QUIT). A response that says the backend killed this very connection
 * (MariaDB's 1927, after a KILL the backend carried out) ends the session, as it ends the backend's.
 * Sessions move to a {@link RelayLoop} after their first few commands, this thread parked
 * meanwhile; it takes over again for one command whenever the loop hands one back, and for good when
 * the backend connection uses TLS (a client's TLS moves with the session: {@link ClientTls}) or the
 * client's packets are compressed. A multiplexed session moves only while pinned to its connection,
 * and comes back here when a response on the loop unpins it, to give the connection back. While it waits here for a command, the {@link BackendWatch}
 * watches the idle backend, so that a backend closing the connection ends the session at once. A
 * session whose password has expired stays on this thread in the sandbox ({@link
 * ExpiredPasswordSandbox}) until it sets a new password.
 *
 * <p>Threading: runs on the session's thread; only {@link #abort} is called from other threads, and
 * the watch's loss handler ({@link ClientChannel#backendGone}), which runs while this thread waits.
 */
final class CommandLoop {

    private static final Logger log = LoggerFactory.getLogger(CommandLoop.class);
    /** Backend responses may carry rows up to the backend's max_allowed_packet (at most 1 GiB). */
    private static final int MAX_BACKEND_PACKET = 1 << 30;
    /** How a session ends whose backend closed the connection while the session was idle. */
    static final String BACKEND_CLOSED = "the backend closed the connection";

    private final ClientChannel client;
    private final BackendLease backend;
    private final Capabilities negotiated;
    private final PacketReader backendIn;
    private final PacketWriter backendOut;
    private final RelayState relayState;
    private final KillHandler kills;
    private final FrameRelay relay;
    /** Null: every command on this thread (TLS to the backend, or no loops configured). */
    private RelayLoops loops;
    /** Watches the backend while the session idles on this thread; null: not watched (tests). */
    private final BackendWatch backendWatch;
    /** The lease when the session shares backend connections; null when it holds one for life. */
    private final MultiplexedLease multiplexed;

    private final PasswordHandler passwords;
    /** The sandbox: only a password change and what {@link ExpiredPasswordSandbox} allows, until the change. */
    private boolean passwordExpired;

    private int commandsOnThread;
    /** The session while a loop relays it, for {@link #abort}. */
    private volatile LoopedSession looped;

    /** Carries out the KILLs the gateway answers, and names backend ids for those a multi-statement holds. */
    @FunctionalInterface
    interface KillHandler {
        /** A KILL that is the only statement, or COM_PROCESS_KILL. */
        KillAnswer kill(KillTarget target, boolean queryOnly);

        /**
         * For a KILL in a multi-statement: the id to write in place of this one (itself to leave it);
         * empty when it names another account's session, which the whole statement is refused for.
         */
        default OptionalLong backendIdOf(long connectionId) {
            return OptionalLong.of(connectionId);
        }
    }

    /** Carries out the password statements the gateway answers ({@code SET PASSWORD}, {@code ALTER USER … IDENTIFIED BY}). */
    @FunctionalInterface
    interface PasswordHandler {
        /** The error the client gets, or empty once the session's own new password is stored. */
        Optional<ErrPacket> change(PasswordChange change);

        /** Where no catalog can be written (tests of the relay alone). */
        PasswordHandler REFUSING =
                change -> Optional.of(MySqlError.ER_NOT_SUPPORTED_YET.err("a password change through this gateway"));
    }

    /**
     * What the client gets for a KILL: OK, or this error; and whether its session ends after it (it
     * killed its own connection, as a server ends a connection that KILLs itself).
     */
    record KillAnswer(Optional<ErrPacket> error, boolean endsSession) {

        static final KillAnswer OK = new KillAnswer(Optional.empty(), false);

        static KillAnswer refused(ErrPacket error) {
            return new KillAnswer(Optional.of(error), false);
        }
    }

    /** How the loop ended: the session is over, or the client asked to become another account. */
    sealed interface Ending {
        record Closed(String why) implements Ending {}

        /** COM_CHANGE_USER, still in the channel's buffer. */
        record ChangeUser() implements Ending {}
    }

    /**
     * @param errors the account the backend's access errors are to name instead of the backend account
     * @param passwordExpired whether the session starts in the sandbox, its password expired
     */
    CommandLoop(
            ClientChannel client,
            BackendLease backend,
            Capabilities negotiated,
            KillHandler kills,
            RelayLoops loops,
            BackendWatch backendWatch,
            StatementAudit audit,
            ErrAccountRewrite errors,
            PasswordHandler passwords,
            boolean passwordExpired) {
        this.passwords = passwords;
        this.passwordExpired = passwordExpired;
        this.multiplexed = backend instanceof MultiplexedLease lease ? lease : null;
        this.loops = loops;
        this.backendWatch = backendWatch;
        this.client = client;
        this.kills = kills;
        this.backend = backend;
        this.negotiated = negotiated;
        this.backendIn = new PacketReader(backend.in(), MAX_BACKEND_PACKET);
        this.backendOut = new PacketWriter(backend.out());
        this.relayState = new RelayState(new ResponseTracker(backend.capabilities()), audit, errors);
        if (multiplexed != null) {
            relayState.readSessionState();
        }
        this.relay = new FrameRelay(RelayBuffers.SHARED, errors, client.isCompressed());
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

    /**
     * Whether a command is in flight (forwarded, its response not complete). Read by the instance
     * heartbeat from another thread without a lock: a monitor's view, possibly a moment old.
     */
    boolean running() {
        return relayState.inFlight();
    }

    /**
     * A COM_CHANGE_USER the session refused, between {@link #run()}s: the backend session is reset as
     * MariaDB resets it before it authenticates a change, and the relay forgets what the reset
     * dropped. A failure ends the session (the connection is discarded).
     */
    void resetAsChangeUser() throws IOException {
        try {
            backend.resetAsChangeUser();
        } catch (IOException e) {
            relayState.broken();
            throw e;
        }
        relayState.sessionReset();
    }

    /** The session is over, whichever way: what was in flight is recorded as interrupted. */
    void ended() {
        relayState.ended();
    }

    /**
     * Runs until the client quits, goes away or asks to change user; after a change the session
     * refused, it is run again on the same backend connection, reset first ({@link #resetAsChangeUser()}).
     */
    Ending run() throws IOException {
        PacketBuffer command = client.buffer();
        if (multiplexed != null) {
            multiplexed.idle(); // logged in: nothing of the session is on the connection yet
        }
        while (true) {
            // a multiplexed session moves only pinned, holding its connection: borrowing one (which may
            // wait for the pool, log in and set the session's state up) and giving it back are this thread's
            if (loops != null
                    && !passwordExpired
                    && commandsOnThread >= loops.commandsBefore()
                    && (multiplexed == null || multiplexed.pinned().isPresent())) {
                Optional<String> closed = relayOnLoop();
                if (closed.isPresent()) {
                    return new Ending.Closed(closed.get());
                }
            }
            Optional<Ending> ended = readCommand(command);
            if (ended.isPresent()) {
                return ended.get();
            }
            Triage triage = CommandTriage.decide(command.array(), 0, command.length());
            if (passwordExpired && !ExpiredPasswordSandbox.allows(triage, command.array(), 0, command.length())) {
                ErrPacket refusal = ExpiredPasswordSandbox.refusal();
                relayState.audit().answeredByGateway("refused", "the password has expired", Optional.of(refusal));
                reply(refusal.encode(negotiated));
                continue;
            }
            switch (triage) {
                case Triage.Relay relayed -> {
                    Optional<Ending> outOfStep = forward(relayed.type(), command, command.array(), command.length());
                    if (outOfStep.isPresent()) {
                        return outOfStep.get();
                    }
                    if (relayState.backendKilled()) {
                        return new Ending.Closed("killed");
                    }
                }
                case Triage.KillsInBatch batch -> {
                    Optional<Ending> killed = forwardKills(batch, command);
                    if (killed.isPresent()) {
                        return killed.get();
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
                    KillAnswer answer = kills.kill(kill.target(), kill.queryOnly());
                    relayState.audit().answeredByGateway("kill", killText(command, kill), answer.error());
                    reply(
                            answer.error().isPresent()
                                    ? answer.error().get().encode(negotiated)
                                    : OkPacket.of(relayState.statusFlags()).encode(negotiated));
                    if (answer.endsSession()) {
                        return new Ending.Closed("killed");
                    }
                }
                case Triage.ChangePassword change -> {
                    Optional<ErrPacket> error = passwords.change(change.change());
                    // the gateway's own rendering: the client's text holds the password, however it hid it
                    relayState.audit().answeredByGateway("password", auditText(change.change()), error);
                    reply(
                            error.isPresent()
                                    ? error.get().encode(negotiated)
                                    : OkPacket.of(relayState.statusFlags()).encode(negotiated));
                    if (error.isEmpty()) {
                        passwordExpired = false;
                    }
                }
                case Triage.PrepareFromVariable prepare -> {
                    Optional<Ending> stopped = forwardFromVariable(prepare, command);
                    if (stopped.isPresent()) {
                        return stopped.get();
                    }
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
            // the wait reads the client's next bytes: with compression, its next frame, decompressed
            if (!awaitCommand()) {
                relayState.broken();
                return Optional.of(new Ending.Closed(BACKEND_CLOSED));
            }
            // compressed, a client's packet ids do not count (a server checks the compressed ones)
            if (!client.reader().read(command, client.isCompressed() ? PacketReader.ANY_SEQUENCE_ID : 0)) {
                return Optional.of(new Ending.Closed("client closed the connection"));
            }
            return Optional.empty();
        } catch (PacketTooLargeException e) {
            reply(MySqlError.ER_NET_PACKET_TOO_LARGE.err().encode(negotiated));
            return Optional.of(new Ending.Closed("packet too large"));
        } catch (CompressedFrameException e) {
            // the client's compression is broken, not a packet: worth a line, as the client only sees 1157
            log.warn("closing the session: {}", e.getMessage());
            reply(e.error().err().encode(negotiated));
            return Optional.of(new Ending.Closed("protocol error: " + e.getMessage()));
        } catch (ProtocolException e) {
            reply(e.error().err().encode(negotiated));
            return Optional.of(new Ending.Closed("protocol error: " + e.getMessage()));
        }
    }

    /**
     * Waits for the client's next command; once the client has been silent for
     * {@link BackendWatch#IDLE_BEFORE_WATCH}, the backend is watched meanwhile, so that a backend
     * that closes the connection ends the session at once, as it would end a direct connection.
     * False when it did: the client has been given what the backend sent, and its input is shut.
     * The read has no timeout: the watch's thread takes the backend over when it is due, so the
     * wait for a command is one blocking read, where a read with a timeout on a socket channel's
     * stream costs four fcntl calls and a poll.
     */
    private boolean awaitCommand() throws IOException {
        Optional<SocketChannel> channel = backendWatch == null ? Optional.empty() : backend.tcpChannel();
        if (channel.isEmpty()) {
            client.awaitInput();
            return true;
        }
        // over TLS what the backend sent is encrypted: only how it closed can be passed on
        boolean plain = backend.plainChannel().isPresent();
        BackendWatch.Idle idle = backendWatch.idle(
                channel.get(),
                loss -> client.backendGone(
                        plain ? loss.farewell().relayable() : Optional.empty(),
                        loss.reset() && loss.farewell().isEmpty()));
        try {
            client.awaitInput();
        } catch (IOException e) {
            if (idle.end()) {
                throw e;
            }
            return false; // the loss handler shut the input down (over TLS, the read then fails)
        }
        return idle.end();
    }

    /**
     * Hands both sockets to a loop until the session ends (its reason returned) or the loop gives a
     * command back (empty: it is in the client's reader now). Stays on this thread for good when the
     * sockets cannot be relayed so: TLS to the backend, bytes already buffered from the backend, or
     * loops stopped.
     */
    private Optional<String> relayOnLoop() throws IOException {
        Optional<ClientBytes> clientSocket = client.loopBytes();
        Optional<SocketChannel> backendSocket = backend.plainChannel();
        if (clientSocket.isEmpty() || backendSocket.isEmpty()) {
            return stayOnThread(client.isCompressed() ? "compression" : "TLS to the backend");
        }
        // the loop writes commands itself: a reset still queued for the first one goes now
        backend.settleQueuedReset();
        int unread = backend.in().available();
        if (unread > 0) {
            return stayOnThread(unread + " bytes from the backend not read yet");
        }
        byte[] pending = client.drainBuffered();
        clientSocket.get().channel().configureBlocking(false);
        backendSocket.get().configureBlocking(false);
        LoopedSession session =
                loops.session(clientSocket.get(), backendSocket.get(), relayState, pending, multiplexed);
        looped = session;
        try {
            if (!loops.submit(session)) {
                clientSocket.get().channel().configureBlocking(true);
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
                case LoopedSession.Outcome.Unpinned unpinned -> {
                    multiplexed.idle(); // the channel is back in blocking mode: the pool may have it
                    client.unread(unpinned.unread());
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

    /** A password statement as the audit shows it: its kind and target, the password always {@code '<secret>'}. */
    private static String auditText(PasswordChange change) {
        String whom = switch (change.target()) {
            case PasswordChange.Target.Own own -> "CURRENT_USER()";
            case PasswordChange.Target.Named named ->
                "'" + named.user().replace("'", "''") + "'"
                        + named.host()
                                .map(h -> "@'" + h.replace("'", "''") + "'")
                                .orElse("");
        };
        return switch (change.statement()) {
            case SET_PASSWORD -> "SET PASSWORD FOR " + whom + " = '<secret>'";
            case ALTER_USER -> "ALTER USER " + whom + " IDENTIFIED BY '<secret>'";
        };
    }

    /** KILL as the client wrote it; COM_PROCESS_KILL, which has no text, in the statement form it stands for. */
    private static String killText(PacketBuffer command, Triage.Kill kill) {
        if (command.length() > 0 && command.array()[0] == (byte) CommandType.COM_QUERY.code()) {
            return new String(command.array(), 1, command.length() - 1, StandardCharsets.UTF_8);
        }
        return kill.target() instanceof KillTarget.ConnectionId id
                ? "KILL CONNECTION " + id.id()
                : "KILL CONNECTION_ID()";
    }

    /**
     * A multi-statement with KILLs by id: relayed with the backend ids in place of the gateway ids of
     * the account's sessions, or refused whole (1094, nothing runs) when one names another account's
     * session. The session's end when the response said the backend killed this session's own
     * connection, or when it could not be followed.
     */
    private Optional<Ending> forwardKills(Triage.KillsInBatch batch, PacketBuffer command) throws IOException {
        Map<Long, Long> replaced = new HashMap<>();
        for (KillId id : batch.ids()) {
            OptionalLong backendId = kills.backendIdOf(id.id());
            if (backendId.isEmpty()) {
                ErrPacket unknown = MySqlError.ER_NO_SUCH_THREAD.err(id.id());
                relayState
                        .audit()
                        .answeredByGateway(
                                "kill",
                                new String(command.array(), 1, command.length() - 1, StandardCharsets.UTF_8),
                                Optional.of(unknown));
                reply(unknown.encode(negotiated));
                return Optional.empty();
            }
            replaced.put(id.id(), backendId.getAsLong());
        }
        byte[] rewritten = batch.rewrite(command.array(), 0, command.length(), replaced::get);
        Optional<Ending> outOfStep = forward(CommandType.COM_QUERY, command, rewritten, rewritten.length);
        if (outOfStep.isPresent()) {
            return outOfStep;
        }
        return relayState.backendKilled() ? Optional.of(new Ending.Closed("killed")) : Optional.empty();
    }

    /**
     * PREPARE or EXECUTE IMMEDIATE of a user variable: the variable is read on the session's backend
     * connection first, and the command refused (nothing of it runs) when it holds a password
     * statement, or relayed. The backend's error for the read, if any, is the client's answer. The
     * session's end when a response cannot be followed.
     */
    private Optional<Ending> forwardFromVariable(Triage.PrepareFromVariable prepare, PacketBuffer command)
            throws IOException {
        if (multiplexed != null && !acquire(CommandType.COM_QUERY, command, command.array(), command.length())) {
            return Optional.empty();
        }
        BackendRowQuery.Answer answer;
        try {
            answer = BackendRowQuery.run(prepare.valueQuery(), backendOut, backendIn, backend.capabilities());
        } catch (MalformedPacketException e) {
            return Optional.of(outOfStep(CommandType.COM_QUERY, "reading a variable: " + e.getMessage()));
        } catch (IOException e) {
            relayState.broken();
            throw e;
        }
        Optional<Triage.Refuse> refusal = switch (answer) {
            case BackendRowQuery.Answer.Row row -> prepare.refusal(row.values());
            case BackendRowQuery.Answer.Failed failed ->
                Optional.of(new Triage.Refuse(
                        relayState.errors().rewrite(failed.error()), "reading a variable to PREPARE failed"));
        };
        if (refusal.isEmpty()) {
            return forward(CommandType.COM_QUERY, command, command.array(), command.length());
        }
        log.debug("refused a command: {}", refusal.get().reason());
        relayState
                .audit()
                .answeredByGateway(
                        "refused",
                        refusal.get().reason(),
                        Optional.of(refusal.get().error()));
        if (multiplexed != null) {
            multiplexed.idle();
        }
        reply(refusal.get().error().encode(negotiated));
        return Optional.empty();
    }

    /**
     * Sends {@code payload} (the command as it came, or with the backend ids a multi-statement's KILLs
     * name) and relays the response; the audit records the command as the client sent it. The
     * session's end instead when the response cannot be followed.
     */
    private Optional<Ending> forward(CommandType type, PacketBuffer command, byte[] payload, int length)
            throws IOException {
        if (multiplexed != null && !acquire(type, command, payload, length)) {
            return Optional.empty();
        }
        if (!relayState.forwarding(type, command.array(), 0, command.length())) {
            log.debug("refused a statement: the audit trail cannot record it");
            if (multiplexed != null) {
                multiplexed.idle();
            }
            reply(StatementAudit.unrecorded().encode(negotiated));
            return Optional.empty();
        }
        try {
            // the reset the connection owes from its last session goes in the same flush
            boolean resetAhead = backend.writeQueuedReset();
            backendOut.write(0, payload, 0, length);
            backendOut.flush();
            if (resetAhead) {
                backend.readQueuedReset();
            }
        } catch (IOException e) {
            relayState.broken();
            throw FrameRelay.BackendGoneException.writing(e);
        }
        try {
            relay.relay(type, relayState.tracker(), backendIn, client.out(), client.reader(), backend.out());
        } catch (MalformedPacketException e) {
            // only the tracker throws it, on a backend packet it cannot place
            return Optional.of(outOfStep(type, e.getMessage()));
        }
        relayState.responded();
        if (multiplexed != null && !relayState.backendKilled()) {
            afterResponse();
        }
        return Optional.empty();
    }

    /**
     * A multiplexed session's response is complete: its pins follow what it said (see
     * {@link MultiplexedLease#responded}), and the connection is parked unless pinned.
     */
    private void afterResponse() {
        multiplexed.responded(relayState.tracker().summary(), relayState.statusFlags());
        multiplexed.idle();
    }

    /**
     * A multiplexed session's connection for the command, pinned first if the command itself says
     * so; false when none could be had, which the client has been told (1040 for a pool exhausted).
     */
    private boolean acquire(CommandType type, PacketBuffer command, byte[] payload, int length) throws IOException {
        Optional<ErrPacket> refused = multiplexed.acquire(SessionPins.readsLastResult(type, payload, 0, length));
        if (refused.isPresent()) {
            relayState
                    .audit()
                    .answeredByGateway(
                            "refused", "no backend connection: " + refused.get().message(), refused);
            reply(relayState.errors().rewrite(refused.get()).encode(negotiated));
            return false;
        }
        multiplexed.forwarding(type, command.array(), 0, command.length());
        return true;
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
