package io.grantgate.edge;

import com.zaxxer.hikari.HikariDataSource;
import io.grantgate.auth.FastAuthCache;
import io.grantgate.auth.LoginGuard;
import io.grantgate.auth.RsaKeyPair;
import io.grantgate.auth.Secret;
import io.grantgate.backend.BackendConnectOptions;
import io.grantgate.backend.BackendConnection;
import io.grantgate.backend.BackendCredentials;
import io.grantgate.backend.BackendEndpoint;
import io.grantgate.backend.BackendPool;
import io.grantgate.backend.BackendPoolConfig;
import io.grantgate.catalog.CatalogDataSource;
import io.grantgate.catalog.CatalogWatcher;
import io.grantgate.catalog.Grant;
import io.grantgate.catalog.GrantScope;
import io.grantgate.catalog.HostPattern;
import io.grantgate.catalog.Privilege;
import io.grantgate.catalog.UserName;
import io.grantgate.migrations.CatalogMigrator;
import io.grantgate.ops.config.ListenAddress;
import io.grantgate.provision.BackendTarget;
import io.grantgate.provision.ChangeRunner;
import io.grantgate.provision.Dialect;
import io.grantgate.provision.GrantPlanner;
import io.grantgate.provision.GrantRequest;
import io.grantgate.provision.MasterKey;
import io.grantgate.provision.RevokePlanner;
import io.grantgate.provision.RevokeRequest;
import io.grantgate.testing.ServerLogin;
import io.grantgate.testing.TestBackend;
import io.grantgate.tls.TlsContext;
import io.grantgate.tls.TlsFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A whole gateway on the real test server: its own catalog schema, accounts provisioned through the
 * same library the admin CLI uses, a master key, and the listener on a free loopback port.
 */
final class GatewayFixture implements AutoCloseable {

    final TestBackend backend = TestBackend.get();
    final String prefix = "g" + Integer.toString(new SecureRandom().nextInt(36 * 36 * 36), 36);
    final MasterKey masterKey;
    final HikariDataSource catalog;
    final CatalogWatcher watcher;
    final GatewayServer server;
    final SessionRegistry sessions = new SessionRegistry();
    private final BackendTarget target;
    private final HikariDataSource backendAdmin;

    final ConnectionLimits limits = new ConnectionLimits(1000);
    final BackendPool pool;

    GatewayFixture(Duration pollInterval) throws Exception {
        this(pollInterval, Duration.ofSeconds(30));
    }

    GatewayFixture(Duration pollInterval, Duration handshakeTimeout) throws Exception {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        masterKey = MasterKey.fromBase64(Base64.getEncoder().encodeToString(key));
        catalog = CatalogDataSource.open(backend.catalogSettings(backend.newSchema("gw")), "test-catalog");
        new CatalogMigrator(catalog).migrate();
        ServerLogin login = backend.login();
        backendAdmin = CatalogDataSource.open(login.jdbcUrl(""), login.user(), new Secret(login.password()), "test-backend");
        try (Connection c = backendAdmin.getConnection()) {
            target = new BackendTarget(Dialect.of(c), masterKey, "%");
        }
        watcher = CatalogWatcher.start(catalog, pollInterval);
        watcher.onChange(sessions);
        BackendEndpoint endpoint = BackendEndpoint.plain(login.host(), login.port());
        String version;
        io.grantgate.protocol.constant.Capabilities backendCapabilities;
        try (BackendConnection probe = BackendConnection.open(endpoint, new BackendCredentials(login.user(), new Secret(login.password())),
                BackendConnectOptions.defaults())) {
            version = probe.rawServerVersion();
            backendCapabilities = probe.serverCapabilities();
        }
        DirectBackendConnector killer = new DirectBackendConnector(endpoint, masterKey, BackendConnectOptions.defaults());
        pool = new BackendPool(endpoint, BackendConnectOptions.defaults(), BackendPasswords.from(watcher, masterKey),
                new BackendPoolConfig(1000, 1000, 8, Duration.ofMinutes(10), Duration.ofSeconds(30), Duration.ofSeconds(10),
                        Duration.ofSeconds(30)));
        PooledBackendConnector connector = new PooledBackendConnector(pool);
        Path tls = Files.createTempDirectory("gateway-tls");
        GatewayContext context = new GatewayContext(watcher, connector, TlsContext.load(new TlsFiles.SelfSigned(tls)),
                RsaKeyPair.generate(), new FastAuthCache(),
                new LoginGuard(new LoginGuard.Limits(0, Duration.ZERO, 0, Duration.ZERO), Clock.systemUTC()),
                limits, sessions, version, GatewayCapabilities.offered(backendCapabilities), 45, false,
                handshakeTimeout, 64 << 20, killer, SessionEvents.NONE);
        server = GatewayServer.start(new ListenAddress("127.0.0.1", 0), context);
    }

    /** Creates (or extends) an account as 'admin grant' would, and waits until the gateway sees it. */
    void grant(String user, String password, String hosts, String privileges, String scope) throws Exception {
        grant(user, password, hosts, privileges, scope, Optional.empty());
    }

    /** The same, for a mysql_native_password account. */
    void grantNative(String user, String password, String hosts, String privileges, String scope) throws Exception {
        grant(user, password, hosts, privileges, scope, Optional.of(io.grantgate.auth.AuthPlugin.MYSQL_NATIVE_PASSWORD));
    }

    private void grant(String user, String password, String hosts, String privileges, String scope,
            Optional<io.grantgate.auth.AuthPlugin> plugin) throws Exception {
        Set<Grant> grants = privileges == null ? Set.of() : Arrays.stream(privileges.split(","))
                .map(p -> new Grant(Privilege.parse(p), GrantScope.parse(scope))).collect(Collectors.toSet());
        GrantRequest request = new GrantRequest(new UserName(user), Arrays.stream(hosts.split(",")).map(HostPattern::parse).toList(),
                grants, Optional.ofNullable(password).map(Secret::new), false, plugin, OptionalInt.empty(), Optional.empty(), false);
        GrantPlanner planner = new GrantPlanner(target);
        runner().run(reader -> planner.plan(request, reader.find(request.user()), reader.nextAccountId()), false);
        watcher.refresh();
    }

    void revokeHost(String user, String host) throws Exception {
        RevokeRequest request = new RevokeRequest(new UserName(user), List.of(HostPattern.parse(host)), Set.of(), false);
        RevokePlanner planner = new RevokePlanner(target);
        runner().run(reader -> planner.plan(request, reader.find(request.user())), false);
    }

    private ChangeRunner runner() {
        return new ChangeRunner(catalog, backendAdmin, "test");
    }

    String url(String database, String options) {
        return "jdbc:mysql://127.0.0.1:" + server.port() + "/" + database + "?sslMode=DISABLED&allowPublicKeyRetrieval=true"
                + (options.isEmpty() ? "" : "&" + options);
    }

    @Override
    public void close() {
        server.close();
        pool.close();
        watcher.close();
        catalog.close();
        backendAdmin.close();
    }
}
