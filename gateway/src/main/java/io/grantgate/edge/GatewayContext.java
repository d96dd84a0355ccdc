package io.grantgate.edge;

import io.grantgate.auth.FastAuthCache;
import io.grantgate.auth.LoginGuard;
import io.grantgate.auth.RsaKeyPair;
import io.grantgate.catalog.CatalogWatcher;
import io.grantgate.command.AuditPolicy;
import io.grantgate.protocol.constant.Capabilities;
import io.grantgate.tls.TlsContext;
import java.time.Duration;
import java.util.Objects;

/**
 * What every session shares, built once at start-up and passed down (no singletons).
 *
 * @param serverVersion the version string clients see: the backend's own, so that drivers enable
 *     the same features they would talking to it directly
 * @param serverCapabilities what the gateway offers: its own support intersected with the backend's
 * @param characterSet the default collation id the greeting announces: the backend's own, learned
 *     from its greeting at start-up, as drivers choose their connection collation from it
 * @param proxies the load balancers whose PROXY protocol header names the client
 * @param passwords where clients' own password changes are stored (the catalog)
 */
public record GatewayContext(
        CatalogWatcher catalog,
        BackendConnector backends,
        TlsContext tls,
        RsaKeyPair rsa,
        FastAuthCache fastAuth,
        LoginGuard guard,
        ConnectionLimits limits,
        SessionRegistry sessions,
        String serverVersion,
        Capabilities serverCapabilities,
        int characterSet,
        boolean requireSecureTransport,
        Duration handshakeTimeout,
        int maxPacketSize,
        SessionEvents events,
        AuditPolicy audit,
        TrustedProxies proxies,
        PasswordStore passwords) {

    public GatewayContext {
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(backends, "backends");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(rsa, "rsa");
        Objects.requireNonNull(fastAuth, "fastAuth");
        Objects.requireNonNull(guard, "guard");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(sessions, "sessions");
        Objects.requireNonNull(serverVersion, "serverVersion");
        Objects.requireNonNull(serverCapabilities, "serverCapabilities");
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(proxies, "proxies");
        Objects.requireNonNull(passwords, "passwords");
    }
}
