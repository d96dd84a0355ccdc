package io.grantgate.ops.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grantgate.audit.AuditFileSettings;
import io.grantgate.audit.AuditMode;
import io.grantgate.auth.LoginGuard;
import io.grantgate.catalog.AuditLevel;
import io.grantgate.edge.ListenAddress;
import io.grantgate.edge.SessionThreads;
import io.grantgate.tls.TlsFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayConfigTest {

    private static final Path DATA = Path.of("/var/lib/grantgate");

    @Test
    void defaultsAreWhatAnOperatorExpects() {
        GatewayConfig config = GatewayConfig.from(new Settings(Map.of(), Map.of()), DATA, "0.0.0.0:3307");

        assertThat(config.listen()).isEqualTo(new ListenAddress("0.0.0.0", 3307));
        assertThat(config.opsListen()).isEqualTo(new ListenAddress("127.0.0.1", 9104));
        assertThat(config.tls()).isEqualTo(new TlsFiles.SelfSigned(DATA.resolve("tls")));
        assertThat(config.sessionThreads()).isEqualTo(new SessionThreads(SessionThreads.DEFAULT_PLATFORM_THREADS));
        assertThat(config.backendTls().mode()).isEqualTo(BackendTls.Mode.DISABLED);
        assertThat(config.requireSecureTransport()).isFalse();
        assertThat(config.maxPacketSize()).isEqualTo(64L << 20);
        assertThat(config.handshakeTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.pollInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.loginLimits().maxFailures()).isEqualTo(5);
        assertThat(config.loginLimits().lockoutScope()).isEqualTo(LoginGuard.LockoutScope.ACCOUNT_AND_ADDRESS);
        assertThat(config.trustedProxies().any())
                .as("the PROXY protocol is off")
                .isFalse();
    }

    @Test
    void trustedProxiesAreAddressesAndNetworks() throws Exception {
        GatewayConfig config = GatewayConfig.from(
                new Settings(Map.of(), Map.of("GRANTGATE_PROXY_PROTOCOL_TRUSTED", "10.0.0.0/8, ::1")),
                DATA,
                "0.0.0.0:3307");

        assertThat(config.trustedProxies().trusts(java.net.InetAddress.getByName("10.9.8.7")))
                .isTrue();
        assertThatThrownBy(() -> GatewayConfig.from(
                        new Settings(Map.of("proxy-protocol.trusted", "lb.example.com"), Map.of()),
                        DATA,
                        "0.0.0.0:3307"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'proxy-protocol.trusted'")
                .hasMessageContaining("lb.example.com");
    }

    @Test
    void theLockoutScopeIsChosenByName() {
        assertThat(GatewayConfig.from(
                                new Settings(Map.of(), Map.of("GRANTGATE_AUTH_LOCKOUT_SCOPE", "Account")),
                                DATA,
                                "0.0.0.0:3307")
                        .loginLimits()
                        .lockoutScope())
                .isEqualTo(LoginGuard.LockoutScope.ACCOUNT);
        assertThatThrownBy(() -> GatewayConfig.from(
                        new Settings(Map.of("auth.lockout-scope", "host"), Map.of()), DATA, "0.0.0.0:3307"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'auth.lockout-scope'")
                .hasMessageContaining("account-and-address or account");
    }

    @Test
    void fileAndEnvironmentSetEverything() {
        GatewayConfig config = GatewayConfig.from(
                new Settings(
                        Map.of(
                                "tls.certificate",
                                "/etc/gg/cert.pem",
                                "tls.key",
                                "/etc/gg/key.pem",
                                "limits.max-connections",
                                "50"),
                        Map.of("GRANTGATE_LISTEN", "[::]:3306", "GRANTGATE_TLS_REQUIRE_SECURE_TRANSPORT", "true")),
                DATA,
                "0.0.0.0:3307");

        assertThat(config.listen()).isEqualTo(new ListenAddress("::", 3306));
        assertThat(config.tls()).isEqualTo(new TlsFiles.Pem(Path.of("/etc/gg/cert.pem"), Path.of("/etc/gg/key.pem")));
        assertThat(config.requireSecureTransport()).isTrue();
        assertThat(config.maxConnections()).isEqualTo(50);
    }

    @Test
    void sessionThreadsAreChosenByName() {
        assertThat(threads(Map.of("sessions.threads", "Virtual"))).isEqualTo(new SessionThreads(0));
        assertThat(threads(Map.of("sessions.threads", "platform"))).isEqualTo(new SessionThreads(Integer.MAX_VALUE));
        assertThat(threads(Map.of("sessions.platform-threads", "50"))).isEqualTo(new SessionThreads(50));
        assertThatThrownBy(() -> threads(Map.of("sessions.threads", "green")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'sessions.threads'")
                .hasMessageContaining("mixed, platform or virtual");
    }

    @Test
    void theRelayIsAnEventLoopPerCoreUnlessSaidOtherwise() {
        SessionThreads defaults = threads(Map.of());
        assertThat(defaults.relayLoops()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(defaults.commandsBeforeLoop()).isEqualTo(SessionThreads.DEFAULT_COMMANDS_BEFORE_LOOP);
        assertThat(threads(Map.of("sessions.relay", "thread")).relayLoops()).isZero();
        assertThat(threads(Map.of("sessions.relay-loops", "3", "sessions.relay-after-commands", "0")))
                .isEqualTo(new SessionThreads(SessionThreads.DEFAULT_PLATFORM_THREADS, 3, 0));
        assertThatThrownBy(() -> threads(Map.of("sessions.relay", "epoll")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'sessions.relay'")
                .hasMessageContaining("event-loop or thread");
        assertThatThrownBy(() -> threads(Map.of("sessions.relay-loops", "0")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'sessions.relay-loops'");
    }

    private static SessionThreads threads(Map<String, String> file) {
        return GatewayConfig.from(new Settings(file, Map.of()), DATA, "0.0.0.0:3307")
                .sessionThreads();
    }

    @Test
    void halfATlsPairIsAnErrorNamingTheMissingKey() {
        assertThatThrownBy(() -> GatewayConfig.from(
                        new Settings(Map.of("tls.certificate", "/c.pem"), Map.of()), DATA, "0.0.0.0:3307"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'tls.key'");
        assertThatThrownBy(() ->
                        GatewayConfig.from(new Settings(Map.of("listen", "nowhere"), Map.of()), DATA, "0.0.0.0:3307"))
                .hasMessageContaining("'listen'")
                .hasMessageContaining("HOST:PORT");
    }

    @Test
    void theAuditTrailIsAsyncUnderTheDataDirectoryByDefault() {
        AuditConfig audit = GatewayConfig.from(new Settings(Map.of(), Map.of()), DATA, "0.0.0.0:3307")
                .audit();

        assertThat(audit.mode()).isEqualTo(AuditMode.ASYNC);
        assertThat(audit.file()).hasValueSatisfying(file -> {
            assertThat(file.file()).isEqualTo(DATA.resolve("audit").resolve("audit.jsonl"));
            assertThat(file.mode()).isEqualTo(AuditMode.ASYNC);
            assertThat(file.fsync()).isEqualTo(AuditFileSettings.Fsync.INTERVAL);
        });
        assertThat(audit.defaultLevel()).isEqualTo(AuditLevel.LOGINS);
    }

    @Test
    void auditModeOffStartsWithoutAFileTrailButStillChecksTheFileSettings() {
        AuditConfig off = GatewayConfig.from(
                        new Settings(Map.of(), Map.of("GRANTGATE_AUDIT_MODE", "off")), DATA, "0.0.0.0:3307")
                .audit();
        assertThat(off.mode()).isEqualTo(AuditMode.OFF);
        assertThat(off.file()).isEmpty();

        assertThat(GatewayConfig.from(
                                new Settings(
                                        Map.of("audit.mode", "block", "audit.default-level", "statements"), Map.of()),
                                DATA,
                                "0.0.0.0:3307")
                        .audit()
                        .file()
                        .map(AuditFileSettings::mode))
                .hasValue(AuditMode.BLOCK);
        assertThatThrownBy(() -> GatewayConfig.from(
                        new Settings(Map.of("audit.mode", "off", "audit.fsync", "sometimes"), Map.of()),
                        DATA,
                        "0.0.0.0:3307"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'audit.fsync'");
    }
}
