package io.grantgate.ops.config;

import io.grantgate.auth.LoginGuard;
import io.grantgate.edge.ListenAddress;
import io.grantgate.edge.Multiplexing;
import io.grantgate.edge.SessionThreads;
import io.grantgate.edge.TrustedProxies;
import io.grantgate.tls.TlsFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The gateway's configuration, read once at start-up from {@link Settings} and validated as a whole:
 * every problem is reported with its key before anything listens.
 *
 * @param listen where clients connect ({@code listen}, default 0.0.0.0:3307)
 * @param opsListen metrics and health ({@code ops.listen}, default 127.0.0.1:9104; port 0 picks one)
 * @param tls certificate source ({@code tls.certificate}+{@code tls.key}, or {@code tls.pkcs12}; default self-signed in the data directory)
 * @param requireSecureTransport refuse every login without TLS ({@code tls.require-secure-transport})
 * @param maxConnections client connections at once ({@code limits.max-connections}, 1040 beyond it)
 * @param handshakeTimeout a client silent this long during the handshake is closed ({@code limits.handshake-timeout})
 * @param maxPacketSize the largest client packet accepted ({@code limits.max-packet-size}, 1153 beyond it)
 * @param loginLimits lock-out and address blocking ({@code auth.failed-login-attempts}, {@code auth.password-lock-time},
 *     {@code auth.max-connect-errors}, {@code auth.host-block-time})
 * @param pollInterval how often the catalog version is checked ({@code catalog.poll-interval})
 * @param backendTls plain or verified TLS to the backend ({@code backend.tls.mode}, {@code backend.tls.ca})
 * @param instanceId names this gateway in the audit trail and the catalog ({@code instance-id}; default
 *     the host name and the listen port)
 * @param audit the audit trail ({@code audit.*}, {@link AuditConfig})
 * @param sessionThreads what sessions run on ({@code sessions.threads}: mixed, the default, with
 *     {@code sessions.platform-threads}; platform; virtual)
 * @param trustedProxies the load balancers that must send a PROXY protocol header and whose header
 *     names the client ({@code proxy-protocol.trusted}; empty, the default: the protocol is off)
 * @param multiplexing whether sessions share backend connections between transactions
 *     ({@code sessions.multiplexing}: off, the default, or transaction)
 * @param backendMaxConnections backend connections open at once per backend account and wire format
 *     ({@code backend.max-connections}; default {@code limits.max-connections}, as many as there may be
 *     sessions, each holding one, when multiplexing is off)
 */
public record GatewayConfig(
        ListenAddress listen,
        ListenAddress opsListen,
        TlsFiles tls,
        boolean requireSecureTransport,
        int maxConnections,
        Duration handshakeTimeout,
        long maxPacketSize,
        LoginGuard.Limits loginLimits,
        Duration pollInterval,
        BackendTls backendTls,
        SessionThreads sessionThreads,
        String instanceId,
        AuditConfig audit,
        TrustedProxies trustedProxies,
        Multiplexing multiplexing,
        int backendMaxConnections) {

    public GatewayConfig {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(opsListen, "opsListen");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        Objects.requireNonNull(loginLimits, "loginLimits");
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(backendTls, "backendTls");
        Objects.requireNonNull(sessionThreads, "sessionThreads");
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(trustedProxies, "trustedProxies");
        Objects.requireNonNull(multiplexing, "multiplexing");
    }

    /**
     * @param dataDir where a generated certificate is kept
     * @param defaultListen {@code 0.0.0.0:3307}, or {@code 127.0.0.1:3307} in embedded mode
     */
    public static GatewayConfig from(Settings settings, Path dataDir, String defaultListen) {
        ListenAddress listen = address(settings, "listen", defaultListen);
        int maxConnections = settings.getInt("limits.max-connections", 1000, 1, 1_000_000);
        return new GatewayConfig(
                listen,
                address(settings, "ops.listen", "127.0.0.1:9104"),
                tls(settings, dataDir),
                settings.getBoolean("tls.require-secure-transport", false),
                maxConnections,
                settings.getDuration("limits.handshake-timeout", Duration.ofSeconds(10)),
                settings.getSize("limits.max-packet-size", 64L << 20, 1024, 1L << 30),
                new LoginGuard.Limits(
                        settings.getInt("auth.failed-login-attempts", 5, 0, 1_000_000),
                        settings.getDuration("auth.password-lock-time", Duration.ofMinutes(1)),
                        settings.getInt("auth.max-connect-errors", 100, 0, 1_000_000),
                        settings.getDuration("auth.host-block-time", Duration.ofMinutes(10)),
                        lockoutScope(settings)),
                settings.getDuration("catalog.poll-interval", Duration.ofSeconds(1)),
                BackendTls.from(settings),
                sessionThreads(settings),
                settings.get("instance-id", defaultInstanceId(listen)),
                AuditConfig.from(settings, dataDir),
                trustedProxies(settings),
                multiplexing(settings),
                settings.getInt("backend.max-connections", maxConnections, 1, 1_000_000));
    }

    /** {@code sessions.multiplexing}: {@code off} (default) or {@code transaction}. */
    private static Multiplexing multiplexing(Settings settings) {
        String value = settings.get("sessions.multiplexing", Multiplexing.OFF.setting());
        return Multiplexing.parse(value)
                .orElseThrow(() -> new ConfigException(
                        "sessions.multiplexing", "must be off or transaction, not '" + value.trim() + "'"));
    }

    /** {@code proxy-protocol.trusted}: addresses and CIDR networks, comma-separated. */
    private static TrustedProxies trustedProxies(Settings settings) {
        try {
            return TrustedProxies.parse(settings.get("proxy-protocol.trusted", ""));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("proxy-protocol.trusted", e.getMessage());
        }
    }

    /** This host's name and the listen port: unique among the gateways of one catalog unless two share a host and port. */
    private static String defaultInstanceId(ListenAddress listen) {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "localhost";
        }
        return host + ":" + listen.port();
    }

    /** {@code auth.lockout-scope}: {@code account-and-address} (default) or {@code account}. */
    private static LoginGuard.LockoutScope lockoutScope(Settings settings) {
        String value = settings.get("auth.lockout-scope", LoginGuard.LockoutScope.ACCOUNT_AND_ADDRESS.setting())
                .trim()
                .toLowerCase(Locale.ROOT);
        return LoginGuard.LockoutScope.fromSetting(value)
                .orElseThrow(() -> new ConfigException(
                        "auth.lockout-scope", "must be account-and-address or account, not '" + value + "'"));
    }

    /** {@code sessions.threads}, {@code sessions.relay} and their numbers: what sessions run on ({@link SessionThreads}). */
    private static SessionThreads sessionThreads(Settings settings) {
        String mode = settings.get("sessions.threads", "mixed").trim().toLowerCase(Locale.ROOT);
        int platformLimit = switch (mode) {
            case "platform" -> Integer.MAX_VALUE;
            case "virtual" -> 0;
            case "mixed" ->
                settings.getInt("sessions.platform-threads", SessionThreads.DEFAULT_PLATFORM_THREADS, 0, 1_000_000);
            default ->
                throw new ConfigException("sessions.threads", "must be mixed, platform or virtual, not '" + mode + "'");
        };
        String relay = settings.get("sessions.relay", "event-loop").trim().toLowerCase(Locale.ROOT);
        int loops = switch (relay) {
            case "event-loop" -> settings.getInt("sessions.relay-loops", SessionThreads.DEFAULT_RELAY_LOOPS, 1, 1024);
            case "thread" -> 0;
            default -> throw new ConfigException("sessions.relay", "must be event-loop or thread, not '" + relay + "'");
        };
        return new SessionThreads(
                platformLimit,
                loops,
                settings.getInt(
                        "sessions.relay-after-commands", SessionThreads.DEFAULT_COMMANDS_BEFORE_LOOP, 0, 1_000_000));
    }

    private static ListenAddress address(Settings settings, String key, String defaultValue) {
        try {
            return ListenAddress.parse(settings.get(key, defaultValue));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key, e.getMessage());
        }
    }

    private static TlsFiles tls(Settings settings, Path dataDir) {
        Optional<String> cert = settings.get("tls.certificate");
        Optional<String> key = settings.get("tls.key");
        Optional<String> p12 = settings.get("tls.pkcs12");
        if (cert.isPresent() != key.isPresent()) {
            throw new ConfigException(cert.isPresent() ? "tls.key" : "tls.certificate", "is needed with the other one");
        }
        if (cert.isPresent() && p12.isPresent()) {
            throw new ConfigException("tls.pkcs12", "cannot be combined with tls.certificate and tls.key");
        }
        if (cert.isPresent()) {
            return new TlsFiles.Pem(Path.of(cert.get()), Path.of(key.get()));
        }
        if (p12.isPresent()) {
            return new TlsFiles.Pkcs12(
                    Path.of(p12.get()), settings.get("tls.pkcs12-password").map(String::toCharArray));
        }
        return new TlsFiles.SelfSigned(dataDir.resolve("tls"));
    }
}
