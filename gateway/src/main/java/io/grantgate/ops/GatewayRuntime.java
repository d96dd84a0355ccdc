package io.grantgate.ops;

import io.grantgate.auth.FastAuthCache;
import io.grantgate.auth.LoginGuard;
import io.grantgate.auth.RsaKeyPair;
import io.grantgate.backend.BackendConnectOptions;
import io.grantgate.backend.BackendConnection;
import io.grantgate.backend.BackendCredentials;
import io.grantgate.backend.BackendEndpoint;
import io.grantgate.catalog.CatalogWatcher;
import io.grantgate.edge.ConnectionLimits;
import io.grantgate.backend.BackendPool;
import io.grantgate.backend.BackendPoolConfig;
import io.grantgate.edge.BackendPasswords;
import io.grantgate.edge.DirectBackendConnector;
import io.grantgate.edge.PooledBackendConnector;
import java.time.Duration;
import io.grantgate.edge.GatewayCapabilities;
import io.grantgate.edge.GatewayContext;
import io.grantgate.edge.GatewayServer;
import io.grantgate.edge.SessionRegistry;
import io.grantgate.ops.config.GatewayConfig;
import io.grantgate.protocol.constant.Capabilities;
import io.grantgate.provision.MasterKey;
import io.grantgate.tls.TlsContext;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A serving gateway, assembled: catalog watcher, TLS, RSA key, backend connector, listener, and the
 * ops endpoint. Closing it stops them in reverse order.
 */
public final class GatewayRuntime implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GatewayRuntime.class);

    private final CatalogWatcher watcher;
    private final GatewayServer server;
    private final OpsEndpoint ops;
    private BackendPool pool;
    private final String backendVersion;
    private volatile boolean ready;

    private GatewayRuntime(CatalogWatcher watcher, GatewayServer server, OpsEndpoint ops, String backendVersion) {
        this.watcher = watcher;
        this.server = server;
        this.ops = ops;
        this.backendVersion = backendVersion;
    }

    /**
     * @param backendLogin any login the backend accepts (the catalog's, by default): used once, to
     *     learn its version and capabilities, which the gateway then offers as its own
     */
    public static GatewayRuntime start(GatewayConfig config, DataSource catalog, BackendEndpoint backend,
            BackendCredentials backendLogin, MasterKey masterKey) throws IOException, SQLException {
        String version;
        Capabilities backendCapabilities;
        try (BackendConnection probe = BackendConnection.open(backend, backendLogin, BackendConnectOptions.defaults())) {
            version = probe.rawServerVersion();
            backendCapabilities = probe.serverCapabilities();
        }
        CatalogWatcher watcher = CatalogWatcher.start(catalog, config.pollInterval());
        SessionRegistry sessions = new SessionRegistry();
        watcher.onChange(sessions);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ConnectionLimits limits = new ConnectionLimits(config.maxConnections());
        Gauge.builder("grantgate_connections", limits, ConnectionLimits::connections).register(registry);
        Gauge.builder("grantgate_catalog_version", watcher, w -> w.snapshot().version()).register(registry);
        DirectBackendConnector killer = new DirectBackendConnector(backend, masterKey, BackendConnectOptions.defaults());
        BackendPool pool = new BackendPool(backend, BackendConnectOptions.defaults(), BackendPasswords.from(watcher, masterKey),
                new BackendPoolConfig(config.maxConnections(), config.maxConnections(), 8, Duration.ofMinutes(10),
                        Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(30)));
        PooledBackendConnector connector = new PooledBackendConnector(pool);
        Gauge.builder("grantgate_backend_connections_active", pool, p -> p.stats().active()).register(registry);
        Gauge.builder("grantgate_backend_connections_idle", pool, p -> p.stats().idle()).register(registry);
        GatewayContext context = new GatewayContext(watcher, connector, TlsContext.load(config.tls()), RsaKeyPair.generate(),
                new FastAuthCache(), new LoginGuard(config.loginLimits(), Clock.systemUTC()), limits, sessions, version,
                GatewayCapabilities.offered(backendCapabilities), 45, config.requireSecureTransport(), config.handshakeTimeout(),
                (int) config.maxPacketSize(), killer, new MeteredSessionEvents(registry));
        GatewayServer server = GatewayServer.start(config.listen(), context);
        GatewayRuntime[] holder = new GatewayRuntime[1];
        OpsEndpoint ops = OpsEndpoint.start(config.opsListen(), registry, () -> holder[0] != null && holder[0].ready);
        GatewayRuntime runtime = new GatewayRuntime(watcher, server, ops, version);
        runtime.pool = pool;
        holder[0] = runtime;
        runtime.ready = true;
        log.info("gateway listening on {} (port {}), backend {} {}, catalog version {}, metrics on port {}",
                config.listen(), server.port(), backend, version, watcher.snapshot().version(), ops.port());
        return runtime;
    }

    public int port() {
        return server.port();
    }

    public int opsPort() {
        return ops.port();
    }

    public String backendVersion() {
        return backendVersion;
    }

    @Override
    public void close() {
        ready = false;
        server.close();
        pool.close();
        watcher.close();
        ops.close();
    }
}
