package io.grantgate.edge;

import io.grantgate.auth.AuthPlugin;
import io.grantgate.auth.PasswordRules;
import io.grantgate.auth.PasswordVerifier;
import io.grantgate.auth.Secret;
import io.grantgate.catalog.Account;
import io.grantgate.catalog.HostPattern;
import io.grantgate.command.PasswordChange;
import io.grantgate.edge.LoginOutcome.Accepted;
import io.grantgate.protocol.constant.MySqlError;
import io.grantgate.protocol.message.server.ErrPacket;
import java.net.InetAddress;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session's own password changes: the new verifier goes to the catalog, for the account's
 * current plugin; the backend account keeps its derived password. Another account's password gets
 * the error the server gives an account without privileges on {@code mysql}: 1044 for SET PASSWORD,
 * 1227 (CREATE USER) for ALTER USER, as MariaDB 11.4 answers them.
 *
 * <p>Threading: one per account session, called on the session's thread.
 */
final class OwnPasswordChanges implements CommandLoop.PasswordHandler {

    private static final Logger log = LoggerFactory.getLogger(OwnPasswordChanges.class);
    /** {@code *} and 40 hex digits: a mysql_native_password hash, as SET PASSWORD = 'hash' takes it. */
    private static final int NATIVE_HASH_LENGTH = 41;

    private final GatewayContext context;
    private final Accepted login;
    private final InetAddress peer;
    private final long connectionId;
    private final boolean mariaDb;

    /** @param mariaDb whether the backend is MariaDB, which reads {@code SET PASSWORD = 'x'} as a hash */
    OwnPasswordChanges(GatewayContext context, Accepted login, InetAddress peer, long connectionId, boolean mariaDb) {
        this.context = context;
        this.login = login;
        this.peer = peer;
        this.connectionId = connectionId;
        this.mariaDb = mariaDb;
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
                if (!literal.hashOnly() && !mariaDb) {
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
                + connectionId + ")";
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
        String hash = text.reveal().toUpperCase(Locale.ROOT);
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
