package io.grantgate.ops;

import io.grantgate.account.BackendPasswords;
import io.grantgate.account.MasterKey;
import io.grantgate.auth.FastAuthCache;
import io.grantgate.auth.LoginGuard;
import io.grantgate.auth.RsaKeyPair;
import io.grantgate.backend.BackendConnectOptions;
import io.grantgate.backend.BackendConnection;
import io.grantgate.backend.BackendCredentials;
import io.grantgate.backend.BackendEndpoint;
import io.grantgate.backend.BackendException;
import io.grantgate.backend.BackendHealthMonitor;
import io.grantgate.backend.BackendNodes;
import io.grantgate.backend.BackendPool;
import io.grantgate.backend.BackendPoolConfig;
import io.grantgate.backend.BackendPoolStats;
import io.grantgate.backend.HealthCheckTimings;
import io.grantgate.catalog.CatalogWatcher;
import io.grantgate.command.PinReason;
import io.grantgate.edge.BackendConnectionKiller;
import io.grantgate.edge.ConnectionLimits;
import io.grantgate.edge.GatewayCapabilities;
import io.grantgate.edge.GatewayContext;
import io.grantgate.edge.GatewayServer;
import io.grantgate.edge.ListenAddress;
import io.grantgate.edge.MultiplexStats;
import io.grantgate.edge.Multiplexing;
import io.grantgate.edge.PooledBackendConnector;
import io.grantgate.edge.SessionRegistry;
import io.grantgate.ops.config.GatewayConfig;
import io.grantgate.protocol.constant.Capabilities;
import io.grantgate.tls.TlsContext;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A serving gateway, assembled: ops endpoint, catalog watcher, TLS, RSA key, backend pool (with the
 * health checks of its nodes when there are several), and the listener. Each part is registered in {@link StartedParts} as it starts; closing the runtime, or a
 * start-up step that fails, closes what has started in reverse order.
 */
public final class GatewayRuntime implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GatewayRuntime.class);
    /**
     * Idle backend connections kept per pool key without multiplexing: returned by sessions that
     * ended, ready for the next logins; more are closed on return.
     */
    private static final int IDLE_CONNECTIONS_KEPT = 8;

    private final StartedParts parts;
    private final CatalogWatcher watcher;
    private final BackendPool pool;
    private final BackendNodes nodes;
    private final PooledBackendConnector connector;
    private final ConnectionLimits limits;
    private final SessionRegistry sessions;
    private final GatewayServer server;
    private final OpsEndpoint ops;

    private GatewayRuntime(
            StartedParts parts,
            CatalogWatcher watcher,
            BackendPool pool,
            BackendNodes nodes,
            PooledBackendConnector connector,
            ConnectionLimits limits,
            SessionRegistry sessions,
            GatewayServer server,
            OpsEndpoint ops) {
        this.parts = parts;
        this.watcher = watcher;
        this.pool = pool;
        this.nodes = nodes;
        this.connector = connector;
        this.limits = limits;
        this.sessions = sessions;
        this.server = server;
        this.ops = ops;
    }

    /**
     * A gateway on one backend server ({@code backend.address}): no health checks, every session goes there.
     *
     * @param backendLogin any login the backend accepts (the catalog's, by default): used once, to
     *     learn its version and capabilities, which the gateway then offers as its own
     * @throws IOException or SQLException from the step that failed; whatever had started is closed by then
     */
    public static GatewayRuntime start(
            GatewayConfig config,
            DataSource catalog,
            BackendEndpoint backend,
            BackendCredentials backendLogin,
            MasterKey masterKey)
            throws IOException, SQLException {
        return start(config, catalog, List.of(backend), HealthCheckTimings.DEFAULTS, backendLogin, masterKey);
    }

    /**
     * @param backends the backend nodes in order of preference ({@code backend.addresses}); with more
     *     than one, each is checked every {@code health} interval and new sessions go to the first in
     *     service (see {@link BackendNodes})
     * @param backendLogin any login the backend accepts (the catalog's, by default): used to learn the
     *     backend's version and capabilities, which the gateway then offers as its own, and for the
     *     nodes' health checks
     * @throws IOException or SQLException from the step that failed; whatever had started is closed by then
     */
    public static GatewayRuntime start(
            GatewayConfig config,
            DataSource catalog,
            List<BackendEndpoint> backends,
            HealthCheckTimings health,
            BackendCredentials backendLogin,
            MasterKey masterKey)
            throws IOException, SQLException {
        StartedParts parts = new StartedParts();
        try {
            return startParts(parts, config, catalog, new BackendNodes(backends), health, backendLogin, masterKey);
        } catch (Throwable e) {
            parts.closeAfter(e);
            throw e;
        }
    }

    private static GatewayRuntime startParts(
            StartedParts parts,
            GatewayConfig config,
            DataSource catalog,
            BackendNodes nodes,
            HealthCheckTimings health,
            BackendCredentials backendLogin,
            MasterKey masterKey)
            throws IOException, SQLException {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        AtomicBoolean ready = new AtomicBoolean();
        // first, and so closed last: /health/live answers while the gateway starts, /health/ready says 503 until it
        // serves and again while it stops
        OpsEndpoint ops = parts.add(
                "the ops endpoint",
                listening(
                        "ops.listen",
                        config.opsListen(),
                        () -> OpsEndpoint.start(config.opsListen(), registry, ready::get)));
        String version;
        Capabilities backendCapabilities;
        int characterSet;
        try (BackendConnection probe = firstAnswering(nodes, backendLogin)) {
            version = probe.rawServerVersion();
            backendCapabilities = probe.serverCapabilities();
            // drivers that follow the greeting's collation (Connector/J, libmariadb) then pick the
            // one they would pick talking to the backend directly
            characterSet = probe.serverCharacterSet();
        }
        // before the listener, so closed after it: the sessions' last events are recorded
        AuditRuntime audit = parts.add(
                "the audit trail",
                AuditRuntime.start(config.audit(), config.instanceId(), catalog, masterKey, registry));
        CatalogWatcher watcher = parts.add("the catalog watcher", CatalogWatcher.start(catalog, config.pollInterval()));
        SessionRegistry sessions = parts.add(
                "the session registry and its KILL pool", new SessionRegistry(new BackendConnectionKiller(masterKey)));
        watcher.onChange(sessions);
        ConnectionLimits limits = new ConnectionLimits(config.maxConnections());
        // without multiplexing every session holds its backend connection: by default the pool allows as
        // many as there may be sessions (backend.max-connections)
        // With multiplexing, sessions park their connections between statements: an idle connection is
        // the norm, not a surplus, and closing those beyond a few would make the next borrows log in
        // new ones (thousands of paced sessions then spend their time in backend logins and time out).
        int idlePerKey = config.multiplexing() == Multiplexing.TRANSACTION
                ? config.backendMaxConnections()
                : IDLE_CONNECTIONS_KEPT;
        BackendPool pool = parts.add(
                "the backend pool",
                new BackendPool(
                        BackendConnectOptions.defaults(),
                        BackendPasswords.from(watcher, masterKey),
                        new BackendPoolConfig(
                                config.backendMaxConnections(),
                                config.backendMaxConnections(),
                                idlePerKey,
                                Duration.ofMinutes(10),
                                Duration.ofSeconds(30),
                                Duration.ofSeconds(5),
                                BackendPoolConfig.PING_WHEN_IDLE_OVER,
                                BackendPoolConfig.RELOGIN_AFTER)));
        if (nodes.all().size() > 1) {
            // after the pool, so stopped before it
            parts.add(
                    "the backend health checks",
                    BackendHealthMonitor.start(nodes, backendLogin, health, (node, why) -> {
                        int aborted = pool.abandon(node);
                        log.warn("backend node {} is out: {} sessions on it end (backend_lost)", node, aborted);
                    }));
        }
        for (BackendEndpoint node : nodes.all()) {
            Gauge.builder(
                            "grantgate_backend_node_up",
                            nodes,
                            n -> n.health(node).up() ? 1 : 0)
                    .description("1 while the backend node is in service (backend.addresses), 0 while it is out")
                    .tag("node", node.host() + ":" + node.port())
                    .register(registry);
        }
        Gauge.builder("grantgate_connections", limits, ConnectionLimits::connections)
                .register(registry);
        Gauge.builder("grantgate_catalog_version", watcher, w -> w.snapshot().version())
                .register(registry);
        Gauge.builder(
                        "grantgate_backend_connections_active",
                        pool,
                        p -> p.stats().active())
                .register(registry);
        Gauge.builder("grantgate_backend_connections_idle", pool, p -> p.stats().idle())
                .register(registry);
        Gauge.builder("grantgate_backend_connections_open", pool, BackendPool::openConnections)
                .description("backend connections open or being opened, over all accounts (backend.max-connections)")
                .register(registry);
        PooledBackendConnector connector = new PooledBackendConnector(pool, nodes, config.multiplexing());
        registerMultiplexMetrics(registry, connector.multiplexStats());
        FunctionCounter.builder(
                        "grantgate_backend_resets_total",
                        connector,
                        c -> c.resetCounts().relogins())
                .description("returned backend connections reset, by how")
                .tag("kind", "login")
                .register(registry);
        FunctionCounter.builder(
                        "grantgate_backend_resets_total",
                        connector,
                        c -> c.resetCounts().resets())
                .description("returned backend connections reset, by how")
                .tag("kind", "reset_connection")
                .register(registry);
        GatewayContext context = new GatewayContext(
                watcher,
                connector,
                TlsContext.load(config.tls()),
                RsaKeyPair.generate(),
                new FastAuthCache(),
                new LoginGuard(config.loginLimits(), Clock.systemUTC()),
                limits,
                sessions,
                version,
                GatewayCapabilities.offered(backendCapabilities),
                characterSet,
                config.requireSecureTransport(),
                config.handshakeTimeout(),
                (int) config.maxPacketSize(),
                new MeteredSessionEvents(registry),
                audit.policy(),
                config.trustedProxies(),
                new CatalogPasswordStore(catalog));
        GatewayServer server = parts.add(
                "the listener, its sessions and relay loops",
                listening(
                        "listen",
                        config.listen(),
                        () -> GatewayServer.start(config.listen(), context, config.sessionThreads())));
        FunctionCounter.builder(
                        "grantgate_relay_loop_moves_total",
                        server,
                        s -> s.relayStats().moves())
                .description("sessions moved onto a relay loop, again after each command handed back")
                .register(registry);
        FunctionCounter.builder(
                        "grantgate_relay_loop_handbacks_total",
                        server,
                        s -> s.relayStats().handbacks())
                .description("commands a relay loop handed back to the session's thread")
                .register(registry);
        // after the listener, so closed before it: a stopping gateway leaves admin status first
        parts.add(
                "the instance registry",
                InstanceRegistry.start(
                        catalog,
                        new InstanceRegistry.Identity(
                                config.instanceId(),
                                advertised(config.listen(), server.port()),
                                advertised(config.opsListen(), ops.port()),
                                softwareVersion(),
                                config.pollInterval()),
                        watcher,
                        sessions));
        ready.set(true);
        parts.add("readiness", () -> ready.set(false));
        log.info(
                "gateway listening on {} (port {}), backend {} {}, catalog version {}, metrics on port {}{}",
                config.listen(),
                server.port(),
                nodes.all().size() == 1 ? nodes.all().getFirst() : nodes.all(),
                version,
                watcher.snapshot().version(),
                ops.port(),
                config.trustedProxies().any()
                        ? ", PROXY protocol headers required from " + config.trustedProxies()
                        : "");
        return new GatewayRuntime(parts, watcher, pool, nodes, connector, limits, sessions, server, ops);
    }

    /** The probe login, on the first node (in the configured order) that lets it in; else the first node's failure. */
    private static BackendConnection firstAnswering(BackendNodes nodes, BackendCredentials login)
            throws BackendException {
        BackendException first = null;
        for (BackendEndpoint node : nodes.all()) {
            try {
                return BackendConnection.open(node, login, BackendConnectOptions.defaults());
            } catch (BackendException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        throw first;
    }

    /** A start-up step that binds a port. */
    @FunctionalInterface
    private interface Listening<T> {
        T start() throws IOException;
    }

    /** "Address already in use" alone does not say which port: the error names the address and its setting. */
    private static <T> T listening(String setting, ListenAddress address, Listening<T> start) throws IOException {
        try {
            return start.start();
        } catch (BindException e) {
            BindException named =
                    new BindException("cannot listen on " + address + " (" + setting + "): " + e.getMessage());
            named.initCause(e);
            throw named;
        }
    }

    /** The address an operator reaches a listener at: a wildcard host is replaced by this host's name. */
    private static String advertised(ListenAddress listen, int port) {
        String host = listen.host();
        if (host.equals("0.0.0.0") || host.equals("::")) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                log.debug("no host name for the instance row: {}", e.toString());
            }
        }
        return new ListenAddress(host, port).toString();
    }

    /** The jar's version, as {@code bin/grantgate --version} prints it. */
    private static String softwareVersion() {
        String version = GatewayRuntime.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }

    public int port() {
        return server.port();
    }

    public int opsPort() {
        return ops.port();
    }

    public CatalogWatcher catalog() {
        return watcher;
    }

    /** The backend nodes and their health. */
    public BackendNodes backendNodes() {
        return nodes;
    }

    public BackendPoolStats backendPool() {
        return pool.stats();
    }

    public io.grantgate.edge.RelayLoops.Stats relayStats() {
        return server.relayStats();
    }

    /** How the sessions' backend connections were reset when they ended. */
    public PooledBackendConnector.ResetCounts backendResets() {
        return connector.resetCounts();
    }

    /** How sessions shared backend connections ({@code sessions.multiplexing}). */
    public MultiplexStats multiplexStats() {
        return connector.multiplexStats();
    }

    /** Client connections open now. */
    public int connections() {
        return limits.connections();
    }

    /** Authenticated sessions open now. */
    public int sessions() {
        return sessions.size();
    }

    /** Stops serving: readiness first, then the listener and its sessions, the pool, the watcher, the ops endpoint. */
    @Override
    public void close() {
        parts.close();
    }

    /** Sharing of backend connections between sessions ({@code sessions.multiplexing}). */
    private static void registerMultiplexMetrics(MeterRegistry registry, MultiplexStats stats) {
        FunctionCounter.builder("grantgate_multiplex_borrows_total", stats, MultiplexStats::borrows)
                .description("backend connections borrowed for a command of a multiplexed session")
                .register(registry);
        FunctionCounter.builder("grantgate_multiplex_returns_total", stats, MultiplexStats::returns)
                .description("backend connections a multiplexed session gave back, unreset, between commands")
                .register(registry);
        FunctionCounter.builder("grantgate_multiplex_unpins_total", stats, MultiplexStats::unpins)
                .description(
                        "multiplexed sessions unpinned: pinned by their transaction alone, once it was over, or reset by a refused change of user")
                .register(registry);
        Gauge.builder("grantgate_multiplex_sessions", stats, MultiplexStats::sessions)
                .description("open multiplexed sessions, holding a backend connection or not")
                .register(registry);
        for (PinReason reason : PinReason.values()) {
            FunctionCounter.builder("grantgate_multiplex_pins_total", stats, s -> s.pins(reason))
                    .description(
                            "multiplexed sessions pinned to their backend connection, by the first reason of each pin")
                    .tag("reason", reason.tag())
                    .register(registry);
        }
    }
}
