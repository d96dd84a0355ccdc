package io.grantgate.edge;

import com.zaxxer.hikari.HikariDataSource;
import io.grantgate.account.MasterKey;
import io.grantgate.auth.Secret;
import io.grantgate.backend.BackendCredentials;
import io.grantgate.catalog.CatalogDataSource;
import io.grantgate.catalog.Grant;
import io.grantgate.catalog.GrantScope;
import io.grantgate.catalog.HostPattern;
import io.grantgate.catalog.Privilege;
import io.grantgate.catalog.UserName;
import io.grantgate.migrations.CatalogMigrator;
import io.grantgate.ops.GatewayRuntime;
import io.grantgate.ops.config.BackendAddresses;
import io.grantgate.ops.config.GatewayConfig;
import io.grantgate.ops.config.Settings;
import io.grantgate.provision.BackendTarget;
import io.grantgate.provision.ChangeRunner;
import io.grantgate.provision.Dialect;
import io.grantgate.provision.GrantPlanner;
import io.grantgate.provision.GrantRequest;
import io.grantgate.provision.RevokePlanner;
import io.grantgate.provision.RevokeRequest;
import io.grantgate.testing.FaultProxy;
import io.grantgate.testing.ServerLogin;
import io.grantgate.testing.TestBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * A whole gateway on the real test server: its own catalog schema, accounts provisioned through the
 * same library the admin CLI uses, a master key, and the listener on a free loopback port. Public
 * for the bench module's network fuzzer test (through the gateway's test-jar).
 */
public final class GatewayFixture implements AutoCloseable {

    final TestBackend backend = TestBackend.get();
    public final String prefix = "g" + Integer.toString(new SecureRandom().nextInt(36 * 36 * 36), 36);
    final MasterKey masterKey;
    final HikariDataSource catalog;
    public final GatewayRuntime runtime;
    /** The gateway's data directory: its self-signed TLS pair is generated under {@code tls/}. */
    final Path dataDirectory;

    /** The proxy between the gateway and its catalog, when the fixture was asked for one. */
    final Optional<FaultProxy> catalogLink;

    private final Optional<HikariDataSource> gatewayCatalog;
    /** The catalog schema's name, and the master key as GRANTGATE_MASTER_KEY takes it. */
    final String schema;

    private final String masterKeyBase64;
    /** The gateway's settings before {@code extraSettings}, for {@link #startAnother}. */
    private final Map<String, String> baseSettings;

    private final BackendCredentials backendLogin;
    /** Data directories of the gateways {@link #startAnother} started, deleted at {@link #close}. */
    private final List<Path> otherDataDirectories = new java.util.concurrent.CopyOnWriteArrayList<>();

    private final BackendTarget target;
    private final HikariDataSource backendAdmin;

    /**
     * Whether {@link #url} asks Connector/J for CLIENT_SESSION_TRACK ({@code trackSessionState=true}),
     * without which a multiplexing gateway's Connector/J sessions hold their backend connection as
     * with {@code off}: for the multiplexed variants of the client ITs ({@link MultiplexedVariant}).
     */
    private volatile boolean connectorJTracksSessionState;

    GatewayFixture(Duration pollInterval) throws Exception {
        this(pollInterval, Duration.ofSeconds(30));
    }

    GatewayFixture(Duration pollInterval, Duration handshakeTimeout) throws Exception {
        this(pollInterval, handshakeTimeout, Map.of());
    }

    /** @param extraSettings gateway settings on top of the fixture's own (which they may override) */
    public GatewayFixture(Duration pollInterval, Duration handshakeTimeout, Map<String, String> extraSettings)
            throws Exception {
        this(pollInterval, handshakeTimeout, extraSettings, false);
    }

    /**
     * @param catalogBehindProxy the gateway reaches its catalog through {@link #catalogLink}, a proxy a
     *     test can cut to take the catalog away from the gateway alone (the fixture's own admin-side
     *     writes still go direct)
     */
    GatewayFixture(
            Duration pollInterval,
            Duration handshakeTimeout,
            Map<String, String> extraSettings,
            boolean catalogBehindProxy)
            throws Exception {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        masterKeyBase64 = Base64.getEncoder().encodeToString(key);
        masterKey = MasterKey.fromBase64(masterKeyBase64);
        schema = backend.newSchema("gw");
        catalog = CatalogDataSource.open(backend.catalogSettings(schema), "test-catalog");
        new CatalogMigrator(catalog).migrate();
        ServerLogin login = backend.login();
        if (catalogBehindProxy) {
            catalogLink = Optional.of(new FaultProxy(login.host(), login.port()));
            gatewayCatalog = Optional.of(CatalogDataSource.open(
                    "jdbc:mysql://127.0.0.1:" + catalogLink.get().port() + "/" + schema,
                    login.user(),
                    new Secret(login.password()),
                    "gateway-catalog"));
        } else {
            catalogLink = Optional.empty();
            gatewayCatalog = Optional.empty();
        }
        backendAdmin =
                CatalogDataSource.open(login.jdbcUrl(""), login.user(), new Secret(login.password()), "test-backend");
        try (Connection c = backendAdmin.getConnection()) {
            target = new BackendTarget(Dialect.of(c), masterKey, "%");
        }
        Map<String, String> values = new java.util.HashMap<>(Map.of(
                "listen", "127.0.0.1:0",
                "ops.listen", "127.0.0.1:0",
                "catalog.poll-interval", pollInterval.toMillis() + "ms",
                "limits.handshake-timeout", handshakeTimeout.toMillis() + "ms",
                "auth.failed-login-attempts", "0",
                "auth.max-connect-errors", "0",
                // plain sessions move to a relay loop at once, so that every test exercises it
                "sessions.relay-after-commands", "0"));
        baseSettings = Map.copyOf(values);
        values.putAll(extraSettings);
        Settings settings = new Settings(values, Map.of());
        dataDirectory = Files.createTempDirectory("gateway-data");
        GatewayConfig config = GatewayConfig.from(settings, dataDirectory, "127.0.0.1:0");
        // as bin/grantgate does: backend.address(es), else the server the catalog is on
        BackendAddresses backendAddresses = BackendAddresses.from(settings, login.host() + ":" + login.port());
        backendLogin = new BackendCredentials(login.user(), new Secret(login.password()));
        runtime = GatewayRuntime.start(
                config,
                gatewayCatalog.map(DataSource.class::cast).orElse(catalog),
                backendAddresses.endpoints(config.backendTls()),
                backendAddresses.health(),
                backendLogin,
                masterKey);
    }

    /**
     * Another gateway instance on this fixture's catalog, backend and master key, as a second
     * gateway behind a load balancer runs: the fixture's settings with {@code extraSettings} on top
     * (give it its own {@code instance-id}), its catalog read through {@code gatewayCatalog}. The
     * caller closes it.
     */
    GatewayRuntime startAnother(Map<String, String> extraSettings, DataSource gatewayCatalog) throws Exception {
        Map<String, String> values = new java.util.HashMap<>(baseSettings);
        values.putAll(extraSettings);
        Settings settings = new Settings(values, Map.of());
        Path data = Files.createTempDirectory("gateway-data");
        otherDataDirectories.add(data);
        GatewayConfig config = GatewayConfig.from(settings, data, "127.0.0.1:0");
        ServerLogin login = backend.login();
        return GatewayRuntime.start(
                config,
                gatewayCatalog,
                config.backendTls().endpoint(login.host(), login.port()),
                backendLogin,
                masterKey);
    }

    /** What the admin command needs to reach this fixture's catalog, as bin/admin reads it from the environment. */
    Map<String, String> adminEnvironment() {
        ServerLogin login = backend.login();
        return Map.of(
                "GRANTGATE_CATALOG_URL",
                login.jdbcUrl(schema),
                "GRANTGATE_CATALOG_USER",
                login.user(),
                "GRANTGATE_CATALOG_PASSWORD",
                login.password(),
                MasterKey.KEY_VARIABLE,
                masterKeyBase64);
    }

    /** Creates (or extends) an account as 'admin grant' would, and waits until the gateway sees it. */
    public void grant(String user, String password, String hosts, String privileges, String scope) throws Exception {
        grant(user, password, hosts, privileges, scope, Optional.empty());
    }

    /** The same, for a mysql_native_password account. */
    public void grantNative(String user, String password, String hosts, String privileges, String scope)
            throws Exception {
        grant(
                user,
                password,
                hosts,
                privileges,
                scope,
                Optional.of(io.grantgate.auth.AuthPlugin.MYSQL_NATIVE_PASSWORD));
    }

    /**
     * A mysql_native_password account written to the catalog without waiting for the gateway to see
     * it: for a gateway that cannot reach its catalog at the moment.
     */
    void grantWithoutWaiting(String user, String password, String hosts) throws Exception {
        write(user, password, hosts, null, null, Optional.of(io.grantgate.auth.AuthPlugin.MYSQL_NATIVE_PASSWORD));
    }

    private void grant(
            String user,
            String password,
            String hosts,
            String privileges,
            String scope,
            Optional<io.grantgate.auth.AuthPlugin> plugin)
            throws Exception {
        write(user, password, hosts, privileges, scope, plugin);
        runtime.catalog().refresh();
    }

    private void write(
            String user,
            String password,
            String hosts,
            String privileges,
            String scope,
            Optional<io.grantgate.auth.AuthPlugin> plugin)
            throws Exception {
        Set<Grant> grants = privileges == null
                ? Set.of()
                : Arrays.stream(privileges.split(","))
                        .map(p -> new Grant(Privilege.parse(p), GrantScope.parse(scope)))
                        .collect(Collectors.toSet());
        GrantRequest request = new GrantRequest(
                new UserName(user),
                Arrays.stream(hosts.split(",")).map(HostPattern::parse).toList(),
                grants,
                Optional.ofNullable(password).map(Secret::new),
                false,
                plugin,
                OptionalInt.empty(),
                Optional.empty(),
                false,
                io.grantgate.provision.Lifetime.PERMANENT);
        GrantPlanner planner = new GrantPlanner(target);
        runner().run(
                        reader -> planner.plan(
                                request, reader.find(request.user()), reader.nextAccountId(), reader.now()),
                        false);
    }

    /** As 'admin user audit USER --level LEVEL' does, and waits until the gateway has the new catalog. */
    void setAuditLevel(String user, String level) throws Exception {
        try (Connection c = catalog.getConnection();
                java.sql.PreparedStatement update =
                        c.prepareStatement("UPDATE account SET audit_level = ? WHERE user_name = ?");
                Statement bump = c.createStatement()) {
            update.setString(1, level);
            update.setString(2, user);
            update.executeUpdate();
            bump.executeUpdate("UPDATE catalog_version SET version = version + 1 WHERE id = 1");
        }
        runtime.catalog().refresh();
    }

    /** As 'admin user password USER --expire' does, and waits until the gateway has the new catalog. */
    void expirePassword(String user) throws Exception {
        UserName name = new UserName(user);
        io.grantgate.provision.UserPlanner planner = new io.grantgate.provision.UserPlanner(target);
        runner().run(
                        reader -> planner.password(
                                name, reader.find(name), Optional.empty(), false, Optional.empty(), true),
                        false);
        runtime.catalog().refresh();
    }

    void revokeHost(String user, String host) throws Exception {
        RevokeRequest request =
                new RevokeRequest(new UserName(user), List.of(HostPattern.parse(host)), Set.of(), false);
        RevokePlanner planner = new RevokePlanner(target);
        runner().run(reader -> planner.plan(request, reader.find(request.user())), false);
    }

    private ChangeRunner runner() {
        return new ChangeRunner(catalog, backendAdmin, "test");
    }

    /** The certificate the gateway presents to TLS clients (PEM). */
    public Path tlsCertificate() {
        return dataDirectory.resolve("tls").resolve("server-cert.pem");
    }

    String url(String database, String options) {
        String tracking =
                connectorJTracksSessionState && !options.contains("trackSessionState") ? "&trackSessionState=true" : "";
        return "jdbc:mysql://127.0.0.1:" + runtime.port() + "/" + database
                + "?sslMode=DISABLED&allowPublicKeyRetrieval=true" + tracking
                + (options.isEmpty() ? "" : "&" + options);
    }

    /** From now on {@link #url} asks Connector/J for CLIENT_SESSION_TRACK unless its options say otherwise. */
    void connectorJTracksSessionState() {
        connectorJTracksSessionState = true;
    }

    /**
     * Waits up to 5 s for every backend connection to be given back (a session resets and returns
     * its connection just after the client has gone), then asserts none is left borrowed.
     */
    /** Sessions end a moment after their client's COM_QUIT or close: waits up to 10 s for the count. */
    void awaitSessions(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (runtime.sessions() != expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        org.assertj.core.api.Assertions.assertThat(runtime.sessions())
                .as("sessions")
                .isEqualTo(expected);
    }

    void awaitNoBorrowedBackendConnection() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (runtime.backendPool().active() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        org.assertj.core.api.Assertions.assertThat(runtime.backendPool().active())
                .as("no backend connection left borrowed")
                .isZero();
    }

    @Override
    public void close() {
        runtime.close();
        gatewayCatalog.ifPresent(HikariDataSource::close);
        catalogLink.ifPresent(link -> {
            try {
                link.close();
            } catch (java.io.IOException ignored) {
                // a test's proxy: nothing to do about it
            }
        });
        catalog.close();
        backendAdmin.close();
        // it holds the gateway's TLS private key: nothing of it stays in the temp directory
        TestBackend.deleteRecursively(dataDirectory);
        otherDataDirectories.forEach(TestBackend::deleteRecursively);
    }
}
