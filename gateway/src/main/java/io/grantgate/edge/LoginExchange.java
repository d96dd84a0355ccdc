package io.grantgate.edge;

import io.grantgate.auth.AuthPlugin;
import io.grantgate.auth.CachingSha2Scramble;
import io.grantgate.auth.CachingSha2Verifier;
import io.grantgate.auth.FastAuthCache;
import io.grantgate.auth.FastAuthDigest;
import io.grantgate.auth.LoginGuard;
import io.grantgate.auth.NativePasswordScramble;
import io.grantgate.auth.NativePasswordVerifier;
import io.grantgate.auth.PasswordVerifier;
import io.grantgate.auth.RsaKeyPair;
import io.grantgate.auth.RsaPasswordCipher;
import io.grantgate.auth.Scramble;
import io.grantgate.catalog.Account;
import io.grantgate.catalog.AccountStatus;
import io.grantgate.catalog.CatalogSnapshot;
import io.grantgate.catalog.HostPattern;
import io.grantgate.catalog.UserName;
import io.grantgate.edge.LoginOutcome.Denied;
import io.grantgate.edge.LoginOutcome.Reason;
import io.grantgate.protocol.Bytes;
import io.grantgate.protocol.message.client.HandshakeResponse41;
import io.grantgate.protocol.message.server.AuthMoreData;
import io.grantgate.protocol.message.server.AuthSwitchRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The server side of authentication, after the client's HandshakeResponse41: plugin switch,
 * caching_sha2_password fast or full authentication (clear password over TLS, RSA otherwise), or
 * mysql_native_password, then the checks that decide the outcome.
 *
 * <p>An unknown user goes through the same exchange as a known one, against a decoy verifier, and
 * every check runs after the password exchange has finished: the client sees the same packets and
 * much the same timing whatever the reason it is refused.
 */
final class LoginExchange {

    /** Decoys for unknown users: verifiers of a random password no one knows. */
    private static final NativePasswordVerifier DECOY_NATIVE = NativePasswordVerifier.create(randomText());

    private static final CachingSha2Verifier DECOY_SHA2 = CachingSha2Verifier.create(randomText());
    private static final int REQUEST_PUBLIC_KEY = 0x02;

    private final ClientChannel channel;
    private final Scramble scramble;
    private final FastAuthCache cache;
    private final RsaKeyPair rsa;
    private final LoginGuard guard;
    private final boolean requireSecureTransport;

    LoginExchange(
            ClientChannel channel,
            Scramble scramble,
            FastAuthCache cache,
            RsaKeyPair rsa,
            LoginGuard guard,
            boolean requireSecureTransport) {
        this.channel = channel;
        this.scramble = scramble;
        this.cache = cache;
        this.rsa = rsa;
        this.guard = guard;
        this.requireSecureTransport = requireSecureTransport;
    }

    LoginOutcome authenticate(HandshakeResponse41 response, CatalogSnapshot snapshot, InetAddress peer)
            throws IOException {
        return authenticate(
                response.username(),
                response.authResponse().toArray(),
                response.authPluginName().orElse(AuthPlugin.MYSQL_NATIVE_PASSWORD.pluginName()),
                snapshot,
                peer);
    }

    /**
     * @param clientPlugin the plugin the client's {@code authData} was made with; anything else than
     *     the account's plugin (an empty name, say) makes the exchange start with an AuthSwitchRequest
     */
    LoginOutcome authenticate(
            String userText, byte[] initialAuthData, String clientPlugin, CatalogSnapshot snapshot, InetAddress peer)
            throws IOException {
        Optional<Account> account = parseUser(userText).flatMap(snapshot::account);
        AuthPlugin plugin = account.map(Account::authPlugin).orElse(AuthPlugin.CACHING_SHA2_PASSWORD);
        PasswordVerifier verifier = account.map(Account::verifier)
                .orElse(plugin == AuthPlugin.CACHING_SHA2_PASSWORD ? DECOY_SHA2 : DECOY_NATIVE);

        byte[] authData = initialAuthData;
        boolean usedPassword = authData.length > 0;
        if (!clientPlugin.equals(plugin.pluginName())) {
            channel.send(new AuthSwitchRequest(plugin.pluginName(), pluginData()).encode());
            authData = channel.receive().toByteArray();
            usedPassword = authData.length > 0 && !(authData.length == 1 && authData[0] == 0);
        }
        boolean passwordOk = switch (plugin) {
            case MYSQL_NATIVE_PASSWORD ->
                NativePasswordScramble.check(authData, scramble, (NativePasswordVerifier) verifier);
            case CACHING_SHA2_PASSWORD -> cachingSha2(authData, account, verifier);
        };
        LoginOutcome outcome = decide(userText, account, passwordOk, usedPassword, peer);
        record(outcome, peer);
        return outcome;
    }

    /** Lock-out and address blocking count here, where the outcome is decided, for every kind of login. */
    private void record(LoginOutcome outcome, InetAddress peer) {
        switch (outcome) {
            case LoginOutcome.Accepted accepted ->
                guard.succeeded(accepted.account().user().value(), peer);
            // unknown names are not counted per account: random names would grow the table without bound
            case Denied denied -> guard.failed(denied.reason() == Reason.UNKNOWN_USER ? null : denied.user(), peer);
        }
    }

    private boolean cachingSha2(byte[] authData, Optional<Account> account, PasswordVerifier verifier)
            throws IOException {
        if (CachingSha2Scramble.isEmptyPassword(authData)) {
            return false;
        }
        Optional<FastAuthDigest> cached = account.flatMap(a -> cache.lookup(a.id(), verifier));
        if (cached.isPresent() && CachingSha2Scramble.check(authData, scramble, cached.get())) {
            // the OK or error the outcome gets carries it: every path after this sends one or closes
            channel.sendWithNext(AuthMoreData.fastAuthSuccess().encode());
            return true;
        }
        channel.send(AuthMoreData.performFullAuthentication().encode());
        Optional<String> password = fullAuthenticationPassword();
        if (password.isEmpty()) {
            return false;
        }
        boolean ok = verifier.matches(password.get());
        if (ok) {
            account.ifPresent(a -> cache.remember(a.id(), verifier, password.get()));
        }
        return ok;
    }

    /** Over TLS the client sends its password in clear; otherwise it asks for our RSA key first. */
    private Optional<String> fullAuthenticationPassword() throws IOException {
        byte[] packet = channel.receive().toByteArray();
        if (channel.isSecure()) {
            int end = packet.length > 0 && packet[packet.length - 1] == 0 ? packet.length - 1 : packet.length;
            return Optional.of(new String(packet, 0, end, StandardCharsets.UTF_8));
        }
        if (packet.length == 1 && packet[0] == REQUEST_PUBLIC_KEY) {
            channel.send(AuthMoreData.publicKey(rsa.publicKeyPem()).encode());
            byte[] encrypted = channel.receive().toByteArray();
            try {
                return Optional.of(RsaPasswordCipher.decrypt(encrypted, scramble, rsa.privateKey()));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        // a clear password over plain TCP: refuse it without looking at it
        Arrays.fill(packet, (byte) 0);
        return Optional.empty();
    }

    private LoginOutcome decide(
            String user, Optional<Account> account, boolean passwordOk, boolean usedPassword, InetAddress peer) {
        if (account.isEmpty()) {
            return new Denied(user, Reason.UNKNOWN_USER, usedPassword);
        }
        Account a = account.get();
        Optional<HostPattern> host =
                a.hosts().stream().filter(h -> h.matches(peer)).findFirst();
        if (guard.accountLocked(user, peer)) {
            return new Denied(user, Reason.TOO_MANY_FAILURES, usedPassword);
        }
        if (!passwordOk) {
            return new Denied(user, Reason.BAD_PASSWORD, usedPassword);
        }
        if (host.isEmpty()) {
            return new Denied(user, Reason.HOST_NOT_ALLOWED, usedPassword);
        }
        if (a.status() == AccountStatus.LOCKED) {
            return new Denied(user, Reason.ACCOUNT_LOCKED, usedPassword);
        }
        if (a.status() != AccountStatus.ACTIVE) {
            return new Denied(user, Reason.ACCOUNT_NOT_ACTIVE, usedPassword);
        }
        if ((a.requireTls() || requireSecureTransport) && !channel.isSecure()) {
            return new Denied(user, Reason.TLS_REQUIRED, usedPassword);
        }
        // until swept, the backend account still holds an expired grant, unless a role gives it anyway
        if (!a.effectiveGrants().containsAll(a.expiries().expiredGrants())) {
            return new Denied(user, Reason.GRANT_EXPIRED, usedPassword);
        }
        return new LoginOutcome.Accepted(a, host.get());
    }

    /** The scramble again, NUL-terminated, as servers send it in an AuthSwitchRequest. */
    private Bytes pluginData() {
        byte[] data = Arrays.copyOf(scramble.bytes(), Scramble.LENGTH + 1);
        return Bytes.of(data);
    }

    private static String randomText() {
        return java.util.HexFormat.of().formatHex(Scramble.random().bytes());
    }

    private static Optional<UserName> parseUser(String text) {
        try {
            return Optional.of(new UserName(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
