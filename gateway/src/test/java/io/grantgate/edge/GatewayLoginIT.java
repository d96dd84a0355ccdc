package io.grantgate.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.grantgate.auth.AuthPlugin;
import io.grantgate.auth.FastAuthCache;
import io.grantgate.auth.LoginGuard;
import io.grantgate.auth.PasswordVerifier;
import io.grantgate.auth.RsaKeyPair;
import io.grantgate.catalog.AccountStatus;
import io.grantgate.catalog.CatalogDataSource;
import io.grantgate.catalog.CatalogExecutor;
import io.grantgate.catalog.CatalogStatement;
import io.grantgate.catalog.CatalogWatcher;
import io.grantgate.catalog.CatalogWrites;
import io.grantgate.catalog.HostPattern;
import io.grantgate.catalog.UserName;
import io.grantgate.command.AuditPolicy;
import io.grantgate.migrations.CatalogMigrator;
import io.grantgate.protocol.constant.Capabilities;
import io.grantgate.protocol.constant.CapabilityFlag;
import io.grantgate.protocol.constant.MySqlError;
import io.grantgate.testing.TestBackend;
import io.grantgate.tls.TlsContext;
import io.grantgate.tls.TlsFiles;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Logins through the gateway with real drivers (Connector/J and MariaDB Connector/J), both auth
 * plugins, with and without TLS. The backend side is replaced by a connector that answers every
 * successful login with a marker error (1049), so that reaching it proves the login was accepted;
 * relaying is tested elsewhere, on the real backend.
 */
class GatewayLoginIT {

    private static final String MARKER_DB = "gateway_login_accepted";
    private static HikariDataSource catalog;
    private static CatalogWatcher watcher;
    private static GatewayServer server;
    private static final LoginGuard GUARD =
            new LoginGuard(new LoginGuard.Limits(3, Duration.ofMinutes(5), 0, Duration.ZERO), Clock.systemUTC());

    @TempDir
    static Path dir;

    @BeforeAll
    static void gateway() throws Exception {
        TestBackend backend = TestBackend.get();
        catalog = CatalogDataSource.open(backend.catalogSettings(backend.newSchema("login")), "test");
        new CatalogMigrator(catalog).migrate();
        List<CatalogStatement> accounts = new ArrayList<>();
        account(accounts, 1, "sha2", AuthPlugin.CACHING_SHA2_PASSWORD, AccountStatus.ACTIVE, false, "127.0.0.1");
        account(accounts, 2, "native", AuthPlugin.MYSQL_NATIVE_PASSWORD, AccountStatus.ACTIVE, false, "127.0.0.1");
        account(accounts, 3, "elsewhere", AuthPlugin.CACHING_SHA2_PASSWORD, AccountStatus.ACTIVE, false, "10.0.0.0/8");
        account(accounts, 4, "locked", AuthPlugin.CACHING_SHA2_PASSWORD, AccountStatus.LOCKED, false, "%");
        account(accounts, 5, "tlsonly", AuthPlugin.CACHING_SHA2_PASSWORD, AccountStatus.ACTIVE, true, "%");
        account(accounts, 6, "guessme", AuthPlugin.MYSQL_NATIVE_PASSWORD, AccountStatus.ACTIVE, false, "%");
        account(accounts, 7, "seventwo", AuthPlugin.MYSQL_NATIVE_PASSWORD, AccountStatus.ACTIVE, false, "127.0.0.2");
        account(accounts, 8, "owner", AuthPlugin.MYSQL_NATIVE_PASSWORD, AccountStatus.ACTIVE, false, "%");
        account(accounts, 9, "sha2tls", AuthPlugin.CACHING_SHA2_PASSWORD, AccountStatus.ACTIVE, false, "127.0.0.1");
        account(accounts, 10, "expired", AuthPlugin.MYSQL_NATIVE_PASSWORD, AccountStatus.ACTIVE, false, "127.0.0.1");
        accounts.add(CatalogWrites.expirePassword(10));
        try (Connection c = catalog.getConnection()) {
            new CatalogExecutor(c).run(accounts);
        }
        watcher = CatalogWatcher.start(catalog, Duration.ofSeconds(1));
        BackendConnector refuseWithMarker = (account, caps, charset, schema) -> {
            throw new BackendConnector.BackendRefusedException(MySqlError.ER_BAD_DB_ERROR.err(MARKER_DB), null);
        };
        GatewayContext context = new GatewayContext(
                watcher,
                refuseWithMarker,
                TlsContext.load(new TlsFiles.SelfSigned(dir)),
                RsaKeyPair.generate(),
                new FastAuthCache(),
                GUARD,
                new ConnectionLimits(100),
                new SessionRegistry((account, node, id, queryOnly) -> {}),
                "8.4.3",
                GatewayCapabilities.offered(Capabilities.of(CapabilityFlag.values())),
                255,
                false,
                Duration.ofSeconds(30),
                16 << 20,
                SessionEvents.NONE,
                AuditPolicy.off(),
                TrustedProxies.NONE,
                (account, verifier, actor) -> {});
        server = GatewayServer.start(new ListenAddress("127.0.0.1", 0), context, new SessionThreads(0));
    }

    @AfterAll
    static void stop() {
        server.close();
        watcher.close();
        catalog.close();
    }

    private static void account(
            List<CatalogStatement> out,
            long id,
            String user,
            AuthPlugin plugin,
            AccountStatus status,
            boolean requireTls,
            String host) {
        PasswordVerifier verifier = PasswordVerifier.create(plugin, "pw-" + user);
        out.add(CatalogWrites.insertAccount(id, new UserName(user), verifier, status, requireTls, OptionalInt.empty()));
        out.add(CatalogWrites.setVerifier(id, verifier));
        out.add(CatalogWrites.addHost(id, HostPattern.parse(host)));
    }

    private static String mysqlUrl(String options) {
        return "jdbc:mysql://127.0.0.1:" + server.port() + "/?connectTimeout=30000&" + options;
    }

    private static void assertAccepted(String url, String user) {
        assertThatThrownBy(() ->
                        DriverManager.getConnection(url, user, "pw-" + user).close())
                .as("%s via %s", user, url)
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getErrorCode()).as(e.getMessage()).isEqualTo(1049);
                    assertThat(e.getMessage()).contains(MARKER_DB);
                });
    }

    private static void assertDenied(String url, String user, String password) {
        assertThatThrownBy(
                        () -> DriverManager.getConnection(url, user, password).close())
                .as("%s via %s", user, url)
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getErrorCode()).as(e.getMessage()).isEqualTo(1045);
                    assertThat(e.getSQLState()).isEqualTo("28000");
                    assertThat(e.getMessage())
                            .contains("Access denied for user '" + user + "'@'127.0.0.1' (using password: YES)");
                });
    }

    @Test
    void cachingSha2OverPlainTcpUsesTheRsaExchangeThenFastAuth() {
        String url = mysqlUrl("sslMode=DISABLED&allowPublicKeyRetrieval=true");
        assertAccepted(url, "sha2");
        assertAccepted(url, "sha2");
    }

    @Test
    void cachingSha2OverTlsSendsThePasswordInsideTls() {
        assertAccepted(mysqlUrl("sslMode=REQUIRED"), "sha2");
    }

    @Test
    void nativePasswordWithAndWithoutTls() {
        assertAccepted(mysqlUrl("sslMode=DISABLED"), "native");
        assertAccepted(mysqlUrl("sslMode=REQUIRED"), "native");
    }

    /**
     * This gateway announces a MySQL backend (8.4.3), whose disconnect_on_expired_password is ON: a
     * client that cannot take the sandbox gets 1862 at login, as from MySQL; one that can is let in
     * (and reaches the backend side). The mariadb CLI sets CLIENT_CAN_HANDLE_EXPIRED_PASSWORDS only
     * with --connect-expired-password.
     */
    @Test
    void anExpiredPasswordLogsInOnlyAClientThatHandlesIt() throws Exception {
        String without = mariadb("expired");
        assertThat(without)
                .contains("ERROR 1862 (HY000)")
                .contains("Your password has expired. To log in you must change it using a client that supports"
                        + " expired passwords");
        assertThat(mariadb("expired", "--connect-expired-password"))
                .contains("ERROR 1049")
                .contains(MARKER_DB);
    }

    private static String mariadb(String user, String... options) throws Exception {
        List<String> command = new ArrayList<>(TestBackend.get().mariadbClient());
        command.addAll(List.of(
                "-h", "127.0.0.1", "-P", Integer.toString(server.port()), "-u", user, "-ppw-" + user, "--skip-ssl"));
        command.addAll(List.of(options));
        command.addAll(List.of("-e", "SELECT 1"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        return output;
    }

    @Test
    void mariadbConnectorJLogsInWithBothPlugins() {
        assertAccepted("jdbc:mariadb://127.0.0.1:" + server.port() + "/?allowPublicKeyRetrieval=true", "sha2");
        assertAccepted("jdbc:mariadb://127.0.0.1:" + server.port() + "/?sslMode=trust", "native");
    }

    @Test
    void mariadbConnectorJSendsACachingSha2PasswordOverTlsWithTheGatewaysOwnCertificate() {
        // an account of its own, so that its first login here is a full authentication, not fast auth
        String base = "jdbc:mariadb://127.0.0.1:" + server.port() + "/?";
        assertAccepted(base + "sslMode=trust", "sha2tls");
        String certificate = dir.resolve("server-cert.pem").toString();
        assertAccepted(base + "sslMode=verify-ca&serverSslCert=" + certificate, "sha2tls");
        assertAccepted(base + "sslMode=verify-full&serverSslCert=" + certificate, "sha2tls");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sha2", "native", "nosuchuser", "elsewhere", "locked"})
    void everyRefusalIsTheSame1045(String user) {
        String url = mysqlUrl("sslMode=DISABLED&allowPublicKeyRetrieval=true");
        String password = user.equals("sha2") || user.equals("native") ? "wrong" : "pw-" + user;
        assertDenied(url, user, password);
    }

    @Test
    void anAccountThatRequiresTlsIsRefusedWithoutAndAcceptedWith() {
        assertDenied(mysqlUrl("sslMode=DISABLED&allowPublicKeyRetrieval=true"), "tlsonly", "pw-tlsonly");
        assertAccepted(mysqlUrl("sslMode=REQUIRED"), "tlsonly");
    }

    @Test
    void theRealSourceAddressIsCheckedAgainstTheHostPatterns() {
        assertAccepted(mysqlUrl("sslMode=DISABLED&localSocketAddress=127.0.0.2"), "seventwo");
        assertDenied(mysqlUrl("sslMode=DISABLED"), "seventwo", "pw-seventwo");
    }

    @Test
    void repeatedFailuresLockTheAccountOutEvenWithTheRightPassword() {
        String url = mysqlUrl("sslMode=DISABLED");
        for (int i = 0; i < 3; i++) {
            assertDenied(url, "guessme", "guess-" + i);
        }
        assertDenied(url, "guessme", "pw-guessme");
    }

    @Test
    void aGuesserLocksTheAccountOutOnlyFromItsOwnAddress() {
        String guesser = mysqlUrl("sslMode=DISABLED&localSocketAddress=127.0.0.3");
        for (int i = 0; i < 3; i++) {
            assertDeniedFrom127003(guesser, "guess-" + i);
        }
        assertDeniedFrom127003(guesser, "pw-owner");
        assertAccepted(mysqlUrl("sslMode=DISABLED"), "owner");
    }

    private static void assertDeniedFrom127003(String url, String password) {
        assertThatThrownBy(() ->
                        DriverManager.getConnection(url, "owner", password).close())
                .isInstanceOfSatisfying(
                        SQLException.class,
                        e -> assertThat(e.getMessage())
                                .contains("Access denied for user 'owner'@'127.0.0.3' (using password: YES)"));
    }
}
