package io.grantgate.ops;

import io.grantgate.account.MasterKey;
import io.grantgate.backend.BackendCredentials;
import io.grantgate.catalog.CatalogSettings;
import io.grantgate.config.AdminProperties;
import io.grantgate.config.CatalogOptions;
import io.grantgate.config.EnvironmentFactory;
import io.grantgate.config.JdbcUrl;
import io.grantgate.config.VersionProvider;
import io.grantgate.ops.config.BackendAddresses;
import io.grantgate.ops.config.GatewayConfig;
import io.grantgate.ops.config.Settings;
import io.grantgate.ops.embedded.EmbeddedDatabase;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bin/grantgate}: starts a gateway instance.
 *
 * <p>It starts the embedded database when asked, migrates the catalog, starts the gateway listener
 * and the ops endpoint, reports that it is ready, and runs until Ctrl-C (SIGINT) or SIGTERM, then
 * stops the listener, the pools and the database, in that order.
 */
@Command(
        name = "grantgate",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "GrantGate: a MySQL-protocol gateway with user grants.",
            "",
            "With --embedded it needs nothing installed: it runs its own MariaDB",
            "(127.0.0.1 only) in the data directory, keeps the catalog there and",
            "writes admin.properties for bin/admin. Without it, the catalog is given",
            "by --catalog-url or GRANTGATE_CATALOG_URL, and the login by",
            "GRANTGATE_CATALOG_USER and GRANTGATE_CATALOG_PASSWORD or by an",
            "--admin-properties file.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  bin/grantgate --embedded",
            "  GRANTGATE_CATALOG_URL=jdbc:mysql://db:3306/grantgate \\",
            "  GRANTGATE_CATALOG_USER=gg GRANTGATE_CATALOG_PASSWORD=... bin/grantgate"
        })
public final class GrantGateCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(GrantGateCommand.class);

    @Spec
    private CommandSpec spec;

    @Option(names = "--embedded", description = "Run an embedded MariaDB as the catalog and the backend.")
    private boolean embedded;

    @Option(
            names = "--data-dir",
            defaultValue = "./grantgate-data",
            paramLabel = "DIR",
            description = "Where --embedded keeps its database and admin.properties (default: ${DEFAULT-VALUE}).")
    private Path dataDir;

    @Option(
            names = "--embedded-port",
            defaultValue = "" + EmbeddedDatabase.DEFAULT_PORT,
            paramLabel = "PORT",
            description = "Port of the embedded MariaDB, on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    private int embeddedPort;

    @Mixin
    private CatalogOptions catalog;

    @Option(
            names = "--listen",
            paramLabel = "HOST:PORT",
            description =
                    "Where clients connect (default 0.0.0.0:3307; 127.0.0.1:3307 with --embedded; env GRANTGATE_LISTEN).")
    private String listen;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description =
                    "A properties file with the gateway settings (docs/gateway.md); GRANTGATE_* variables override it.")
    private Path configFile;

    public static void main(String[] args) {
        int exitCode = new CommandLine(new GrantGateCommand(), new EnvironmentFactory(System.getenv()))
                .setExecutionExceptionHandler(GrantGateCommand::reportFailure)
                .execute(args);
        System.exit(exitCode);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (embeddedPort < 1 || embeddedPort > 65535) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--embedded-port must be 1-65535, was " + embeddedPort);
        }
        // each part registered as it starts: a failed start-up, like Ctrl-C, closes what runs, newest first
        StartedParts parts = new StartedParts();
        EmbeddedDatabase database = null;
        CatalogSettings settings;
        CatalogStartup.Result ready;
        GatewayRuntime gateway;
        try {
            if (embedded) {
                out.printf("starting the embedded MariaDB in %s (the first start installs it: 10-20 s)...%n", dataDir);
                out.flush();
                database = parts.add("the embedded MariaDB", EmbeddedDatabase.start(dataDir, embeddedPort));
                settings = database.admin().catalogSettings();
            } else {
                settings = catalog.settings();
            }
            ready = CatalogStartup.migrateAndOpen(settings);
            parts.add("the catalog pool", ready.dataSource());
            gateway = parts.add("the gateway", startGateway(settings, ready.dataSource(), database));
        } catch (Throwable e) {
            parts.closeAfter(e);
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> shutdown(parts, stopped), "grantgate-shutdown"));

        out.printf(
                "GrantGate catalog ready: schema version %s on %s (%s)%n",
                ready.migration().versionAfter(), ready.serverVersion(), redact(settings.jdbcUrl()));
        out.printf(
                "gateway listening on port %d; metrics on http://127.0.0.1:%d/metrics%n",
                gateway.port(), gateway.opsPort());
        if (embedded) {
            out.printf("admin login written to %s%n", database.dataDirectory().resolve(AdminProperties.FILE_NAME));
            out.printf(
                    "add an account:  bin/admin grant USER --host 127.0.0.1 --generate-password --privileges SELECT --on 'db.*'%n");
            out.printf("then connect:    mariadb -h 127.0.0.1 -P %d -u USER -p%n", gateway.port());
        }
        out.println("ready. Press Ctrl-C to stop.");
        out.flush();
        stopped.await();
        return 0;
    }

    /** The gateway reads the catalog through the pool start-up opened; nothing else opens one. */
    private GatewayRuntime startGateway(CatalogSettings settings, DataSource catalogPool, EmbeddedDatabase database)
            throws Exception {
        Map<String, String> file = new java.util.HashMap<>();
        if (configFile != null) {
            java.util.Properties props = new java.util.Properties();
            try (var in = java.nio.file.Files.newBufferedReader(configFile)) {
                props.load(in);
            }
            props.stringPropertyNames().forEach(k -> file.put(k, props.getProperty(k)));
        }
        if (listen != null) {
            file.put("listen", listen);
        }
        Map<String, String> environment = catalog.environment();
        Settings config = new Settings(file, listen != null ? withoutListen(environment) : environment);
        GatewayConfig gatewayConfig = GatewayConfig.from(config, dataDir, embedded ? "127.0.0.1:3307" : "0.0.0.0:3307");
        BackendAddresses backend =
                BackendAddresses.from(config, JdbcUrl.parse(settings.jdbcUrl()).firstHostPort());
        MasterKey masterKey = MasterKey.resolve(
                environment,
                database != null
                        ? database.dataDirectory().resolve(EmbeddedDatabase.MASTER_KEY_FILE)
                        : catalog.masterKeyFile());
        return GatewayRuntime.start(
                gatewayConfig,
                catalogPool,
                backend.endpoints(gatewayConfig.backendTls()),
                backend.health(),
                new BackendCredentials(settings.user(), settings.password()),
                masterKey);
    }

    /** {@code --listen} on the command line wins over GRANTGATE_LISTEN. */
    private static Map<String, String> withoutListen(Map<String, String> environment) {
        Map<String, String> copy = new java.util.HashMap<>(environment);
        copy.remove("GRANTGATE_LISTEN");
        return copy;
    }

    /** The gateway, then the catalog pool, then the database. */
    private static void shutdown(StartedParts parts, CountDownLatch stopped) {
        log.info("shutting down");
        parts.close();
        stopped.countDown();
        log.info("stopped");
    }

    /** A failure the operator can act on: one line saying what went wrong, the stack trace at DEBUG. */
    private static int reportFailure(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        commandLine.getErr().println("grantgate: " + e.getMessage());
        log.debug("start-up failed", e);
        return 1;
    }

    /** The URL without any query string, which may carry a password. */
    static String redact(String jdbcUrl) {
        int query = jdbcUrl.indexOf('?');
        return query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
    }
}
