package io.grantgate.edge;

import io.grantgate.auth.Scramble;
import io.grantgate.backend.BackendException;
import io.grantgate.backend.BackendFailure;
import io.grantgate.catalog.Account;
import io.grantgate.command.KillTarget;
import io.grantgate.command.StatementAudit;
import io.grantgate.edge.LoginOutcome.Accepted;
import io.grantgate.edge.LoginOutcome.Denied;
import io.grantgate.protocol.ErrAccountRewrite;
import io.grantgate.protocol.MalformedPacketException;
import io.grantgate.protocol.compress.Compressor;
import io.grantgate.protocol.constant.Capabilities;
import io.grantgate.protocol.constant.CapabilityFlag;
import io.grantgate.protocol.constant.MySqlError;
import io.grantgate.protocol.constant.ServerStatus;
import io.grantgate.protocol.message.client.ComChangeUser;
import io.grantgate.protocol.message.client.HandshakeResponse41;
import io.grantgate.protocol.message.server.ErrPacket;
import io.grantgate.protocol.message.server.OkPacket;
import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.util.Optional;
import java.util.OptionalLong;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The account sessions of one client connection, after the handshake: the first login, then one
 * per successful COM_CHANGE_USER. Each takes the account's connection slot and a backend connection
 * of its backend account, sends the client its OK, runs the command phase ({@link CommandLoop}) and
 * gives the backend connection back as the command phase leaves it (broken if the session was
 * ended from outside or cut mid-response).
 *
 * <p>Threading: runs on the session's thread; other threads see the session only through its
 * {@link SessionHandle}, which this class keeps current.
 */
final class AccountSessions {

    private static final Logger log = LoggerFactory.getLogger(AccountSessions.class);
    /**
     * The line of each successful login, apart so that a gateway taking thousands of connections a
     * second can turn it down ({@code GRANTGATE_LOGIN_LOG_LEVEL=WARN}) and leave it to the audit
     * trail, which has the same facts: it costs about 15 µs of a login's CPU (bench/README.md "Login
     * cost"). Refused logins stay on this class's logger.
     */
    private static final Logger logins = LoggerFactory.getLogger("io.grantgate.logins");
    /** In the version string of a MariaDB backend, which the greeting passes on. */
    private static final String MARIADB = "MariaDB";

    private final GatewayContext context;
    private final ClientChannel channel;
    private final SessionHandle handle;
    private final RelayLoops loops;
    private final BackendWatch backendWatch;
    private final InetAddress peer;
    private final Capabilities negotiated;
    /** Met once the login is accepted: the command phase has no deadline. */
    private final LoginDeadlines.Deadline deadline;

    /** An accepted login and what the session it opens starts with. */
    /** A login (HandshakeResponse41) carries the character set in one byte. */
    private static final int MAX_LOGIN_CHARACTER_SET = 0xFF;

    /**
     * @param lease the account's backend connection, its connection slot taken, when a change claimed
     *     them before the session it changes ended; empty for the handshake's login
     */
    private record Login(Accepted accepted, int characterSet, Optional<String> schema, Optional<BackendLease> lease) {}

    /**
     * The connection slot and backend connection of an account about to start a session, or why not;
     * neither when the pool had no second connection for a session that holds one ({@code claim}'s
     * {@code whileHolding}).
     */
    private record Claim(Optional<BackendLease> lease, Optional<ErrPacket> refusal) {}

    /**
     * MariaDB answers a connection's COM_CHANGE_USER with 1047 once three have been refused
     * ({@code failed_com_change_user} in its sql_parse.cc), whatever the password.
     */
    private static final int MAX_REFUSED_CHANGES = 3;

    /** How long MariaDB waits before it answers a refused COM_CHANGE_USER. */
    static final java.time.Duration REFUSED_CHANGE_PAUSE = java.time.Duration.ofSeconds(1);

    /** A backend pool with no connection to lend within its borrow timeout. */
    private static final int POOL_FULL = BackendFailure.POOL_EXHAUSTED.code();

    /** The audit's reason for a change refused by that limit, without an exchange. */
    private static final String CHANGE_USER_LIMIT = "change_user_limit";

    /** COM_CHANGE_USERs refused on this connection, whichever account's session they came in. */
    private int refusedChanges;

    /** What the login negotiated, until the first OK starts it; then empty. */
    private Optional<Compressor> compression = Optional.empty();

    AccountSessions(
            GatewayContext context,
            ClientChannel channel,
            SessionHandle handle,
            RelayLoops loops,
            BackendWatch backendWatch,
            InetAddress peer,
            Capabilities negotiated,
            LoginDeadlines.Deadline deadline) {
        this.context = context;
        this.deadline = deadline;
        this.channel = channel;
        this.handle = handle;
        this.loops = loops;
        this.backendWatch = backendWatch;
        this.peer = peer;
        this.negotiated = negotiated;
    }

    /** Authenticates the handshake's login, then serves sessions until the connection ends. */
    void run(HandshakeResponse41 response, Scramble scramble) throws IOException {
        LoginOutcome outcome =
                loginExchange(scramble).authenticate(response, context.catalog().snapshot(), peer);
        if (outcome instanceof Denied denied) {
            deny(denied, response.authPluginName().orElse(""));
            return;
        }
        if (!deadline.met()) {
            throw new SocketTimeoutException("the login deadline passed as the login succeeded");
        }
        compression = ClientCompression.negotiated(negotiated, response.zstdCompressionLevel());
        Login next = new Login((Accepted) outcome, response.characterSet(), response.database(), Optional.empty());
        while (next != null) {
            next = session(next);
        }
    }

    private LoginExchange loginExchange(Scramble scramble) {
        return new LoginExchange(
                channel,
                scramble,
                context.fastAuth(),
                context.rsa(),
                context.guard(),
                context.requireSecureTransport());
    }

    /** One account's session; returns the next login after a COM_CHANGE_USER, or null when the connection ends. */
    private Login session(Login next) throws IOException {
        Account account = next.accepted().account();
        String user = account.user().value();
        MDC.put("user", "user=" + user + " ");
        BackendLease lease;
        if (next.lease().isPresent()) {
            lease = next.lease().get();
        } else {
            if (mustDisconnectExpired(account)) {
                refuseExpired(user, account.authPlugin().pluginName());
                return null;
            }
            Claim claim = claim(account, next.characterSet(), next.schema());
            if (claim.lease().isEmpty()) {
                channel.sendQuietly(claim.refusal().orElseThrow(), negotiated);
                return null;
            }
            lease = claim.lease().get();
        }
        CommandLoop loop = null;
        long start = System.nanoTime();
        String ending = SessionEnding.ERROR;
        try {
            handle.loggedIn(next.accepted(), lease, channel.tlsSession().map(SSLSession::getProtocol));
            channel.send(
                    OkPacket.of(ServerStatus.SERVER_STATUS_AUTOCOMMIT.mask()).encode(negotiated));
            startCompression();
            context.events().loginAccepted(user, peer, handle.connectionId(), channel.isSecure());
            StatementAudit statements = handle.audit().loggedIn(next.accepted(), channel.tlsSession());
            logins.info(
                    "'{}' logged in from {} via '{}'{}",
                    user,
                    peer.getHostAddress(),
                    next.accepted().host().text(),
                    channel.isSecure() ? " over TLS" : "");
            loop = new CommandLoop(
                    channel,
                    lease,
                    negotiated,
                    new Kills(),
                    loops,
                    backendWatch,
                    statements,
                    errorsOf(account),
                    new OwnPasswordChanges(context, next.accepted(), peer, handle.connectionId(), mariaDb()),
                    account.passwordExpired());
            handle.relaying(loop);
            if (handle.endedBy().isPresent()) {
                ending = SessionEnding.of(handle.endedBy().get());
                return null; // ended from outside before the command phase could be reached
            }
            while (true) {
                CommandLoop.Ending end;
                try {
                    end = loop.run();
                } catch (IOException e) {
                    ending = handle.endedBy().map(SessionEnding::of).orElse(SessionEnding.of(e));
                    throw e;
                }
                if (end instanceof CommandLoop.Ending.Closed closed) {
                    String why = handle.endedBy().orElse(closed.why());
                    ending = SessionEnding.of(why);
                    return null;
                }
                Change change;
                try {
                    change = changeUser(next.characterSet(), loop);
                } catch (IOException e) {
                    ending = handle.endedBy().map(SessionEnding::of).orElse(SessionEnding.of(e));
                    throw e;
                }
                switch (change) {
                    case Change.To to -> {
                        ending = SessionEnding.CHANGED_USER;
                        return to.login();
                    }
                    case Change.Ends ends -> {
                        ending = SessionEnding.CHANGED_USER;
                        return null;
                    }
                    case Change.Refused refused -> {
                        // as on MariaDB: the client has its error and goes on as this account, on this connection
                    }
                }
            }
        } finally {
            if (loop != null) {
                loop.ended();
                // every way a session ends is counted, an exception's too
                context.events().sessionEnded(user, handle.connectionId(), ending);
                handle.audit()
                        .sessionEnded(
                                start, loop.audit().commands(), loop.bytesFromClient(), loop.bytesToClient(), ending);
            }
            handle.loggedOut();
            lease.release(
                    handle.endedBy().isPresent() || loop == null ? BackendLease.Ending.BROKEN : loop.backendEnding());
            context.limits().releaseAccount(user);
        }
    }

    /** MySQL's disconnect_on_expired_password (ON by default); MariaDB's is OFF: every client gets the sandbox. */
    private boolean mustDisconnectExpired(Account account) {
        return account.passwordExpired()
                && !negotiated.contains(CapabilityFlag.CLIENT_CAN_HANDLE_EXPIRED_PASSWORDS)
                && !mariaDb();
    }

    private void refuseExpired(String user, String plugin) {
        handle.audit().loginDenied(user, LoginOutcome.Reason.PASSWORD_EXPIRED, channel.tlsSession(), plugin);
        context.events().loginDenied(user, peer, handle.connectionId(), LoginOutcome.Reason.PASSWORD_EXPIRED);
        channel.sendQuietly(MySqlError.ER_MUST_CHANGE_PASSWORD_LOGIN.err(), negotiated);
    }

    /**
     * The account's connection slot and a backend connection of its backend account, in the login's
     * character set and schema; or, audited as a refused login, the error the client is to get: 1226
     * beyond the account's connection limit, or the backend's refusal (e.g. 1044 for a default schema
     * the account may not use), named as the client knows the account.
     */
    private Claim claim(Account account, int characterSet, Optional<String> schema) {
        return claim(account, characterSet, schema, false);
    }

    /**
     * @param whileHolding the session that asks holds a backend connection: when the pool has no
     *     second one (at {@code backend.max-connections}), no refusal is recorded and the claim is
     *     given up, for the caller to end that session first and claim again
     */
    private Claim claim(Account account, int characterSet, Optional<String> schema, boolean whileHolding) {
        String user = account.user().value();
        String plugin = account.authPlugin().pluginName();
        int limit = account.maxConnections().orElse(0);
        if (!context.limits().acquireAccount(user, limit)) {
            handle.audit().loginDenied(user, "limit_reached", "denied", channel.tlsSession(), plugin);
            return new Claim(
                    Optional.empty(),
                    Optional.of(MySqlError.ER_USER_LIMIT_REACHED.err(user, "max_user_connections", limit)));
        }
        try {
            return new Claim(
                    Optional.of(context.backends().borrow(account, negotiated, characterSet, schema)),
                    Optional.empty());
        } catch (BackendConnector.BackendRefusedException e) {
            context.limits().releaseAccount(user);
            if (whileHolding && e.getCause() instanceof BackendException b && b.errorCode() == POOL_FULL) {
                log.debug("no second backend connection for the change to '{}': the session ends first", user);
                return new Claim(Optional.empty(), Optional.empty());
            }
            handle.audit().loginDenied(user, "backend_refused", "error", channel.tlsSession(), plugin);
            log.info("login of '{}' from {} refused by the backend: {}", user, peer.getHostAddress(), e.getMessage());
            return new Claim(Optional.empty(), Optional.of(errorsOf(account).rewrite(e.err())));
        }
    }

    /**
     * After the OK that ends the first login, when the client asked for it: as a server, from the
     * next packet on (a COM_CHANGE_USER's exchange and OK are compressed already).
     */
    private void startCompression() {
        compression.ifPresent(compressor -> {
            channel.compress(compressor);
            log.debug("{} compression from here on", compressor.name());
        });
        compression = Optional.empty();
    }

    /** The backend's access errors name the backend account; the client is told of its own. */
    private ErrAccountRewrite errorsOf(Account account) {
        return account.backend()
                .map(b -> ErrAccountRewrite.of(b.user(), account.user().value(), peer.getHostAddress()))
                .orElse(ErrAccountRewrite.NONE);
    }

    /** What became of a COM_CHANGE_USER. */
    private sealed interface Change {
        /** Accepted: the session of that account comes next. */
        record To(Login login) implements Change {}

        /** Refused, the client told: the session goes on as the account it was. */
        record Refused() implements Change {}

        /** Refused, the client told: the connection ends. */
        record Ends() implements Change {}
    }

    /**
     * COM_CHANGE_USER: the gateway authenticates the new account itself, with a fresh scramble sent
     * in an AuthSwitchRequest, while the session goes on holding its backend connection; an accepted
     * change then claims the new account's connection slot and backend connection, and only once it
     * has them does it end this session, which the new account's takes over from. A change refused,
     * by the gateway or then by the backend (1044 for a default schema the new account may not use,
     * 1226 for its connection limit), is answered as the backend would answer it: on MariaDB with its
     * error, after the session is reset as MariaDB resets it before it authenticates a change ({@link
     * CommandLoop#resetAsChangeUser()}), and the session goes on as the account it was (from the
     * fourth refusal of a connection on, 1047 without an exchange, MariaDB's limit on guessing
     * passwords this way); on MySQL with its error, and the connection ends. A malformed change, or
     * a character set the backend login cannot carry (above 255: 1115), ends it too.
     */
    private Change changeUser(int characterSet, CommandLoop loop) throws IOException {
        StatementAudit statements = loop.audit();
        ComChangeUser change;
        try {
            change = ComChangeUser.decode(channel.buffer().reader(), negotiated);
        } catch (MalformedPacketException e) {
            statements.answeredByGateway("change_user", "", Optional.of(MySqlError.ER_MALFORMED_PACKET.err()));
            channel.sendQuietly(MySqlError.ER_MALFORMED_PACKET.err(), negotiated);
            return new Change.Ends();
        }
        if (change.characterSet().isPresent() && change.characterSet().getAsInt() > MAX_LOGIN_CHARACTER_SET) {
            // two bytes here, one in the backend login the change makes: found by bench/netfuzz.sh
            ErrPacket refused = MySqlError.ER_UNKNOWN_CHARACTER_SET.err(
                    String.valueOf(change.characterSet().getAsInt()));
            statements.answeredByGateway("change_user", change.username(), Optional.of(refused));
            channel.sendQuietly(refused, negotiated);
            return new Change.Ends();
        }
        boolean keepsSession = mariaDb();
        if (keepsSession && refusedChanges >= MAX_REFUSED_CHANGES) {
            ErrPacket refused = MySqlError.ER_UNKNOWN_COM_ERROR.err();
            statements.answeredByGateway("change_user", change.username(), Optional.of(refused));
            handle.audit()
                    .loginDenied(
                            change.username(),
                            CHANGE_USER_LIMIT,
                            "denied",
                            channel.tlsSession(),
                            change.authPluginName().orElse(""));
            return refused(loop, refused, false);
        }
        LoginOutcome outcome = loginExchange(Scramble.random())
                .authenticate(
                        change.username(), new byte[0], "", context.catalog().snapshot(), peer);
        if (outcome instanceof Denied denied) {
            statements.answeredByGateway("change_user", change.username(), Optional.of(accessDenied(denied)));
            audit(denied, change.authPluginName().orElse(""));
            if (!keepsSession) {
                channel.sendQuietly(accessDenied(denied), negotiated);
                return new Change.Ends();
            }
            return refused(loop, accessDenied(denied), true);
        }
        Accepted accepted = (Accepted) outcome;
        int nextCharacterSet = change.characterSet().orElse(characterSet);
        Optional<String> schema = change.database().isEmpty() ? Optional.empty() : Optional.of(change.database());
        if (mustDisconnectExpired(accepted.account())) {
            statements.answeredByGateway(
                    "change_user", change.username(), Optional.of(MySqlError.ER_MUST_CHANGE_PASSWORD_LOGIN.err()));
            refuseExpired(change.username(), accepted.account().authPlugin().pluginName());
            return new Change.Ends();
        }
        Claim claim = claim(accepted.account(), nextCharacterSet, schema, true);
        statements.answeredByGateway("change_user", change.username(), claim.refusal());
        if (claim.refusal().isPresent()) {
            if (!keepsSession) {
                channel.sendQuietly(claim.refusal().get(), negotiated);
                return new Change.Ends();
            }
            return refused(loop, claim.refusal().get(), true);
        }
        return new Change.To(new Login(accepted, nextCharacterSet, schema, claim.lease()));
    }

    /**
     * A change MariaDB refuses: the session reset as its reset before the authentication left it,
     * then the error; the session goes on as its account.
     *
     * @param counted whether the refusal counts towards {@link #MAX_REFUSED_CHANGES} (not the 1047 itself)
     */
    private Change refused(CommandLoop loop, ErrPacket error, boolean counted) throws IOException {
        loop.resetAsChangeUser();
        if (counted) {
            refusedChanges++;
        }
        pauseBeforeRefusal();
        channel.send(error.encode(negotiated));
        return new Change.Refused();
    }

    /**
     * MariaDB waits a second before it answers a change it refused ({@code my_sleep(1000000)} in its
     * sql_parse.cc), against guessing passwords this way; so does the gateway, on the session's own
     * thread (a relay loop hands a COM_CHANGE_USER back to it), so no other session waits. An
     * interrupt (the gateway stopping) cuts the wait short.
     */
    private static void pauseBeforeRefusal() {
        try {
            Thread.sleep(REFUSED_CHANGE_PAUSE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The session's KILLs, each audited whether it is allowed or not. */
    private final class Kills implements CommandLoop.KillHandler {

        @Override
        public CommandLoop.KillAnswer kill(KillTarget target, boolean queryOnly) {
            return switch (context.sessions().kill(handle, target, queryOnly)) {
                case SessionRegistry.KillResult.Done done -> {
                    handle.audit().kill(done.target(), queryOnly, true);
                    yield CommandLoop.KillAnswer.OK;
                }
                case SessionRegistry.KillResult.Itself itself -> {
                    handle.audit().kill(itself.target(), queryOnly, true);
                    yield killedItself(queryOnly);
                }
                case SessionRegistry.KillResult.Unknown unknown -> {
                    handle.audit().kill(unknown.id(), queryOnly, false);
                    yield CommandLoop.KillAnswer.refused(unknown.error());
                }
            };
        }

        @Override
        public OptionalLong backendIdOf(long connectionId) {
            return context.sessions().backendIdOf(handle, connectionId);
        }
    }

    /**
     * A session's KILL of itself, answered as the backend answers it: the statement running is the
     * KILL, so KILL QUERY interrupts it (1317) and the session goes on; KILL CONNECTION ends the
     * session after MariaDB's 1927, or MySQL's 1317 (MySQL reports a connection's own KILL as an
     * interrupted query). The backend connection was idle, so it goes back to the pool reset.
     */
    private CommandLoop.KillAnswer killedItself(boolean queryOnly) {
        if (queryOnly) {
            return CommandLoop.KillAnswer.refused(MySqlError.ER_QUERY_INTERRUPTED.err());
        }
        MySqlError error = mariaDb() ? MySqlError.ER_CONNECTION_KILLED : MySqlError.ER_QUERY_INTERRUPTED;
        return new CommandLoop.KillAnswer(Optional.of(error.err()), true);
    }

    private boolean mariaDb() {
        return context.serverVersion().contains(MARIADB);
    }

    private void deny(Denied denied, String plugin) {
        audit(denied, plugin);
        channel.sendQuietly(accessDenied(denied), negotiated);
    }

    /** A refused login or change, in the audit trail, the metrics and the log, with its reason. */
    private void audit(Denied denied, String plugin) {
        handle.audit().loginDenied(denied.user(), denied.reason(), channel.tlsSession(), plugin);
        context.events().loginDenied(denied.user(), peer, handle.connectionId(), denied.reason());
        log.info(
                "access denied for '{}' from {}: {}",
                denied.user(),
                peer.getHostAddress(),
                denied.reason().code());
    }

    /** What the client is told of any refusal: 1045, never why. */
    private ErrPacket accessDenied(Denied denied) {
        return MySqlError.ER_ACCESS_DENIED_ERROR.err(
                denied.user(), peer.getHostAddress(), denied.usedPassword() ? "YES" : "NO");
    }
}
