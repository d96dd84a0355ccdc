package io.grantgate.edge;

import io.grantgate.auth.AuthPlugin;
import io.grantgate.auth.PasswordRules;
import io.grantgate.auth.PasswordVerifier;
import io.grantgate.auth.Scramble;
import io.grantgate.auth.Secret;
import io.grantgate.catalog.Account;
import io.grantgate.catalog.HostPattern;
import io.grantgate.command.KillTarget;
import io.grantgate.command.PasswordChange;
import io.grantgate.command.StatementAudit;
import io.grantgate.edge.LoginOutcome.Accepted;
import io.grantgate.edge.LoginOutcome.Denied;
import io.grantgate.protocol.ErrAccountRewrite;
import io.grantgate.protocol.MalformedPacketException;
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
import java.sql.SQLException;
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
    /** In the version string of a MariaDB backend, which the greeting passes on. */
    private static final String MARIADB = "MariaDB";
    /** {@code *} and 40 hex digits: a mysql_native_password hash, as SET PASSWORD = 'hash' takes it. */
    private static final int NATIVE_HASH_LENGTH = 41;

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

    private record Login(Accepted accepted, int characterSet, Optional<String> schema) {}

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
        channel.socket().setSoTimeout(0);
        Login next = new Login((Accepted) outcome, response.characterSet(), response.database());
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
        int limit = account.maxConnections().orElse(0);
        String plugin = account.authPlugin().pluginName();
        if (account.passwordExpired()
                && !negotiated.contains(CapabilityFlag.CLIENT_CAN_HANDLE_EXPIRED_PASSWORDS)
                && !mariaDb()) {
            // MySQL's disconnect_on_expired_password (ON by default); MariaDB's is OFF: every client gets the sandbox
            handle.audit().loginDenied(user, LoginOutcome.Reason.PASSWORD_EXPIRED, channel.tlsSession(), plugin);
            context.events().loginDenied(user, peer, handle.connectionId(), LoginOutcome.Reason.PASSWORD_EXPIRED);
            channel.sendQuietly(MySqlError.ER_MUST_CHANGE_PASSWORD_LOGIN.err(), negotiated);
            return null;
        }
        if (!context.limits().acquireAccount(user, limit)) {
            handle.audit().loginDenied(user, "limit_reached", "denied", channel.tlsSession(), plugin);
            channel.sendQuietly(MySqlError.ER_USER_LIMIT_REACHED.err(user, "max_user_connections", limit), negotiated);
            return null;
        }
        BackendLease lease = null;
        CommandLoop loop = null;
        long start = System.nanoTime();
        String ending = SessionEnding.ERROR;
        try {
            try {
                lease = context.backends().borrow(account, negotiated, next.characterSet(), next.schema());
            } catch (BackendConnector.BackendRefusedException e) {
                handle.audit().loginDenied(user, "backend_refused", "error", channel.tlsSession(), plugin);
                // e.g. 1044 for a default schema the account may not use: named as the client knows it
                channel.sendQuietly(errorsOf(account).rewrite(e.err()), negotiated);
                log.info(
                        "login of '{}' from {} refused by the backend: {}",
                        user,
                        peer.getHostAddress(),
                        e.getMessage());
                return null;
            }
            handle.loggedIn(next.accepted(), lease, channel.tlsSession().map(SSLSession::getProtocol));
            channel.send(
                    OkPacket.of(ServerStatus.SERVER_STATUS_AUTOCOMMIT.mask()).encode(negotiated));
            context.events().loginAccepted(user, peer, handle.connectionId(), channel.isSecure());
            StatementAudit statements = handle.audit().loggedIn(next.accepted(), channel.tlsSession());
            log.info(
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
                    new Passwords(next.accepted()),
                    account.passwordExpired());
            handle.relaying(loop);
            if (handle.endedBy().isPresent()) {
                ending = SessionEnding.of(handle.endedBy().get());
                return null; // ended from outside before the command phase could be reached
            }
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
                context.events().sessionEnded(user, handle.connectionId(), why);
                return null;
            }
            ending = SessionEnding.CHANGED_USER;
            context.events().sessionEnded(user, handle.connectionId(), "changed user");
            return changeUser(next.characterSet(), loop.audit());
        } finally {
            if (loop != null) {
                loop.ended();
                handle.audit()
                        .sessionEnded(
                                start, loop.audit().commands(), loop.bytesFromClient(), loop.bytesToClient(), ending);
            }
            handle.loggedOut();
            if (lease != null) {
                lease.release(
                        handle.endedBy().isPresent() || loop == null
                                ? BackendLease.Ending.BROKEN
                                : loop.backendEnding());
            }
            context.limits().releaseAccount(user);
        }
    }

    /** The backend's access errors name the backend account; the client is told of its own. */
    private ErrAccountRewrite errorsOf(Account account) {
        return account.backend()
                .map(b -> ErrAccountRewrite.of(b.user(), account.user().value(), peer.getHostAddress()))
                .orElse(ErrAccountRewrite.NONE);
    }

    /**
     * COM_CHANGE_USER: the gateway authenticates the new account itself, with a fresh scramble sent
     * in an AuthSwitchRequest, and the session moves to that account's backend connection. A failed
     * change ends the connection, as the client's old identity is gone; so does a character set the
     * backend login cannot carry (above 255: 1115).
     */
    private Login changeUser(int characterSet, StatementAudit statements) throws IOException {
        ComChangeUser change;
        try {
            change = ComChangeUser.decode(channel.buffer().reader(), negotiated);
        } catch (MalformedPacketException e) {
            statements.answeredByGateway("change_user", "", Optional.of(MySqlError.ER_MALFORMED_PACKET.err()));
            channel.sendQuietly(MySqlError.ER_MALFORMED_PACKET.err(), negotiated);
            return null;
        }
        if (change.characterSet().isPresent() && change.characterSet().getAsInt() > MAX_LOGIN_CHARACTER_SET) {
            // two bytes here, one in the backend login the change makes: found by bench/netfuzz.sh
            ErrPacket refused = MySqlError.ER_UNKNOWN_CHARACTER_SET.err(
                    String.valueOf(change.characterSet().getAsInt()));
            statements.answeredByGateway("change_user", change.username(), Optional.of(refused));
            channel.sendQuietly(refused, negotiated);
            return null;
        }
        LoginOutcome outcome = loginExchange(Scramble.random())
                .authenticate(
                        change.username(), new byte[0], "", context.catalog().snapshot(), peer);
        statements.answeredByGateway(
                "change_user",
                change.username(),
                outcome instanceof Denied denied
                        ? Optional.of(MySqlError.ER_ACCESS_DENIED_ERROR.err(
                                denied.user(), peer.getHostAddress(), denied.usedPassword() ? "YES" : "NO"))
                        : Optional.empty());
        return switch (outcome) {
            case Denied denied -> {
                deny(denied, change.authPluginName().orElse(""));
                yield null;
            }
            case Accepted accepted ->
                new Login(
                        accepted,
                        change.characterSet().orElse(characterSet),
                        change.database().isEmpty() ? Optional.empty() : Optional.of(change.database()));
        };
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

    /**
     * The session's own password changes: the new verifier goes to the catalog, for the account's
     * current plugin; the backend account keeps its derived password. Another account's password gets
     * the error the server gives an account without privileges on {@code mysql}: 1044 for SET PASSWORD,
     * 1227 (CREATE USER) for ALTER USER, as MariaDB 11.4 answers them.
     */
    private final class Passwords implements CommandLoop.PasswordHandler {

        private final Accepted login;

        Passwords(Accepted login) {
            this.login = login;
        }

        @Override
        public Optional<ErrPacket> change(PasswordChange change) {
            Account account = context.catalog()
                    .snapshot()
                    .account(login.account().user())
                    .filter(current -> current.id() == login.account().id())
                    .orElse(login.account());
            if (!own(account, change.target())) {
                return Optional.of(
                        change.statement() == PasswordChange.Statement.SET_PASSWORD
                                ? MySqlError.ER_DBACCESS_DENIED_ERROR.err(
                                        account.user().value(), login.host().text(), "mysql")
                                : MySqlError.ER_SPECIFIC_ACCESS_DENIED_ERROR.err("CREATE USER"));
            }
            PasswordVerifier verifier;
            switch (change.password()) {
                case PasswordChange.NewPassword.Cleartext cleartext -> {
                    Optional<ErrPacket> refused = refused(cleartext.password());
                    if (refused.isPresent()) {
                        return refused;
                    }
                    verifier = PasswordVerifier.create(
                            account.authPlugin(), cleartext.password().reveal());
                }
                case PasswordChange.NewPassword.Literal literal -> {
                    if (!literal.hashOnly() && !mariaDb()) {
                        // MySQL 8 takes SET PASSWORD = 'x' for the password itself
                        Optional<ErrPacket> refused = refused(literal.text());
                        if (refused.isPresent()) {
                            return refused;
                        }
                        verifier = PasswordVerifier.create(
                                account.authPlugin(), literal.text().reveal());
                    } else {
                        Optional<PasswordVerifier> hash = nativeHash(account, literal.text());
                        if (hash.isEmpty()) {
                            return Optional.of(
                                    account.authPlugin() == AuthPlugin.MYSQL_NATIVE_PASSWORD
                                            ? MySqlError.ER_PASSWD_LENGTH.err(NATIVE_HASH_LENGTH)
                                            : MySqlError.ER_NOT_SUPPORTED_YET.err(
                                                    "a password hash for a caching_sha2_password account (use"
                                                            + " PASSWORD('...') or ALTER USER ... IDENTIFIED BY)"));
                        }
                        verifier = hash.get();
                    }
                }
            }
            String actor = "gateway: " + account.user().value() + "@" + peer.getHostAddress() + " (connection "
                    + handle.connectionId() + ")";
            try {
                context.passwords().change(account, verifier, actor);
            } catch (SQLException e) {
                log.warn(
                        "the new password of '{}' could not be stored in the catalog: {}",
                        account.user().value(),
                        e.getMessage());
                return Optional.of(MySqlError.ER_INTERNAL_ERROR.err("the new password could not be stored"));
            }
            log.info("'{}' changed its password from {}", account.user().value(), peer.getHostAddress());
            try {
                context.catalog().refresh(); // so that this gateway takes the new password at once
            } catch (SQLException e) {
                log.debug("catalog refresh after a password change failed; the next poll takes it", e);
            }
            return Optional.empty();
        }

        /** No FOR, CURRENT_USER(), USER(), or the account's own name with none of its hosts or one of them. */
        private boolean own(Account account, PasswordChange.Target target) {
            return switch (target) {
                case PasswordChange.Target.Own own -> true;
                case PasswordChange.Target.Named named ->
                    named.user().equals(account.user().value())
                            && named.host().map(host -> hostOf(account, host)).orElse(true);
            };
        }

        private static boolean hostOf(Account account, String host) {
            try {
                return account.allowsHost(HostPattern.parse(host));
            } catch (IllegalArgumentException e) {
                return false;
            }
        }

        private static Optional<ErrPacket> refused(Secret password) {
            return PasswordRules.problem(password).map(problem -> MySqlError.ER_NOT_VALID_PASSWORD.err());
        }

        /** A mysql_native_password hash ({@code *} and 40 hex digits) for an account of that plugin. */
        private static Optional<PasswordVerifier> nativeHash(Account account, Secret text) {
            String hash = text.reveal().toUpperCase(java.util.Locale.ROOT);
            if (account.authPlugin() != AuthPlugin.MYSQL_NATIVE_PASSWORD || hash.length() != NATIVE_HASH_LENGTH) {
                return Optional.empty();
            }
            try {
                return Optional.of(PasswordVerifier.parse(AuthPlugin.MYSQL_NATIVE_PASSWORD, hash));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
    }

    private void deny(Denied denied, String plugin) {
        handle.audit().loginDenied(denied.user(), denied.reason(), channel.tlsSession(), plugin);
        context.events().loginDenied(denied.user(), peer, handle.connectionId(), denied.reason());
        log.info(
                "access denied for '{}' from {}: {}",
                denied.user(),
                peer.getHostAddress(),
                denied.reason().code());
        channel.sendQuietly(
                MySqlError.ER_ACCESS_DENIED_ERROR.err(
                        denied.user(), peer.getHostAddress(), denied.usedPassword() ? "YES" : "NO"),
                negotiated);
    }
}
