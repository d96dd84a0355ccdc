package io.grantgate.edge;

import io.grantgate.audit.AuditEvent;
import io.grantgate.catalog.Account;
import io.grantgate.catalog.AuditLevel;
import io.grantgate.catalog.CatalogSnapshot;
import io.grantgate.catalog.UserName;
import io.grantgate.command.AuditPolicy;
import io.grantgate.command.StatementAudit;
import io.grantgate.edge.LoginOutcome.Accepted;
import io.grantgate.edge.LoginOutcome.Reason;
import java.net.InetSocketAddress;
import java.util.Optional;
import javax.net.ssl.SSLSession;

/**
 * The audit events of one client connection: its logins, the end of each account session, the
 * KILLs it sends, and its closing from outside (revocation, KILL, the gateway stopping). Each goes
 * to the trail if the account's audit level asks for it; denied logins always do, as there may be
 * no account to ask. Statements are {@link StatementAudit}'s, one per account session.
 *
 * <p>Threading: the session's thread reports everything but {@link #closed}, which the thread
 * ending the session from outside reports; the account's level is published through a volatile.
 */
final class ConnectionAudit {

    private final AuditPolicy policy;
    private final long connectionId;
    /** The peer's, or the client's a PROXY header named ({@link #proxied}), set before any event. */
    private volatile String clientAddress;

    private volatile int clientPort;
    /** The load balancer's, when a PROXY header named the client. */
    private volatile Optional<AuditEvent.Via> via = Optional.empty();

    private volatile String user = "";
    private volatile AuditLevel level = AuditLevel.OFF;
    /** The account's own level, empty for the default; to tell whether a new catalog changes it. */
    private volatile Optional<AuditLevel> ownLevel = Optional.empty();
    /** The running account session's statement audit, for a level changed while it runs. */
    private volatile StatementAudit statements;

    ConnectionAudit(AuditPolicy policy, long connectionId, InetSocketAddress client) {
        this.policy = policy;
        this.connectionId = connectionId;
        this.clientAddress = client.getAddress().getHostAddress();
        this.clientPort = client.getPort();
    }

    /** The client's IP address as the audit writes it. */
    String clientAddress() {
        return clientAddress;
    }

    int clientPort() {
        return clientPort;
    }

    /**
     * A trusted load balancer's PROXY header named the client: every event of the connection gives the
     * client's address, and its logins also the balancer's ({@code via}). Called by the session's
     * thread before it records anything.
     */
    void proxied(InetSocketAddress client, InetSocketAddress balancer) {
        this.clientAddress = client.getAddress().getHostAddress();
        this.clientPort = client.getPort();
        this.via = Optional.of(new AuditEvent.Via(balancer.getAddress().getHostAddress(), balancer.getPort()));
    }

    static ConnectionAudit off(long connectionId, InetSocketAddress client) {
        return new ConnectionAudit(AuditPolicy.off(), connectionId, client);
    }

    /** An account session begins: its statements are audited by the returned object. */
    StatementAudit loggedIn(Accepted accepted, Optional<SSLSession> tls) {
        user = accepted.account().user().value();
        ownLevel = accepted.account().auditLevel();
        level = policy.level(ownLevel);
        if (level.logins()) {
            policy.trail()
                    .record(new AuditEvent.Login(
                            policy.nowMicros(),
                            policy.instance(),
                            connectionId,
                            user,
                            clientAddress,
                            clientPort,
                            tls.map(SSLSession::getProtocol),
                            tls.map(SSLSession::getCipherSuite),
                            accepted.account().authPlugin().pluginName(),
                            Optional.of(accepted.host().text()),
                            "ok",
                            Optional.empty(),
                            via));
        }
        statements = new StatementAudit(policy, connectionId, user, level);
        return statements;
    }

    /**
     * A new catalog: if it gives the logged-in account another audit level ({@code admin user audit}),
     * the session follows it from its next command on, as every catalog change takes effect live.
     */
    void catalogChanged(CatalogSnapshot snapshot) {
        StatementAudit running = statements;
        if (running == null || !policy.on()) {
            return;
        }
        Optional<AuditLevel> now = snapshot.account(new UserName(user)).flatMap(Account::auditLevel);
        if (!now.equals(ownLevel)) {
            ownLevel = now;
            level = policy.level(now);
            running.statements(level.statements());
        }
    }

    /** A login refused by the gateway (every reason) or by the backend; recorded whatever the level. */
    void loginDenied(String givenUser, String reason, String outcome, Optional<SSLSession> tls, String plugin) {
        if (!policy.on()) {
            return;
        }
        policy.trail()
                .record(new AuditEvent.Login(
                        policy.nowMicros(),
                        policy.instance(),
                        connectionId,
                        givenUser,
                        clientAddress,
                        clientPort,
                        tls.map(SSLSession::getProtocol),
                        tls.map(SSLSession::getCipherSuite),
                        plugin,
                        Optional.empty(),
                        outcome,
                        Optional.of(reason),
                        via));
    }

    void loginDenied(String givenUser, Reason reason, Optional<SSLSession> tls, String plugin) {
        loginDenied(givenUser, reason.code(), "denied", tls, plugin);
    }

    /** An account session ended, {@code ending} in {@link SessionEnding}'s words. */
    void sessionEnded(long startNanos, long commands, long bytesFromClient, long bytesToClient, String ending) {
        if (!level.logins()) {
            return;
        }
        policy.trail()
                .record(new AuditEvent.SessionEnd(
                        policy.nowMicros(),
                        policy.instance(),
                        connectionId,
                        user,
                        clientAddress,
                        (System.nanoTime() - startNanos) / 1_000,
                        commands,
                        bytesFromClient,
                        bytesToClient,
                        ending));
        level = AuditLevel.OFF;
        statements = null;
    }

    /**
     * A KILL this connection sent and the gateway answered: {@code target} is the gateway connection id
     * of the session it reached (itself for {@code KILL CONNECTION_ID()}), or the id as written when it
     * reached none.
     */
    void kill(long target, boolean queryOnly, boolean done) {
        if (level.logins()) {
            policy.trail()
                    .record(new AuditEvent.Kill(
                            policy.nowMicros(),
                            policy.instance(),
                            connectionId,
                            user,
                            target,
                            queryOnly,
                            done ? "ok" : "denied"));
        }
    }

    /** The session was ended from outside, by another thread: revoked, killed, or the gateway stopping. */
    void closed(String reason) {
        if (level.logins()) {
            policy.trail()
                    .record(new AuditEvent.SessionClosed(
                            policy.nowMicros(), policy.instance(), connectionId, user, reason));
        }
    }
}
